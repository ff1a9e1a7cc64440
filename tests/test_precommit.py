"""The pre-commit hook (.pre-commit-hooks.yaml): a valid manifest, and a real commit refused.

The real commit runs the manifest's hook as a `repo: local` hook with `language: system`:
pre-commit's `language: python` would build a virtual environment and install this package
first (28 s here, and it reaches for the network), while `system` runs the `mlofte` of the
Python running the tests. Every other field is the manifest's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import AGREEMENT, REPO, write_tree

MANIFEST = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
needs_tools = pytest.mark.skipif(
    PRE_COMMIT is None or shutil.which("git") is None, reason="needs pre-commit and git"
)

USER_CONFIG = """\
repos:
  - repo: https://github.com/ORGANISATION/medborgarlofte
    rev: v0.1.0
    hooks:
      - id: mlofte-validate
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.se")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.se")
    env.pop("MLOFTE_ROOT", None)
    # pre-commit's own files are opened without an encoding: CI's warnings are ours, not its.
    env.pop("PYTHONWARNDEFAULTENCODING", None)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", check=False
    )


def test_the_hook() -> None:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [
        ("mlofte-validate", "mlofte validate", "python")
    ]
    assert (hooks[0]["pass_filenames"], hooks[0]["always_run"]) == (False, True)


@needs_tools
def test_manifest_and_the_readme_config_are_valid(tmp_path: Path) -> None:
    assert PRE_COMMIT is not None
    out = _run([PRE_COMMIT, "validate-manifest", str(MANIFEST)], REPO, _env(tmp_path))
    assert (out.returncode, out.stdout, out.stderr) == (0, "", "")
    assert USER_CONFIG in (REPO / "README.md").read_text(encoding="utf-8")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(USER_CONFIG, encoding="utf-8")
    out = _run([PRE_COMMIT, "validate-config", str(config)], tmp_path, _env(tmp_path))
    assert (out.returncode, out.stderr) == (0, "")


@needs_tools
def test_a_commit_that_breaks_the_data_is_refused(tmp_path: Path) -> None:
    assert PRE_COMMIT is not None
    other = AGREEMENT.replace("hundsok-skola", "trafik").replace("pss-samverkan", "ovrigt")
    repo = write_tree(
        tmp_path / "repo",
        {
            "agreements/testby.yaml": AGREEMENT,
            "agreements/trafik.yaml": other,
            "logs/2021/a.yaml": "date: 2021-03-14\ncommitment: trafik\n",
            "README.md": "data\n",
        },
    )
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    local = {**hook, "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = _env(tmp_path)
    env["MLOFTE_CACHE_DIR"] = str(tmp_path / "cache")
    for args in (["git", "init", "-q", "."], [PRE_COMMIT, "install"], ["git", "add", "-A"]):
        assert _run(args, repo, env).returncode == 0
    first = _run(["git", "commit", "-q", "-m", "data"], repo, env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "mlofte validate...." in first.stderr and "Passed" in first.stderr
    # a commit that only deletes a file: the entry is left pointing at nothing
    assert _run(["git", "rm", "-q", "agreements/trafik.yaml"], repo, env).returncode == 0
    refused = _run(["git", "commit", "-q", "-m", "remove"], repo, env)
    assert refused.returncode == 1
    assert "Failed" in refused.stdout + refused.stderr
    assert "logs/2021/a.yaml:2:13: error: unknown commitment 'trafik'" in refused.stderr
    log = _run(["git", "log", "--format=%s"], repo, env)
    assert log.stdout == "data\n"  # the removal was not committed
    # a commit touching no data file at all is checked too
    (repo / "README.md").write_text("more\n", encoding="utf-8")
    assert _run(["git", "add", "README.md"], repo, env).returncode == 0
    again = _run(["git", "commit", "-q", "-m", "readme"], repo, env)
    assert again.returncode == 1 and "unknown commitment 'trafik'" in again.stderr
