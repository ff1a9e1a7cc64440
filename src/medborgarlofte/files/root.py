"""Finds the data root: `--root`, else MLOFTE_ROOT, else the nearest folder upward holding agreements/."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "MLOFTE_ROOT"


class RootNotFound(Exception):
    """No data root: the message says how to point at one."""


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
            raise RootNotFound(f"{source} {given}: no agreements/ folder there")
        return given
    if cwd is None:
        raise RootNotFound(
            "no data root: the current folder cannot be read (was it deleted?);"
            f" change to the data root, or pass --root PATH or set {ENV_VAR}"
        )
    for folder in (cwd, *cwd.parents):
        if (folder / "agreements").is_dir():
            return folder
    raise RootNotFound(
        "no data root: no agreements/ folder here or above;"
        f" run inside one, or pass --root PATH or set {ENV_VAR}"
    )
