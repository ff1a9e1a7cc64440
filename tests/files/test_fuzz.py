"""Property test: whatever bytes a file holds, reading it gives data or problems, never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medborgarlofte.files import read
from medborgarlofte.files import yaml_source as source
from medborgarlofte.report.messages import MESSAGES, PLURALS, message

AGREEMENT = b"""\
title: Medborgarl\xc3\xb6fte Testby 2021
period: {start: 2021-01-01, end: 2021-12-31}
parties:
  kommunen: Testby kommun
  polisen: Polisen
focus_areas:
  droger: Droger
commitments:
  - id: hundsok-skola
    title: "S\xc3\xb6k med hund"
    area: droger
    responsible: [polisen]
    minimum: 2
    per: week
"""

ENTRY = b"""\
# a comment
date: 2021-03-14
commitment: hundsok-skola
count: 1
by: [polisen]
note: |
  S\xc3\xb6k p\xc3\xa5 skolan.
"""

SPECIALS = [b"\t", b":", b": ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!", b"!!", b"? ", b"- "]
SPECIALS += [b"\n", b"\r\n", b"'", b'"', b"#", b"|", b">", b"---\n", b"<<: ", b"\\", b"%", b"@"]
SPECIALS += [b"\x00", b"\x1b", b"\xff", b"\xef\xbb\xbf", b"\xe2\x80\xae", b"yes", b"1:30", b"010"]
SPECIALS += [b"8112189876", b"9" * 30, b".inf", b"2021-02-30", b" ", b"  " * 20]


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """The base text after a few byte flips, cuts, duplications and inserted YAML specials."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "insert", "delete"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "duplicate":
            end = draw(st.integers(at, min(len(data), at + 80)))
            data[at:at] = data[at:end] * draw(st.integers(1, 3))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SPECIALS))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 10))]
    return bytes(data)


YAMLISH = st.text(alphabet=st.sampled_from(list("ab01-:,[]{}&*!?|>'\"#% \t\n\\")), max_size=200)
CONTENT = st.one_of(
    mutated(AGREEMENT),
    mutated(ENTRY),
    st.binary(max_size=300),
    YAMLISH.map(lambda text: text.encode("utf-8")),
)


def _check_problems(problems: list[source.Problem]) -> None:
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.code in MESSAGES or problem.code in PLURALS
        shown = message(problem)  # rendered, not its fallback (the code and its data)
        assert shown != problem.code and not shown.startswith(f"{problem.code} (")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=CONTENT)
def test_reading_any_bytes_never_raises(content: bytes, tmp_path: Path) -> None:
    text, problems = source.decode(content, "x.yaml")
    if text is None:
        assert problems
    else:
        parsed = source.parse(text, "x.yaml")
        assert parsed.data is not None or parsed.problems
        _check_problems(parsed.problems)

    path = tmp_path / "file.yaml"
    path.write_bytes(content)
    found, problems, _ids = read.load_agreement(str(path), "agreements/file.yaml")
    assert (found is None) == bool(problems)
    _check_problems(problems)
    records, problems = read.load_entries(str(path), "logs/file.yaml")
    assert records or problems
    _check_problems(problems)
