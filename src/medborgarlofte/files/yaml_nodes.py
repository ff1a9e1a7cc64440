"""YAML nodes -> plain data, with the place of every key and value: what the composer of
libyaml built is turned into values by us, so nothing is ever constructed from a tag and no
alias is ever expanded; each YAML 1.1 trap and refused construct is reported at its place."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from medborgarlofte.core import personal
from medborgarlofte.core.ids import is_slug
from medborgarlofte.core.model import Key, Locations
from medborgarlofte.core.problems import Arg, Problem, problem, problem_with
from medborgarlofte.core.text import quote

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_RESOLVER = yaml.resolver.Resolver()
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,99})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOL_WORDS = {"true": True, "false": False}
MAX_DEPTH = 64
"""Deeper nesting is refused: no real file needs it, and a crafted one would exhaust the stack."""
MAX_INT_DIGITS = 100
"""Longer digit runs are refused while reading; shorter ones reach validation and its limits."""


class _Invalid:
    """Stands for a value already reported, so later checks stay quiet about it."""

    def __repr__(self) -> str:
        return "<invalid>"


INVALID: Any = _Invalid()


class Builder:
    """Builds plain values from a node graph, recording places and refusing what is unsafe."""

    def __init__(
        self, path: str, personal_offsets: list[int] | None = None, text: str = ""
    ) -> None:
        self.path = path
        self.text = text
        self.personal_offsets = personal_offsets or []
        self.locations = Locations()
        self.problems: list[Problem] = []
        self.reported: set[Key] = set()
        self.seen: set[int] = set()

    def report(self, node: yaml.Node, key: Key, code: str, **args: Arg) -> Any:
        mark = node.start_mark
        self.problems.append(problem_with(self.path, mark.line + 1, mark.column + 1, code, args))
        self.reported.add(key)
        return INVALID

    def build(self, node: yaml.Node, key: Key, depth: int) -> Any:
        self.locations.values[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:  # an alias: reported at its own place by _check_events
            self.reported.add(key)
            return INVALID
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            return self.report(node, key, "nesting-too-deep", depth=MAX_DEPTH)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                return self.report(node, key, "tag-not-allowed", tag=_short(node.tag))
            return self.mapping(node, key, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self.report(node, key, "tag-not-allowed", tag=_short(node.tag))
            return [self.build(item, (*key, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, key)

    def mapping(self, node: yaml.MappingNode, key: Key, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(key_node, key, "key-not-plain")
                continue
            if key_node.tag == _TAG + "merge":
                self.report(key_node, key, "merge-key")
                continue
            name = self.scalar(key_node, (*key, key_node.value))
            if name is INVALID:
                name = key_node.value
            try:
                hash(name)
            except TypeError:  # pragma: no cover - scalars are hashable
                name = key_node.value
            child = (*key, name)
            if name in first_line:
                shown = quote(str(name))
                self.problems.append(
                    problem(
                        self.path,
                        line,
                        col,
                        "duplicate-key",
                        key=shown,
                        other_line=first_line[name],
                    )
                )
                first = self.locations.keys[child]
                self.problems.append(
                    problem(self.path, *first, "duplicate-key-first", key=shown, other_line=line)
                )
                self.reported.add(child)
                continue
            first_line[name] = line
            self.locations.keys[child] = (line, col)
            result[name] = self.build(value_node, child, depth + 1)
        return result

    def scalar(self, node: yaml.Node, key: Key) -> Any:
        value = str(node.value)
        style = getattr(node, "style", None)
        if style in ("'", '"', "|", ">"):
            if node.tag != _STR:
                return self.report(node, key, "tag-not-allowed", tag=_short(node.tag))
            if self._hidden_personal_number(node, value):
                return self.report(node, key, "personal-number")
            return value
        if self.text:
            self._cut_by_comment(node, key, value)
        implicit = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if node.tag != implicit and node.tag != _STR:
            return self.report(node, key, "tag-not-allowed", tag=_short(node.tag))
        tag = node.tag
        if tag == _STR:
            if self._hidden_personal_number(node, value):
                return self.report(node, key, "personal-number")
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            if value.lower() in _BOOL_WORDS:
                return _BOOL_WORDS[value.lower()]
            if key and key[-1] in NUMBER_KEYS:  # quoting it would not make it a number
                return self.report(node, key, "yes-no-word-for-number", name=key[-1], value=value)
            return self.report(node, key, "yes-no-word", value=value)
        if tag == _TAG + "int":
            return self.integer(node, key, value)
        if tag == _TAG + "float":
            try:
                return float(yaml.constructor.SafeConstructor().construct_yaml_float(node))  # type: ignore[arg-type]
            except ValueError:
                return self.report(node, key, "not-a-number", value=quote(value))
        if tag == _TAG + "timestamp":
            return self.timestamp(node, key, value)
        return self.report(node, key, "tag-not-allowed", tag=_short(tag))

    def _cut_by_comment(self, node: yaml.Node, key: Key, value: str) -> None:
        """A warning when a plain value is followed on its line by a comment that reads as the
        rest of the value: `note: Vandring #2 i centrum` gives the note 'Vandring', as YAML
        takes ' #' for the start of a comment.

        The rule: after a plain value (or an empty one), ` #` on the same line is taken for
        the rest of the value when the `#` is followed by a character other than a space
        (`#2`, `#trygghet`), or when only one space stands before the `#` and the value is
        text that is no id (`note: Möte # inställt`, not `minimum: 4 # per år`). A comment
        written as comments are (`value  # comment`: two spaces, then `# `) never warns, nor
        one after an id, a number or a date written `value # comment`, so the shipped files,
        the README's examples and every file `mlofte log` writes (it quotes a text holding
        ' #') stay quiet. A line holding a personal identity number is left to that error."""
        end = node.end_mark.index
        if node.end_mark.line != node.start_mark.line:
            return
        match = _TRAILING_COMMENT.match(self.text, end)
        if match is None:
            return
        spaces, comment = match.group(1), match.group(2)
        rest = comment[1:]
        free_text = value != "" and not is_slug(value) and not _NOT_TEXT.fullmatch(value)
        if not (rest[:1] not in ("", " ", "\t") or (len(spaces) == 1 and free_text)):
            return
        line_start = self.text.rfind("\n", 0, end) + 1
        if any(line_start <= offset <= match.end() for offset in self.personal_offsets):
            return
        names = [part for part in key if isinstance(part, str)]
        whole = f"{value}{spaces}{comment}".strip()
        mark = node.start_mark
        self.problems.append(
            problem(
                self.path,
                mark.line + 1,
                mark.column + 1,
                "comment-cuts-value",
                level="warning",
                key=names[-1] if names else "value",
                value=value,
                fix=_quoted(whole),
            )
        )

    def _hidden_personal_number(self, node: yaml.Node, value: str) -> bool:
        """A personal number that the text scan missed: made by escapes (\\x38, an escaped line
        break) or by YAML folding a wrapped value ("811218\\n  -9876" reads "811218 -9876")."""
        if not personal.personal_number_offsets(value):
            return False
        start, end = node.start_mark.index, node.end_mark.index
        return not any(start <= offset < end for offset in self.personal_offsets)

    def integer(self, node: yaml.Node, key: Key, value: str) -> Any:
        if _DECIMAL.fullmatch(value):
            return int(value)
        if ":" in value:
            return self.report(node, key, "base-60", value=quote(value), read_as=_yaml_int(node))
        digits = value.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1:2] not in ("x", "b"):
            return self.report(node, key, "octal", value=quote(value), read_as=_yaml_int(node))
        if (
            _DECIMAL.fullmatch(digits.replace("_", "")) is None
            and digits.replace("_", "").isdigit()
        ):
            return self.report(
                node, key, "too-many-digits", value=quote(value), limit=MAX_INT_DIGITS
            )
        return self.report(node, key, "not-plain-decimal", value=quote(value))

    def timestamp(self, node: yaml.Node, key: Key, value: str) -> Any:
        if _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return self.report(node, key, "invalid-date", value=value)
        try:
            stamp = yaml.constructor.SafeConstructor().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except (ValueError, OverflowError):
            return self.report(node, key, "invalid-date-time", value=quote(value))
        return stamp


_TRAILING_COMMENT = re.compile(r"([ \t]+)(#[^\n]*)")
_NOT_TEXT = re.compile(r"[-+0-9.:_ ]+|true|false|null|~", re.IGNORECASE)
"""Values that are numbers, dates or times, yes/no or empty: a comment after them is one."""


def _quoted(text: str) -> str:
    """The text as a YAML double-quoted scalar (single-quoted when it holds `"` or `\\`)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _yaml_int(node: yaml.Node) -> str:
    """What YAML 1.1 makes of an integer-looking scalar, for the message only: its digits, or
    'large' or 'number' (put into words when shown)."""
    if len(str(node.value)) > 40:
        return "large"
    try:
        return str(yaml.constructor.SafeConstructor().construct_yaml_int(node))  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return "number"


NUMBER_KEYS = frozenset({"count", "minimum"})
"""The keys whose value is a whole number: a yes/no word there wants a number, not quotes."""


def _short(tag: str) -> str:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return quote(shown)
