"""A new data root: the agreement file `mlofte init` writes (with a commented example to copy),
the editor set-up and the CI workflow, each built as text, read back and held to `validate`'s
rules before anything is written; then written whole, never over a file, and on a failure
every file and folder it created removed again."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from medborgarlofte.core.model import Agreement, AgreementFile, Dataset
from medborgarlofte.core.problems import Problem, problem
from medborgarlofte.core.rules import AGREEMENT_RULES, check_all
from medborgarlofte.core.schemas import json_schema, kinds
from medborgarlofte.core.units import PER_KINDS
from medborgarlofte.files import yaml_source as source
from medborgarlofte.files.discover import AGREEMENTS, LOGS
from medborgarlofte.files.read import validate
from medborgarlofte.files.write import create_file

FOLLOWUPS = "followups"
SCHEMAS = "schemas"
SETTINGS = ".vscode/settings.json"
WORKFLOW = ".github/workflows/mlofte.yml"
KEEP = ".gitkeep"
"""An empty hidden file that keeps an empty folder in git (hidden files are never read)."""

SCHEMA_GLOBS = {"agreement": "agreements/*.yaml", "entry": "logs/**/*.yaml"}
SCHEMA_GLOBS["followup"] = "followups/**/*.yaml"


@dataclass(frozen=True, slots=True)
class NewCommitment:
    id: str
    area: str
    responsible: tuple[str, ...]
    minimum: int | None
    per: str | None
    title: str


@dataclass(frozen=True, slots=True)
class NewAgreement:
    id: str
    title: str
    start: dt.date
    end: dt.date
    municipality: str
    police: str
    areas: dict[str, str] = field(default_factory=dict)
    commitments: tuple[NewCommitment, ...] = ()


def scalar(value: object) -> str:
    """A value as one YAML scalar that reads back as exactly this value (quoted when YAML
    would take it for something else: `ON`, `010`, `a: b`, a leading `-` …)."""
    text = yaml.dump(value, Dumper=yaml.SafeDumper, allow_unicode=True, width=1_000_000)
    text = text.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in text:  # a line break in the value: double quotes keep it on one line
        text = json.dumps(value, ensure_ascii=False)
    return text


def agreement_data(new: NewAgreement) -> dict[str, Any]:
    """The agreement as the data the file must read back as."""
    commitments = []
    for c in new.commitments:
        item: dict[str, Any] = {
            "id": c.id,
            "title": c.title,
            "area": c.area,
            "responsible": list(c.responsible),
        }
        if c.minimum is not None:
            item["minimum"] = c.minimum
            item["per"] = c.per or "year"
        commitments.append(item)
    return {
        "title": new.title,
        "period": {"start": new.start, "end": new.end},
        "parties": {"kommunen": new.municipality, "polisen": new.police},
        "focus_areas": dict(new.areas),
        "commitments": commitments,
    }


_EXAMPLE = """\
# To add a commitment, copy these lines above this comment, remove the first '#' of each
# and change the values (`mlofte validate` checks the file; `mlofte show` lists it):
#  - id: trygghetsvandring          # a-z, 0-9 and '-': what `mlofte log` is given
#    title: Trygghetsvandring i centrum
#    area: {area}{area_pad}  # a key of focus_areas
#    responsible: [polisen, kommunen]   # keys of parties
#    minimum: 2                     # optional: at least this many ...
#    per: year                      # ... per {rates}
"""


def agreement_text(new: NewAgreement) -> str:
    """The agreement file: the contract's layout, and a commented commitment to copy."""
    lines = [
        f"# Medborgarlöfte {new.id}: written by `mlofte init`. Check it with `mlofte validate`.",
        f"title: {scalar(new.title)}",
        f"period: {{start: {new.start.isoformat()}, end: {new.end.isoformat()}}}",
        "parties:",
        f"  kommunen: {scalar(new.municipality)}",
        f"  polisen: {scalar(new.police)}",
        "focus_areas:",
        *(f"  {key}: {scalar(name)}" for key, name in new.areas.items()),
        "commitments:",
    ]
    for c in new.commitments:
        lines += [
            f"  - id: {scalar(c.id)}",
            f"    title: {scalar(c.title)}",
            f"    area: {scalar(c.area)}",
            f"    responsible: [{', '.join(scalar(p) for p in c.responsible)}]",
        ]
        if c.minimum is not None:
            lines += [f"    minimum: {c.minimum}", f"    per: {scalar(c.per or 'year')}"]
    area = next(iter(new.areas), "droger")
    example = _EXAMPLE.format(
        area=area, area_pad=" " * max(0, 23 - len(area)), rates=", ".join(PER_KINDS)
    )
    return "\n".join(lines) + "\n" + example


