"""Finds the data files under a root: the first step of every load.

Symbolic links are reported and never followed, so nothing outside the root is read and a
folder loop cannot hang or count twice. Hidden entries are skipped (a hidden YAML file is
reported). A file meant as YAML that will not be read (`.yml`, `sok.yaml.txt` as Notepad saves
it) is an error, any other file a warning: nothing under agreements/ or logs/ is ignored
silently but dotfiles (`.gitkeep`, git's and editors' own).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from stat import S_ISDIR, S_ISLNK, S_ISREG

from medborgarlofte.core.problems import Problem, problem

AGREEMENTS = "agreements"
LOGS = "logs"
FOLLOWUPS = "followups"
YAML_ENDINGS = (".yaml", ".yml")
"""Lowercased endings of what is meant as YAML: reported when not read, never ignored."""


def meant_as_yaml(name: str) -> bool:
    """Whether a file name says YAML though it is not read as such: `x.yml`, `x.YAML`, or an
    ending added after it (`sok.yaml.txt`, what Notepad saves when told `sok.yaml`)."""
    lowered = name.lower()
    return lowered.endswith(YAML_ENDINGS) or any(f"{e}." in lowered for e in YAML_ENDINGS)


@dataclass(frozen=True, slots=True)
class Folder:
    """One folder's data files: the plain `.yaml` files in it, by name, sorted."""

    rel: str
    path: str
    names: list[str]


@dataclass(slots=True)
class Listing:
    """Every folder holding data files, in walk order, and what was found amiss on the way."""

    agreements: list[Folder] = field(default_factory=list)
    logs: list[Folder] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def list_root(root: str, *, logs: bool = True, quick: bool = False) -> Listing:
    """The data files under `root` (agreements/ and, with `logs`, logs/), stat-free.

    `quick` takes every non-hidden name ending in .yaml for a file without asking: only for
    a caller that takes their stats next (`take_stats` returns None for one that is not a
    regular file, and the caller walks again without `quick`)."""
    listing = Listing()
    problems = listing.problems
    linked = [
        name
        for name in (AGREEMENTS, LOGS)
        if (logs or name == AGREEMENTS) and os.path.islink(os.path.join(root, name))
    ]
    for name in linked:  # the folders themselves: a link would lead out of the root
        problems.append(problem(f"{name}/", 1, 1, "symlink-folder"))
    if AGREEMENTS not in linked:
        folder = os.path.join(root, AGREEMENTS)
        names, subfolders = _scan(folder, AGREEMENTS, problems, "agreement", quick)
        for _, rel in subfolders:
            problems.append(problem(rel, 1, 1, "folder-in-agreements"))
        if names:
            listing.agreements.append(Folder(AGREEMENTS, folder, names))
    if logs and LOGS not in linked:
        stack = [(os.path.join(root, LOGS), LOGS)]
        while stack:
            folder, rel = stack.pop()
            names, subfolders = _scan(folder, rel, problems, "log", quick)
            if names:
                listing.logs.append(Folder(rel, folder, names))
            stack += reversed(subfolders)
    return listing


def list_followups(root: str) -> tuple[list[Folder], list[Problem]]:
    """The follow-up files under `root` (followups/**/*.yaml) and what was amiss on the way,
    found by the same walk and the same rules as log files."""
    problems: list[Problem] = []
    folders: list[Folder] = []
    if os.path.islink(os.path.join(root, FOLLOWUPS)):
        return [], [problem(f"{FOLLOWUPS}/", 1, 1, "symlink-folder")]
    stack = [(os.path.join(root, FOLLOWUPS), FOLLOWUPS)]
    while stack:
        folder, rel = stack.pop()
        names, subfolders = _scan(folder, rel, problems, "followup", False)
        if names:
            folders.append(Folder(rel, folder, names))
        stack += reversed(subfolders)
    return folders, problems


