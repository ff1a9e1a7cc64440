"""Docs stay true: every command has help text and is documented in the README."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main

from conftest import REPO, Outcome
from medborgarlofte.cli.app import app

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == ["entries", "init", "log", "report", "schema", "show", "status", "validate"]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_documented(name: str) -> None:
    assert f"### `mlofte {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 40
    assert all(param.help for param in command.params if param.param_type_name == "option")


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_options_exist(name: str) -> None:
    """Every --option the README's heading for a command names is a real option."""
    heading = re.search(rf"### `mlofte {name}([^`]*)`", README)
    assert heading is not None
    documented = set(re.findall(r"--[a-z-]+", heading.group(1)))
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    real = {opt for param in command.params for opt in param.opts if opt.startswith("--")}
    assert documented <= real


def test_setup_commands_in_readme() -> None:
    assert "pip install . && mlofte status 2021" in README
    assert "pip install -e '.[test]' && pytest" in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]'" in ci


def _section(heading: str) -> str:
    """The README's text under the heading that starts with `heading`, to the next one."""
    match = re.search(rf"^#+ {re.escape(heading)}.*?\n(.*?)(?=^#+ |\Z)", README, re.M | re.S)
    assert match is not None, heading
    return match.group(1)


def _commands(heading: str) -> list[list[str]]:
    """The `mlofte` command lines of the section's sh blocks, as argument lists."""
    blocks = re.findall(r"```sh\n(.*?)```", _section(heading), re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    found = [shlex.split(line, comments=True) for line in lines if line.startswith("mlofte ")]
    assert found, heading
    return [words[1:] for words in found]


def _run(mlofte: Callable[..., Outcome], args: list[str]) -> Outcome:
    """One README command; `> FILE` writes its output there (test_acceptance does it with a
    real redirection, where the shell makes the file first)."""
    if ">" not in args:
        return mlofte(*args)
    target = Path(args[args.index(">") + 1])
    out = mlofte(*args[: args.index(">")])
    target.write_text(out.stdout, encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("heading", "start", "codes"),
    [
        ("Starting a new folder", "empty", [0, 0, 0]),
        # plain `mlofte init` asks in a terminal; here, without one, it names what is missing
        ("`mlofte init", "empty", [0, 2]),
        ("`mlofte entries", "shipped", [0, 0, 0, 0, 0]),
        ("`mlofte schema", "shipped", [0]),
    ],
)
def test_readme_commands_run(
    mlofte: Callable[..., Outcome],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    heading: str,
    start: str,
    codes: list[int],
) -> None:
    """Every command the README shows for init, entries and schema runs as shown, in order."""
    folder = tmp_path / "folder"
    folder.mkdir()
    if start == "shipped":
        shutil.copytree(REPO / "agreements", folder / "agreements")
        shutil.copytree(REPO / "logs", folder / "logs")
    monkeypatch.chdir(folder)
    results = [_run(mlofte, args) for args in _commands(heading)]
    assert [r.code for r in results] == codes, results
    if start == "shipped":
        assert mlofte("validate").code == 0  # what they wrote validates
