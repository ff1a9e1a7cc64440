"""Problems as values: no problem carries words of ours (the field is gone), and every code
the source names when it makes a problem is one of report/messages.py's catalogue."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from conftest import REPO
from medborgarlofte.core.problems import Problem
from medborgarlofte.report.messages import MESSAGES, PLURALS


def test_problem_has_no_words_of_its_own() -> None:
    assert "message" not in Problem.__dataclass_fields__
    assert not hasattr(Problem("x"), "message")


def _literal_codes() -> Iterator[tuple[str, str]]:
    """(where, code) of every call that names a problem's code in the source: the fourth
    argument of problem() and problem_with(), an f-string's code as a pattern."""
    for path in sorted((REPO / "src" / "medborgarlofte").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            index = _CODE_AT.get(name)
            if index is None or len(node.args) <= index:
                continue
            where, arg = f"{path.relative_to(REPO)}:{node.lineno}", node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield where, arg.value
            elif isinstance(arg, ast.JoinedStr):
                yield (
                    where,
                    "".join(v.value if isinstance(v, ast.Constant) else "*" for v in arg.values),
                )


_CODE_AT = {
    "problem": 3,
    "problem_with": 3,
    "_followup_at": 2,
    "report": 2,
    "_at": 2,
    "_entry_at": 2,
}
"""Where the code is among the positional arguments of each function that makes a problem."""


def test_every_code_named_in_the_source_is_in_the_catalogue() -> None:
    found = list(_literal_codes())
    assert len(found) > 60
    codes = set(MESSAGES) | set(PLURALS)
    for where, code in found:
        pattern = re.compile(re.escape(code).replace(r"\*", "[a-z0-9-]+") + r"\Z")
        assert any(pattern.match(c) for c in codes), (where, code)
        assert " " not in code, f"{where}: words, not a code: {code!r}"


def test_no_problem_is_built_from_words_in_the_source() -> None:
    """Problem(...) itself is built only where a kept problem is read back (its code and
    arguments from the cache); everything else names a code through problem()."""
    allowed = {"core/problems.py", "speed/rows.py", "speed/load.py", "speed/followups.py"}
    for path in sorted((REPO / "src" / "medborgarlofte").rglob("*.py")):
        rel = path.relative_to(REPO / "src" / "medborgarlofte").as_posix()
        if "Problem(" in path.read_text(encoding="utf-8"):
            assert rel in allowed, rel
