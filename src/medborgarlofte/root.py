"""Finds the data root: `--root`, else MLOFTE_ROOT, else the nearest folder upward holding agreements/."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "MLOFTE_ROOT"


class RootNotFound(Exception):
    """No data root: the message says how to point at one."""


def find_root(option: Path | None, environ: Mapping[str, str], cwd: Path) -> Path:
    """The data root, found as git finds `.git`, unless given explicitly."""
    given = (
        option if option is not None else (Path(environ[ENV_VAR]) if environ.get(ENV_VAR) else None)
    )
    if given is not None:
        source = "--root" if option is not None else ENV_VAR
        if not (given / "agreements").is_dir():
            raise RootNotFound(f"{source} {given}: no agreements/ folder there")
        return given
    for folder in (cwd, *cwd.parents):
        if (folder / "agreements").is_dir():
            return folder
    raise RootNotFound(
        "no data root: no agreements/ folder here or above;"
        f" run inside one, or pass --root PATH or set {ENV_VAR}"
    )
