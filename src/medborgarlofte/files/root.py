"""Finds the data root: `--root`, else MLOFTE_ROOT, else the nearest folder upward holding agreements/."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from medborgarlofte.core.problems import N_, Arg, Refusal

ENV_VAR = "MLOFTE_ROOT"

MESSAGES = {
    "root-not-there": N_("{source} {given}: no agreements/ folder there"),
    "root-folder-unreadable": N_(
        "no data root: the current folder cannot be read (was it deleted?); change to the data"
        " root, or pass --root PATH or set {variable}"
    ),
    "root-not-found": N_(
        "no data root: no agreements/ folder here or above; run inside one, or pass --root"
        " PATH or set {variable}"
    ),
}
"""The codes of RootNotFound, with their English templates (report/messages.py's too)."""


class RootNotFound(Refusal):
    """No data root: the message says how to point at one (`problem`: in the user's words)."""

    def __init__(self, code: str, **args: Arg) -> None:
        super().__init__(MESSAGES, code, **args)


def current_folder() -> Path | None:
    """The current folder, or None when it is gone (deleted while a shell was in it)."""
    try:
        return Path.cwd()
    except OSError:
        return None


def find_root(option: Path | None, environ: Mapping[str, str], cwd: Path | None) -> Path:
    """The data root, found as git finds `.git`, unless given explicitly; `cwd` is None when
    the current folder cannot be read (deleted since the shell entered it)."""
    given = (
        option if option is not None else (Path(environ[ENV_VAR]) if environ.get(ENV_VAR) else None)
    )
    if given is not None:
        source = "--root" if option is not None else ENV_VAR
        if not (given / "agreements").is_dir():
            raise RootNotFound("root-not-there", source=source, given=str(given))
        return given
    if cwd is None:
        raise RootNotFound("root-folder-unreadable", variable=ENV_VAR)
    for folder in (cwd, *cwd.parents):
        if (folder / "agreements").is_dir():
            return folder
    raise RootNotFound("root-not-found", variable=ENV_VAR)
