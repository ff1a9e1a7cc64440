"""Docs stay true: every command has help text and is documented in the README."""

from __future__ import annotations

import re

import pytest
import typer.main

from conftest import REPO
from medborgarlofte.cli.app import app

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == ["log", "overview", "report", "show", "status", "validate"]


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
