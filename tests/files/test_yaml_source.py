"""source.py: every read failure is a Problem at its line; values keep their places."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from medborgarlofte.files.yaml_nodes import INVALID
from medborgarlofte.files.yaml_source import parse, read_file
from medborgarlofte.report.messages import message


def problems_of(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, message(p)) for p in parse(text, "logs/x.yaml").problems]


def test_values_and_places() -> None:
    parsed = parse("date: 2021-03-14\ncommitment: hundsok-skola\ncount: 2\nby: [polisen]\n", "x")
    assert parsed.problems == []
    assert parsed.data == {
        "date": dt.date(2021, 3, 14),
        "commitment": "hundsok-skola",
        "count": 2,
        "by": ["polisen"],
    }
    assert parsed.locations.keys[("count",)] == (3, 1)
    assert parsed.locations.values[("count",)] == (3, 8)
    assert parsed.locations.values[("by", 0)] == (4, 6)


def test_syntax_error_names_line_and_column() -> None:
    assert problems_of("date: 2021-03-14\ncommitment: [a, b\n") == [
        (3, 1, "YAML syntax error: did not find expected ',' or ']'"
         " (while parsing a flow sequence)")
    ]  # fmt: skip


def test_tab_indentation() -> None:
    assert problems_of("date: 2021-03-14\n\tcommitment: x\n") == [
        (2, 1, "a tab where YAML needs spaces: indent with spaces only")
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_or_comment_only(text: str) -> None:
    assert problems_of(text) == [(1, 1, "the file is empty (or holds only comments)")]


def test_impossible_date() -> None:
    assert problems_of("date: 2021-02-30\n") == [(1, 7, "2021-02-30 is not a valid date")]


def test_datetime_is_kept_for_the_model_to_refuse() -> None:
    parsed = parse("date: 2021-03-14 10:30:00\n", "x")
    assert parsed.problems == []
    assert parsed.data["date"] == dt.datetime(2021, 3, 14, 10, 30)


def test_duplicate_keys_report_both_lines() -> None:
    assert problems_of("count: 1\nnote: a\ncount: 2\n") == [
        (3, 1, "duplicate key 'count': also on line 1; YAML would silently keep only the last"),
        (1, 1, "duplicate key 'count': again on line 3"),
    ]


def test_windows_1252_says_save_as_utf8_in_the_users_terms(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("date: 2021-03-14\nnote: Sök på skolan\n".encode("cp1252"))
    parsed = read_file(str(path), "logs/x.yaml")
    assert [(p.line, p.col, message(p)) for p in parsed.problems] == [
        (
            2,
            8,
            "the file is saved as Windows text (ANSI), not as UTF-8, so 'ö' cannot be read: open"
            " it and save it again as UTF-8 (in Notepad: Save as…, Encoding: UTF-8)",
        )
    ]


def test_other_bytes_that_are_not_utf8_name_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"date: 2021-03-14\nnote: caf\x81\n")  # 0x81: not Windows-1252 either
    parsed = read_file(str(path), "logs/x.yaml")
    assert [(p.line, p.col, message(p)) for p in parsed.problems] == [
        (
            2,
            10,
            "the file is not UTF-8 text (byte 0x81): save it as UTF-8 (in Notepad: Save as…,"
            " Encoding: UTF-8)",
        )
    ]


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfcount: 2\n")
    parsed = read_file(str(path), "logs/x.yaml")
    assert (parsed.data, parsed.problems) == ({"count": 2}, [])


def test_crlf_same_as_lf() -> None:
    lf = parse("date: 2021-03-14\ncount: 3\n", "x")
    crlf = parse("date: 2021-03-14\r\ncount: 3\r\n", "x")
    assert (crlf.data, crlf.locations, crlf.problems) == (lf.data, lf.locations, lf.problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by: ON\n", "unquoted ON is read as a yes/no value in YAML 1.1;"
                     " write 'ON' in quotes if you mean the text"),
        ("count: 1:30\n", "'1:30' is read as a base-60 number (90) in YAML 1.1;"
                          " write a plain number, or quote it if it is text"),
        ("count: 010\n", "'010' is read as an octal number (8) in YAML 1.1;"
                         " drop the leading zero, or quote it if it is text"),
        ("note: !!binary aGVsbG8=\n", "the tag '!!binary' is not allowed"),
    ],
)  # fmt: skip
def test_yaml_traps_are_problems(text: str, expected: str) -> None:
    parsed = parse(text, "x")
    assert [(p.line, message(p)) for p in parsed.problems] == [(1, expected)]
    assert next(iter(parsed.data.values())) is INVALID


def test_quoted_traps_are_text() -> None:
    parsed = parse("by: 'ON'\nnote: \"1:30\"\ncount: !!str 010\n", "x")
    assert (parsed.data, parsed.problems) == ({"by": "ON", "note": "1:30", "count": "010"}, [])


def test_several_documents() -> None:
    assert problems_of("count: 1\n---\ncount: 2\n") == [
        (2, 1, "a file holds one YAML document; remove the '---' separator and what follows")
    ]


def test_read_limited_reads_up_to_the_limit_and_names_the_size_past_it(tmp_path: Path) -> None:
    from medborgarlofte.files.yaml_source import MAX_FILE_BYTES, TooLarge, read_limited

    empty, full, over = tmp_path / "empty", tmp_path / "full", tmp_path / "over"
    empty.write_bytes(b"")
    full.write_bytes(b"a" * MAX_FILE_BYTES)
    over.write_bytes(b"b" * (3 * MAX_FILE_BYTES))
    assert read_limited(str(empty)) == b""
    assert read_limited(str(full)) == b"a" * MAX_FILE_BYTES
    with pytest.raises(TooLarge) as raised:
        read_limited(str(over))
    assert raised.value.size == 3 * MAX_FILE_BYTES


# --- a value cut short by ' #': a warning at its line, with the fix ---


def warnings_of(text: str) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.col, p.level, message(p)) for p in parse(text, "logs/x.yaml").problems]


def test_a_note_cut_short_by_a_comment_is_a_warning_with_the_fix() -> None:
    text = "date: 2021-03-14\ncommitment: trygghetsvandring\nnote: Vandring #2 i centrum\n"
    parsed = parse(text, "logs/x.yaml")
    assert parsed.data["note"] == "Vandring"
    assert warnings_of(text) == [
        (
            3,
            7,
            "warning",
            "note: YAML reads ' #' as the start of a comment, so the value is only 'Vandring'; to"
            ' keep the whole text, put it in quotes: note: "Vandring #2 i centrum"',
        )
    ]


@pytest.mark.parametrize(
    ("line", "fix"),
    [
        ("note: Vandring #2 i centrum", '"Vandring #2 i centrum"'),
        ("note: Möte med rektor # inställt", '"Möte med rektor # inställt"'),
        ("note: Möte # inställt", '"Möte # inställt"'),
        ("title: Sök #hund i skolan", '"Sök #hund i skolan"'),
        ('note: Sa "hej" #1', "'Sa \"hej\" #1'"),
        ("note: #2 i centrum", '"#2 i centrum"'),
        ("by: polisen #kommunen", '"polisen #kommunen"'),
        ("count: 2 #3", '"2 #3"'),
    ],
)
def test_every_plain_value_followed_by_what_reads_as_its_rest_warns(line: str, fix: str) -> None:
    found = parse(f"date: 2021-03-14\n{line}\n", "logs/x.yaml").problems
    assert [(p.line, p.code, p.level) for p in found] == [(2, "comment-cuts-value", "warning")]
    assert message(found[0]).endswith(f": {line.split(':')[0]}: {fix}")


@pytest.mark.parametrize(
    "line",
    [
        "note: Sök med narkotikahund på högstadieskolan.   # optional",
        "area: droger                 # a key of focus_areas",
        "minimum: 4 # per år",
        "id: haparanda-2020-2022 # optional",
        "date: 2021-03-14 # a Sunday",
        'note: "Vandring #2 i centrum"',
        "note: 'Vandring #2 i centrum'",
        "note: Vandring#2 i centrum",  # no space before '#': part of the text
        "note: |\n  Vandring #2 i centrum",
        "note: >\n  Vandring #2\n  i centrum",
        "# note: Vandring #2",
    ],
)
def test_deliberate_comments_and_quoted_text_never_warn(line: str) -> None:
    assert parse(f"commitment: x\n{line}\n", "logs/x.yaml").problems == []


def test_a_line_holding_a_personal_number_is_left_to_that_error() -> None:
    found = parse("note: Vandring #19121212-1212\n", "logs/x.yaml").problems
    assert [p.level for p in found] == ["error"]
