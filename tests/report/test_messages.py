"""The catalogue of problem messages: every code the program reports renders, in English and in
Swedish, with the arguments its producer gives (collected from a corpus of broken roots, the
hostile corpus and more, not written by hand), and no problem carries words of ours."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from conftest import AGREEMENT, write_tree
from medborgarlofte.core.model import Entry
from medborgarlofte.core.problems import Problem, problem
from medborgarlofte.files import entry as new_entry
from medborgarlofte.files import write as store
from medborgarlofte.files.discover import cannot_read
from medborgarlofte.files.root import RootNotFound, find_root
from medborgarlofte.report import i18n, messages
from medborgarlofte.report.messages import MESSAGES, PLURALS, english, message
from medborgarlofte.speed import load
from test_hostile import CORPUS, PNR, make_root

TWO = AGREEMENT.replace(
    "    responsible: [polisen, kommunen]\n",
    "    responsible: [polisen, kommunen]\n"
    "  - id: dubbel\n    title: Dubbel\n    area: droger\n    responsible: [polisen]\n"
    "  - id: ny-insats\n    title: Ny insats\n    area: droger\n    responsible: [polisen]\n"
    "    start: 2021-04-01\n    end: 2021-09-30\n",
)
OVERLAP = """\
title: Överlapp
period: {start: 2021-06-01, end: 2021-12-31}
parties: {polisen: Polisen}
focus_areas: {droger: Droger}
commitments:
  - {id: dubbel, title: Dubbel, area: droger, responsible: [polisen]}