def check_agreement(
    text: str, rel: str, new: NewAgreement, others: Dataset | None = None
) -> tuple[AgreementFile | None, list[Problem]]:
    """The agreement read back from `text` as `validate` reads `rel`, held to its rules with
    the root's other agreements (`others`); its problems, or one saying it reads back wrong."""
    parsed = source.parse(text, rel)
    if parsed.problems:
        return None, parsed.problems
    if parsed.data != agreement_data(new):
        return None, [problem(rel, 1, 1, "reads-back-wrong")]
    model, problems = validate(Agreement, parsed.data, parsed, rel, ())
    if model is None:
        return None, problems
    found = AgreementFile(new.id, rel, model, parsed.locations)
    agreements = (*(others.agreements if others else ()), found)
    problems = [p for p in check_all(Dataset(agreements), AGREEMENT_RULES) if p.path == rel]
    return (None if problems else found), problems


def settings_text() -> str:
    """`.vscode/settings.json`: the schemas of the three folders for the YAML extension, and
    YAML 1.1 as `mlofte` reads it (`no` is a yes/no value)."""
    schemas = {f"./{SCHEMAS}/{kind}.schema.json": SCHEMA_GLOBS[kind] for kind in kinds()}
    settings = {"yaml.schemas": schemas, "yaml.yamlVersion": "1.1"}
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """`schemas/<kind>.schema.json`: what the editor set-up points to, as `mlofte schema` prints."""
    return {
        f"{SCHEMAS}/{kind}.schema.json": json.dumps(json_schema(kind), indent=2, ensure_ascii=False)
        + "\n"
        for kind in kinds()
    }


def workflow_text() -> str:
    """The GitHub Actions workflow that validates the files on every push and pull request."""
    text = """\
# Checks the medborgarlöfte files on every push and pull request: a problem is marked on its
# line in the pull request. Written by `mlofte init`.
name: mlofte
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.12"}
      - run: pip install medborgarlofte
      - run: mlofte validate --format github
"""
    yaml.safe_load(text)  # a workflow GitHub cannot read would fail on every push
    return text


def is_git_repository(folder: Path) -> bool:
    """Whether `folder` is the top of a git repository (init never writes outside the root,
    so a repository further up gets no workflow unless asked for with --ci)."""
    return (folder / ".git").exists()


class Taken(Exception):
    """A file `init` would write is there already: nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def create_all(
    files: dict[Path, str], folders: list[Path], shared: frozenset[Path] = frozenset()
) -> list[Path]:
    """Create every folder and file (files whole, never over another): the paths created.
    A `shared` file (the editor set-up, the workflow …) already there with the very same text
    is left as it is; any other file already there raises Taken before anything is written.
    On any failure every file and folder this call created is removed again."""
    for path, text in files.items():
        if os.path.lexists(path) and not (path in shared and _same(path, text)):
            raise Taken(path)
    created: list[Path] = []
    try:
        for folder in sorted({*folders, *(p.parent for p in files)}, key=lambda p: len(p.parts)):
            for step in reversed([folder, *folder.parents]):
                if not os.path.lexists(step):
                    os.mkdir(step)
                    created.append(step)
        for path, text in files.items():
            if path in shared and os.path.lexists(path) and _same(path, text):
                continue
            try:
                create_file(path, text)
            except FileExistsError:
                raise Taken(path) from None
            created.append(path)
    except BaseException:
        _remove(created)
        raise
    return created


def _same(path: Path, text: str) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.read_bytes() == text.encode()
    except OSError:
        return False


def _remove(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()  # only when empty: what someone else put there stays
            else:
                path.unlink()


def folders(root: Path) -> list[Path]:
    """The data root's folders: agreements/, logs/ and followups/."""
    return [root / AGREEMENTS, root / LOGS, root / FOLLOWUPS]