def cannot_read(rel: str, error: OSError, code: str = "cannot-read") -> Problem:
    """A file or folder the OS will not let us read, and its reason (by errno, so that it
    reads in the user's language; the OS's own words for any other)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return problem(rel, 1, 1, code, reason=error.strerror or str(error), errno=name)


def _scan(
    folder: str, rel_folder: str, problems: list[Problem], kind: str, quick: bool
) -> tuple[list[str], list[tuple[str, str]]]:
    """(plain .yaml file names, subfolders as (path, rel)) of one folder, both sorted."""
    try:
        if quick:
            every = os.listdir(folder)
        else:
            with os.scandir(folder) as scan:
                items = list(scan)
    except FileNotFoundError:
        return [], []
    except OSError as error:
        problems.append(cannot_read(rel_folder, error, "cannot-read-folder"))
        return [], []
    names: list[str] = []
    odd: list[tuple[str, os.DirEntry[str] | None]] = []
    if quick:
        names = [n for n in every if n[0] != "." and n.endswith(".yaml")]
        if len(names) < len(every):  # a folder of data files only (nearly all) is done
            odd = [(n, None) for n in every if n[0] == "." or not n.endswith(".yaml")]
    else:
        for entry in items:
            name = entry.name
            try:
                if (
                    name[0] != "."
                    and name.endswith(".yaml")
                    and entry.is_file(follow_symlinks=False)
                ):
                    names.append(name)
                    continue
            except OSError:
                pass
            odd.append((name, entry))
    names.sort()
    subfolders: list[tuple[str, str]] = []
    for name, item in sorted(odd, key=lambda pair: pair[0]):
        rel = f"{rel_folder}/{name}"
        yaml_like = meant_as_yaml(name)
        if name.startswith("."):  # git's and editors' files, and `log`'s temporary ones
            if kind == "log" and _left_behind(folder, name):
                problems.append(problem(rel, 1, 1, "leftover-temporary"))
            elif yaml_like:
                problems.append(problem(rel, 1, 1, "hidden-file"))
            continue
        path = os.path.join(folder, name)
        try:
            if item is None:
                mode = os.lstat(path).st_mode
                is_link, is_dir, is_file = S_ISLNK(mode), S_ISDIR(mode), S_ISREG(mode)
            else:
                is_link = item.is_symlink()
                is_dir = not is_link and item.is_dir(follow_symlinks=False)
                is_file = not is_link and not is_dir and item.is_file(follow_symlinks=False)
        except OSError as error:
            problems.append(cannot_read(rel, error))
            continue
        if is_link:
            problems.append(problem(rel, 1, 1, "symlink-file"))
        elif is_dir:
            subfolders.append((path, rel))
        elif is_file:
            if yaml_like:
                problems.append(problem(rel, 1, 1, f"{kind}-file-ending"))
            else:
                folder_name = rel_folder.split("/", 1)[0]
                problems.append(
                    problem(rel, 1, 1, "not-a-data-file", level="warning", folder=folder_name)
                )
        elif yaml_like:
            problems.append(problem(rel, 1, 1, "not-a-regular-file"))
        else:  # a pipe, a socket, a device: no data file either
            folder_name = rel_folder.split("/", 1)[0]
            problems.append(
                problem(rel, 1, 1, "not-a-data-file", level="warning", folder=folder_name)
            )
    return names, subfolders


LOG_TEMPORARY = (".mlofte-", ".tmp")
"""How `mlofte log` names its temporary file: `.mlofte-<pid>-<random>.tmp` (files/write.py)."""
STALE_SECONDS = 600
"""A temporary file older than this is left behind, whatever its process: a write takes ms."""


def _left_behind(folder: str, name: str) -> bool:
    """Whether `name` is a temporary file of `mlofte log` that no running write owns: a whole
    entry that nothing counts and `git add -A` would commit. Of a process that is gone (or
    named before names carried the process), or older than STALE_SECONDS."""
    import time

    from medborgarlofte.files.signals import alive

    prefix, suffix = LOG_TEMPORARY
    if not (name.startswith(prefix) and name.endswith(suffix)):
        return False
    pid = name[len(prefix) :].split("-", 1)[0]
    if not pid.isdigit() or not alive(int(pid)):
        return True
    try:
        return os.lstat(os.path.join(folder, name)).st_mtime < time.time() - STALE_SECONDS
    except OSError:
        return False  # gone meanwhile: its write ended
