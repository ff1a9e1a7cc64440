"""Docs stay true: every command has help text and is documented in the README, and every\ncommand line the README shows runs as shown."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main

from conftest import REPO, Outcome
from medborgarlofte.cli import common
from medborgarlofte.cli.app import app

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == [
        "entries",
        "init",
        "log",
        "overview",
        "report",
        "schema",
        "show",
        "status",
        "validate",
    ]


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


# --- every mlofte command the README shows runs, on a copy of the shipped data ---

_BLOCK = re.compile(r"^```(sh|yaml)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    line: str
    args: list[str]
    code: int
    stdout: str | None  # the output shown under a `$ mlofte …` line
    terminal: bool  # shown as run in a terminal (answers prompts)


def readme_examples(text: str) -> list[Example]:
    """Every `mlofte …` command line in the README's sh and yaml blocks, with the exit code
    its comment documents ("exit 1 if …"), else 0."""
    examples: list[Example] = []
    for _, body in _BLOCK.findall(text):
        lines = body.splitlines()
        for index, line in enumerate(lines):
            shown = line.strip().removeprefix("$ ").removeprefix("- run: ")
            comment = shown.split(" #", 1)[1] if " #" in shown else ""
            for part in shown.split("&&"):
                words = shlex.split(part, comments=True)
                if not words or words[0] != "mlofte":
                    continue
                if ">" in words:
                    words = words[: words.index(">")]
                documented = re.search(r"\bexit (\d+)", comment)
                output = None
                if line.startswith("$ "):
                    following = []
                    for after in lines[index + 1 :]:
                        if after.startswith("$ "):
                            break
                        following.append(after + "\n")
                    output = "".join(following)
                examples.append(
                    Example(
                        line,
                        words[1:],
                        int(documented.group(1)) if documented else 0,
                        output,
                        "in a terminal" in comment,
                    )
                )
    return examples


_OWN_TEST = ("Starting a new folder", "`mlofte init", "`mlofte entries", "`mlofte schema")
"""Sections whose commands run in order from their own starting folder (test_readme_commands_run)."""


def _without_own_tests(text: str) -> str:
    for heading in _OWN_TEST:
        text = re.sub(rf"^#+ {re.escape(heading)}.*?\n.*?(?=^#+ |\Z)", "", text, flags=re.M | re.S)
    return text


EXAMPLES = readme_examples(_without_own_tests(README))


def test_the_readme_shows_commands_of_every_kind() -> None:
    shown = {example.args[0] for example in EXAMPLES}
    assert {"log", "report", "status", "validate"} <= shown
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.line.strip() for e in EXAMPLES])
def test_every_readme_command_runs_on_the_shipped_data(
    example: Example,
    mlofte: Callable[..., Outcome],
    haparanda_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(haparanda_root)  # as a coordinator runs them: in the data folder
    answers = None
    if example.terminal:
        monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
        answers = "1\n\n\n\n\n"  # the first commitment, then each default, then "write it"
    out = mlofte(*example.args, input=answers)
    assert out.code == example.code, (out.stdout, out.stderr)
    if example.stdout is not None:
        assert out.stdout == example.stdout


def test_readme_installs_only_what_a_checkout_can() -> None:
    """The package is not published: every pip install in the README is from the checkout."""
    installs = [line for line in README.splitlines() if "pip install" in line]
    assert installs
    for line in installs:
        target = line.split("pip install", 1)[1].split("&&")[0].split("#")[0].strip()
        assert target in (".", "-e '.[test]'"), line


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
