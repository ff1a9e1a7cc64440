"""Finding the data files (list_root): every data file, in order, and every odd name reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import AGREEMENT, ENTRY, TRUSTED_AT_ONCE
from medborgarlofte.core.problems import Problem, errors, problem
from medborgarlofte.files.discover import list_root
from medborgarlofte.report.messages import message
from medborgarlofte.speed import cache, load


def _said(path: str, line: int, col: int, text: str) -> tuple[str, int, int, str, str]:
    return (path, line, col, "error", text)


def _of(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.path, p.line, p.col, p.level, message(p))


def _write(root: Path, rel: str, text: str = ENTRY) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folders_are_walked_in_order_each_with_its_names_sorted(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for rel in (
        "agreements/z.yaml",
        "agreements/a.yaml",
        "logs/top.yaml",
        "logs/2022/b.yaml",
        "logs/2022/a.yaml",
        "logs/2021/x.yaml",
        "logs/2021/deep/er/y.yaml",
        "logs/2021/deep/z.yaml",
        "logs/2021-extra/q.yaml",
        "logs/empty/nothing.txt",
    ):
        _write(root, rel)
    listing = list_root(str(root))
    assert [(f.rel, f.names) for f in listing.agreements] == [("agreements", ["a.yaml", "z.yaml"])]
    assert [(f.rel, f.names) for f in listing.logs] == [
        ("logs", ["top.yaml"]),
        ("logs/2021", ["x.yaml"]),
        ("logs/2021/deep", ["z.yaml"]),
        ("logs/2021/deep/er", ["y.yaml"]),
        ("logs/2021-extra", ["q.yaml"]),
        ("logs/2022", ["a.yaml", "b.yaml"]),
    ]
    assert all(f.path == str(root / f.rel) for f in listing.agreements + listing.logs)
    assert listing.problems == [
        problem("logs/empty/nothing.txt", 1, 1, "not-a-data-file", "warning", folder="logs")
    ]
    only_agreements = list_root(str(root), logs=False)
    assert only_agreements.logs == [] and only_agreements.agreements == listing.agreements


def test_a_root_without_the_folders_lists_nothing(tmp_path: Path) -> None:
    listing = list_root(str(tmp_path))
    assert (listing.agreements, listing.logs, listing.problems) == ([], [], [])


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    """A root holding every kind of name that is no data file."""
    root = tmp_path / "odd"
    outside = tmp_path / "outside"
    _write(outside, "secret.yaml", "date: 2021-03-14\ncommitment: secret\n")
    _write(outside, "logs/2021/far.yaml")
    _write(root, "agreements/a.yaml", AGREEMENT)
    _write(root, "agreements/.hidden.yaml")
    _write(root, "agreements/b.yml")
    _write(root, "agreements/sub/c.yaml")
    _write(root, "agreements/README.md")
    (root / "agreements" / "linked.yaml").symlink_to(outside / "secret.yaml")
    _write(root, "logs/2021/ok.yaml")
    _write(root, "logs/2021/.x.yaml")
    _write(root, "logs/2021/x.yml")
    _write(root, "logs/2021/SHOUT.YAML")
    _write(root, "logs/2021/notes.txt")
    _write(root, "logs/2021/.swp")
    _write(root, "logs/.git/objects/o.yaml")
    _write(root, "logs/2021/deeper/ok2.yaml")
    (root / "logs" / "2021" / "link.yaml").symlink_to(outside / "secret.yaml")
    (root / "logs" / "2021" / "dangling.yaml").symlink_to(outside / "gone.yaml")
    (root / "logs" / "elsewhere").symlink_to(outside / "logs", target_is_directory=True)
    return root


def test_every_odd_name_is_reported_and_no_link_followed(odd: Path) -> None:
    listing = list_root(str(odd))
    assert [(f.rel, f.names) for f in listing.agreements + listing.logs] == [
        ("agreements", ["a.yaml"]),
        ("logs/2021", ["ok.yaml"]),
        ("logs/2021/deeper", ["ok2.yaml"]),
    ]
    hidden = "a hidden file is not read: rename it without the leading '.'"
    file_link = "a symbolic link: not followed; put the file itself here"
    assert sorted(map(_of, listing.problems)) == sorted(
        [
            _said("agreements/.hidden.yaml", 1, 1, hidden),
            _of(
                problem(
                    "agreements/README.md", 1, 1, "not-a-data-file", "warning", folder="agreements"
                )
            ),
            _of(problem("logs/2021/notes.txt", 1, 1, "not-a-data-file", "warning", folder="logs")),
            _said("agreements/b.yml", 1, 1, "agreement files end in .yaml: rename it"),
            _said("agreements/linked.yaml", 1, 1, file_link),
            _said("agreements/sub", 1, 1, "agreements/ holds agreement files only, no folders"),
            _said("logs/2021/.x.yaml", 1, 1, hidden),
            _said("logs/2021/SHOUT.YAML", 1, 1, "log files end in .yaml: rename it"),
            _said("logs/2021/dangling.yaml", 1, 1, file_link),
            _said("logs/2021/link.yaml", 1, 1, file_link),
            _said("logs/2021/x.yml", 1, 1, "log files end in .yaml: rename it"),
            _said("logs/elsewhere", 1, 1, file_link),
        ]
    )


def test_what_notepad_saves_is_an_error_other_files_a_warning_dotfiles_nothing(
    tmp_path: Path,
) -> None:
    root = tmp_path / "root"
    _write(root, "agreements/a.yaml", AGREEMENT)
    _write(root, "agreements/.gitkeep", "")
    _write(root, "logs/.gitkeep", "")
    _write(root, "logs/2021/sok.yaml.txt")
    _write(root, "logs/2021/sok.YML.TXT")
    _write(root, "logs/2021/foto.jpg", "")
    _write(root, "logs/2021/2021-03-14-hundsok-skola.yaml")
    os.mkfifo(root / "logs/2021/pipe")
    listing = list_root(str(root))
    assert [(f.rel, f.names) for f in listing.logs] == [
        ("logs/2021", ["2021-03-14-hundsok-skola.yaml"])
    ]
    assert sorted(map(_of, listing.problems)) == [
        _of(problem("logs/2021/foto.jpg", 1, 1, "not-a-data-file", "warning", folder="logs")),
        _of(problem("logs/2021/pipe", 1, 1, "not-a-data-file", "warning", folder="logs")),
        _said("logs/2021/sok.YML.TXT", 1, 1, "log files end in .yaml: rename it"),
        _said("logs/2021/sok.yaml.txt", 1, 1, "log files end in .yaml: rename it"),
    ]


def test_linked_data_folders_are_reported_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside, "agreements/a.yaml", "title: a\n")
    _write(outside, "logs/2021/a.yaml")
    root = tmp_path / "root"
    root.mkdir()
    (root / "agreements").symlink_to(outside / "agreements", target_is_directory=True)
    (root / "logs").symlink_to(outside / "logs", target_is_directory=True)
    listing = list_root(str(root))
    assert listing.agreements == [] and listing.logs == []
    message = "a symbolic link: not followed; put the folder itself here"
    assert [_of(p) for p in listing.problems] == [
        _said("agreements/", 1, 1, message),
        _said("logs/", 1, 1, message),
    ]


def test_a_load_with_the_cache_reports_the_odd_names_as_one_without(
    odd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cached load takes stats of what the walk found: a link named .yaml is never read
    through, with the cache or without it."""
    monkeypatch.setattr(cache, "RACY_NS", TRUSTED_AT_ONCE)
    without = load.load_checked(odd, cache=False)
    assert len(without[0].entries) == 2  # ok.yaml and ok2.yaml, nothing through a link
    assert len(errors(without[1])) == 10
    # deeper/ok2.yaml and ok.yaml hold the same entry: a warning at the later path; the
    # README.md and notes.txt are no data files
    assert [(p.path, p.code) for p in without[1] if p.level == "warning"] == [
        ("agreements/README.md", "not-a-data-file"),
        ("logs/2021/notes.txt", "not-a-data-file"),
        ("logs/2021/ok.yaml", "identical-entry"),
    ]
    assert all("secret" not in message(p) for p in without[1])
    found = load.load_checked(odd, cache=True)
    assert found[1] == without[1] and len(found[0].entries) == 2
    for _ in range(2):
        tallied = load.load_tallied(odd, cache=True, warnings=True)
        assert tallied[1] == without[1]
        assert tallied[0].entry_count == 2