"""


def broken(old: str, new: str, period: str = "2031") -> str:
    """An agreement of its own years (no entry of 2021 meets it), with one flaw."""
    text = AGREEMENT.replace("2021-01-01", f"{period}-01-01").replace(
        "2021-12-31", f"{period}-12-31"
    )
    assert old in text, old
    return text.replace(old, new, 1)


def log(**fields: str) -> str:
    base = {"date": "2021-03-14", "commitment": "hundsok-skola", "by": "polisen"}
    return "".join(f"{k}: {v}\n" for k, v in {**base, **fields}.items() if v != "-")


# One root holding a flaw of every kind the files and rules can have (hostile corpus aside).
FLAWS: dict[str, str | bytes] = {
    "agreements/testby.yaml": TWO,
    "agreements/overlap.yaml": OVERLAP,
    "agreements/b.yml": "x: 1\n",
    "agreements/sub/x.yaml": "x: 1\n",
    "agreements/list.yaml": "- a\n",
    "agreements/other-id.yaml": broken("title:", "id: annat\ntitle:", "2032"),
    "agreements/Fel Namn.yaml": broken("title:", "title:", "2033"),
    "agreements/zz-taken.yaml": broken("title:", "id: testby\ntitle:", "2034"),
    "agreements/dup.yaml": broken("  - id: pss-samverkan", "  - id: hundsok-skola", "2035"),
    "agreements/reversed.yaml": broken("end: 2036-12-31", "end: 2035-12-31", "2036"),
    "agreements/area.yaml": broken("    area: droger\n    responsible: [polisen]\n",
                                   "    area: drogr\n    responsible: [polise]\n", "2037"),
    "agreements/dates.yaml": broken("    minimum: 2\n", "    minimum: 2\n    start: 2037-05-01\n"
                                    "    end: 2039-01-01\n", "2038"),
    "agreements/order.yaml": broken("    minimum: 2\n", "    minimum: 2\n    start: 2039-06-01\n"
                                    "    end: 2039-05-01\n", "2039"),
    "agreements/minimun.yaml": broken("    minimum: 2", "    minimun: 2", "2040"),
    "agreements/per.yaml": broken("    minimum: 2", "    minimum: 2\n    per: yearly", "2041"),
    "agreements/noparties.yaml": broken(
        "parties:\n  kommunen: Testby kommun\n  polisen: Lokalpolisområde Testby\n",
        "parties: {}\n", "2042"),
    "agreements/listparties.yaml": broken(
        "parties:\n  kommunen: Testby kommun\n  polisen: Lokalpolisområde Testby\n",
        "parties: [kommunen]\n", "2043"),
    "agreements/nolist.yaml": broken("commitments:\n", "commitments: x\nx_commitments:\n", "2044"),
    "agreements/title.yaml": broken("title: Medborgarlöfte Testby 2021", 'title: "a\\tb"'),
    "agreements/blank.yaml": broken("title: Medborgarlöfte Testby 2021", 'title: " "'),
    "agreements/lines.yaml": broken("title: Medborgarlöfte Testby 2021", 'title: "a\\nb"'),
    "agreements/badkey.yaml": broken("  kommunen: Testby", "  Kommunen X: Testby"),
    "agreements/idlong.yaml": broken("  - id: pss-samverkan", "  - id: " + "a" * 70),
    "logs/2021/.mlofte-x.tmp": "x",
    "logs/2021/.hidden.yaml": log(),
    "logs/2021/notes.txt": "",
    "logs/2021/x.yml": log(),
    "logs/2021/utf16.yaml": b"\xff\xfed\x00",
    "logs/2021/ansi.yaml": log(note="S-").encode() .replace(b"S-", b"S\xf6k"),
    "logs/2021/bytes.yaml": log(note="S-").encode().replace(b"S-", b"\x81"),
    f"logs/2021/{PNR}.yaml": log(),
    "logs/2021/pnr.yaml": log(note=PNR),
    "logs/2021/control.yaml": log(note="a\x01b"),
    "logs/2021/count-yes.yaml": log(count="yes"),
    "logs/2021/count-zero.yaml": log(count="0"),
    "logs/2021/count-huge.yaml": log(count="10001"),
    "logs/2021/by-och.yaml": log(by="kommunen och polisen"),
    "logs/2021/deep.yaml": "note: " + "[" * 70 + "]" * 70 + "\n",
    "logs/2021/empty.yaml": "",
    "logs/2021/null.yaml": "~\n",
    "logs/2021/tags.yaml": "".join(f"- !x a{i}\n" for i in range(150)),
    "logs/2021/aliases.yaml": "a: &x 1\nb: [" + ", ".join(["*x"] * 25) + "]\n",
    "logs/2021/two.yaml": log() + "---\n" + log(),
    "logs/2021/tab.yaml": "date: 2021-03-14\n\tcommitment: x\n",
    "logs/2021/colon.yaml": "note: a: b\n",
    "logs/2021/flow.yaml": "by: [polisen\n",
    "logs/2021/tag.yaml": log(note="!!binary aGVsbG8="),
    "logs/2021/keylist.yaml": "? [a]\n: 1\n",
    "logs/2021/merge.yaml": "<<: {a: 1}\n",
    "logs/2021/dupkey.yaml": log() + "date: 2021-03-15\n",
    "logs/2021/on.yaml": log(by="ON"),
    "logs/2021/base60.yaml": log(count="1:30"),
    "logs/2021/octal.yaml": log(count="010"),
    "logs/2021/digits.yaml": log(count="1" * 120),
    "logs/2021/hex.yaml": log(count="0x1A"),
    "logs/2021/date.yaml": log(date="2021-13-01"),
    "logs/2021/time.yaml": log(date="2021-03-14 25:00:00"),
    "logs/2021/cut.yaml": log(note="Vandring #2 i centrum"),
    "logs/2021/scalar.yaml": "42\n",
    "logs/2021/items.yaml": "- 1\n",
    "logs/2021/nodate.yaml": log(date="-"),
    "logs/2021/typo.yaml": log(dat="2021-03-14"),
    "logs/2021/zzz.yaml": log(zzz="1"),
    "logs/2021/count.yaml": log(count="abc"),
    "logs/2021/quoted.yaml": log(count="'3'"),
    "logs/2021/text.yaml": log(commitment="5"),
    "logs/2021/when.yaml": log(date="hello"),
    "logs/2021/datetime.yaml": log(date="2021-03-14 10:00:00"),
    "logs/2021/zero.yaml": log(count="0"),
    "logs/2021/many.yaml": log(count="1000000000"),
    "logs/2021/source.yaml": log(source="x" * 2100),
    "logs/2021/slug.yaml": log(commitment="Hund Sök"),
    "logs/2021/agreement.yaml": log(agreement="testbyy"),
    "logs/2021/commitment.yaml": log(commitment="hundsok-skol"),
    "logs/2021/not-in.yaml": log(agreement="testby", commitment="pss-samverkn"),
    "logs/2021/outside.yaml": log(date="2019-01-01"),
    "logs/2021/ambiguous.yaml": log(date="2021-07-01", commitment="dubbel"),
    "logs/2021/party.yaml": log(by="polisn"),
    "logs/2021/same-1.yaml": log(date="2021-02-02"),
    "logs/2021/same-2.yaml": log(date="2021-02-02"),
    "logs/2021/early.yaml": log(date="2021-03-01", commitment="ny-insats"),
    "logs/2021/late.yaml": log(date="2021-10-01", commitment="ny-insats"),
    "followups/x.yml": "period: 2021\n",
    "followups/list.yaml": "- x\n",
    "followups/unknown.yaml": "period: 2021\nagreement: testbyy\n",
    "followups/uncovered.yaml": "period: 2019\nagreement: testby\n",
    "followups/none.yaml": "period: 2019\n",
    "followups/several.yaml": "period: 2021\n",
    "followups/commitment.yaml": "period: 2021-T1\nagreement: testby\ncommitments:\n"
    "  hundsok-skol: {comment: x}\n",
    "followups/targeted.yaml": "period: 2021-T2\nagreement: testby\ncommitments:\n"
    "  hundsok-skola: {assessment: met}\n",
    "followups/assessment.yaml": "period: 2021-T3\nagreement: testby\ncommitments:\n"
    "  pss-samverkan: {assessment: good}\n",
    "followups/first.yaml": "period: 2021-H1\nagreement: testby\n",
    "followups/second.yaml": "period: 2021-H1\nagreement: testby\n",
    "followups/form.yaml": "period: 2021-X1\n",
}  # fmt: skip

NOT_FROM_FILES: dict[str, Mapping[str, str | int]] = {
    # what a file cannot be made to say in a test: the OS's refusals (tests run as root,
    # which reads everything), libyaml's rarest errors, and `mlofte init`'s read-back
    "cannot-read-folder": {"reason": "Permission denied", "errno": "EACCES"},
    "unreadable-character": {"detail": "special characters are not allowed"},
    "invalid-yaml": {"detail": "unacceptable character #x0000"},
    "not-a-number": {"value": "'1e'"},
    "reads-back-wrong": {},
    "invalid-value": {"name": "count", "detail": "Input should be a valid integer"},
    # `mlofte log`'s write: never expected (every value is quoted when YAML would retype it),
    # and 9999 entries of one commitment on one day
    "store-unusual-note": {},
    "store-reads-back-wrong": {},
    "store-invalid-read-back": {"detail": "1 validation error for Entry"},
    "store-names-taken": {"limit": 9999, "commitment": "hundsok-skola", "date": "2021-03-14"},
}
"""Codes no file of the corpus produces, with arguments of the shape their producers give."""


def _collect(root: Path) -> list[Problem]:
    return load.load_checked(root, cache=False)[1]


def _corpus(tmp_path: Path) -> Iterator[Problem]:
    root = write_tree(tmp_path / "flaws", FLAWS)
    os.mkfifo(root / "logs/2021/pipe.yaml")
    (root / "logs/2021/link.yaml").symlink_to(root / "agreements/testby.yaml")
    (root / "logs/2021/big.yaml").write_bytes(b"note: " + b"x" * (1 << 20) + b"\n")
    yield from _collect(root)
    alone = write_tree(tmp_path / "alone", {"followups/2021.yaml": "period: 2021\n"})
    (alone / "elsewhere").mkdir()
    (alone / "logs").symlink_to(alone / "elsewhere", target_is_directory=True)
    yield from _collect(alone)
    for number, case in enumerate(CORPUS):
        yield from _collect(make_root(tmp_path / f"case-{number}", case.files))
    dataset = load.load_tallied(root, cache=False)[0]
    for fields in ({"note": PNR}, {"note": "a\udcff"}, {"commitment": "dubbel"}):
        changes: dict[str, str] = {"commitment": "hundsok-skola", **fields}
        yield from new_entry.build(
            dataset, date=dt.date(2021, 7, 1), commitment=changes.pop("commitment"), **changes
        )[1]
    yield cannot_read("logs/x.yaml", PermissionError(errno.EACCES, "Permission denied"))
    yield from _refusals(tmp_path)


def _refusals(tmp_path: Path) -> Iterator[Problem]:
    """What the program refuses that is no file's problem: no data root, an entry that
    cannot be written."""
    empty = tmp_path / "refusals" / "empty"
    empty.mkdir(parents=True)
    for option, cwd in ((empty, empty), (None, None), (None, empty)):
        with pytest.raises(RootNotFound) as found:
            find_root(option, {}, cwd)
        yield found.value.problem
    day = dt.date(2021, 3, 14)
    outside = write_tree(tmp_path / "refusals" / "outside", {"logs/.keep": ""})
    (outside / "logs/2021").symlink_to(tmp_path, target_is_directory=True)
    file_logs = write_tree(tmp_path / "refusals" / "file", {"logs": "not a folder"})
    entry = Entry(date=day, commitment="hundsok-skola")
    for call in (
        lambda: store.first_free(outside, day, "hundsok-skola"),
        lambda: store.first_free(empty, day, "a/b"),
        lambda: store.write_entry(file_logs, entry),
    ):
        with pytest.raises(store.StoreError) as refused:
            call()
        assert str(refused.value) == english(refused.value.problem)
        yield refused.value.problem


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    return list(_corpus(tmp_path_factory.mktemp("corpus")))


def _strict(p: Problem, swedish: bool) -> str:
    """The message, any missing argument raising (message() would fall back to the data)."""
    words = messages._Active() if swedish else messages.English()
    if p.code in PLURALS:
        counted, template_of = PLURALS[p.code]
        template = template_of(words.ngettext, int(dict(p.args)[counted]))
    else:
        template = words.gettext(MESSAGES[p.code])
    args = dict(p.args)
    return messages._Formatter(swedish).vformat(
        template, (), {**args, **messages.derived(args, words)}
    )


def test_the_corpus_produces_every_code_of_the_catalogue(produced: list[Problem]) -> None:
    codes = {p.code for p in produced}
    assert codes - set(MESSAGES) - set(PLURALS) == set()  # no code outside the catalogue
    assert set(MESSAGES) | set(PLURALS) == codes | set(NOT_FROM_FILES)
    assert not codes & set(NOT_FROM_FILES)  # listed there, yet produced: move it out


def _every(produced: list[Problem]) -> list[Problem]:
    synthetic = [problem("x.yaml", 1, 1, code, **args) for code, args in NOT_FROM_FILES.items()]
    return sorted(set(produced)) + synthetic


ENGLISH_OF_OURS = re.compile(
    r"\b(must|unknown|missing|cannot|not allowed|did you mean|should|the file|is not|known"
    r"|several|agreement|commitment '|party|entry|error|remove|rename|quotes?)\b"
)
"""English words of our messages, never in a Swedish one (YAML keys such as `agreement:`
and a user's ids aside: they are stripped before looking)."""


def test_every_problem_renders_in_english_and_swedish(
    produced: list[Problem], swedish: None
) -> None:
    for p in _every(produced):
        in_english, in_swedish = _strict(p, False), _strict(p, True)
        assert in_english == english(p)
        assert in_swedish == message(p)
        assert "{" not in in_swedish.replace("{…", "") or "{" in str(p.args)
        if p.code not in ("invalid-value", "unreadable-character", "invalid-yaml"):
            assert in_swedish != in_english, p
        words = re.sub(r"`[^`]*`|'[^']*'|\b[a-z_]+:|--[a-z-]+( [A-Z]+)?", "", in_swedish)
        for value in dict(p.args).values():
            words = words.replace(str(value), "")
        found = ENGLISH_OF_OURS.search(words)
        assert found is None, (p.code, in_swedish)


def test_english_is_english_whatever_the_language(produced: list[Problem], swedish: None) -> None:
    with_swedish = [english(p) for p in _every(produced)]
    i18n.use(i18n.Choice("en", True))
    assert with_swedish == [message(p) for p in _every(produced)]


def test_no_swedish_in_the_english_messages(produced: list[Problem]) -> None:
    for p in _every(produced):
        text = message(p)
        found = re.search(r"\b(okänd|okänt|ska vara|saknar|menade du|filen|är|inte)\b", text)
        assert found is None, (p.code, text)


def test_a_typo_reads_in_swedish(swedish: None) -> None:
    typo = problem(
        "logs/x.yaml", 2, 13, "unknown-commitment", commitment="hundsok", suggestion="hundsok-skola"
    )
    assert message(typo) == "okänt åtagande 'hundsok'; menade du 'hundsok-skola'?"
    assert english(typo) == "unknown commitment 'hundsok' (did you mean 'hundsok-skola'?)"
    date = problem("logs/x.yaml", 1, 7, "invalid-date", value="2021-13-01")
    assert message(date) == "datumet 2021-13-01 finns inte"
    missing = problem("logs/x.yaml", 1, 1, "missing-key", name="date")
    assert message(missing) == "saknar nyckeln 'date'"


def test_counts_and_large_numbers_read_as_the_language_writes_them(swedish: None) -> None:
    big = problem("x.yaml", 1, 1, "file-too-large", size=2_000_000, limit=1_048_576)
    assert (
        message(big)
        == "filen är på 2\u00a0000\u00a0000 byte; gränsen är 1\u00a0048\u00a0576 (1 MiB)"
    )
    assert english(big) == "the file is 2,000,000 bytes; the limit is 1,048,576 (1 MiB)"
    one = problem("x.yaml", 1, 1, "alias-more", more=1)
    assert message(one).endswith("(1 alias till i filen visas inte)")
    assert english(one).endswith("(1 more alias in this file not listed)")


def test_a_code_out_of_step_with_the_catalogue_still_renders() -> None:
    """Only a cache of other code could hold one; shown as its data, never a traceback."""
    assert message(problem("x.yaml", 1, 1, "no-such-code", a=1)) == "no-such-code (a=1)"
    assert message(problem("x.yaml", 1, 1, "unknown-commitment")) == "unknown-commitment"


def test_the_hint_for_the_cli_s_own_messages(swedish: None) -> None:
    """`hint` with core/ids.py's `closest`: what the CLI's did-you-mean says, in Swedish."""
    assert messages.hint("hundsok-skola") == "; menade du 'hundsok-skola'?"
    assert messages.hint("") == ""
    i18n.use(i18n.Choice("en", True))
    assert messages.hint("hundsok-skola") == " (did you mean 'hundsok-skola'?)"
