"""Safe handling of user text: what may appear in it, and how to quote it in a message."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional
# formatting characters of the Trojan Source trick (CVE-2021-42574).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# In one-line text (titles, names) a tab is refused too.
_FORBIDDEN_IN_LINE = re.compile("[\t]|" + _FORBIDDEN.pattern)
# Escaped in messages: the above, what is invisible or breaks a line without being a
# control (zero-width characters, a soft hyphen, invisible operators, line and paragraph
# separators, a stray byte order mark),
# and lone surrogates: a file name that is not UTF-8 holds its raw bytes as \udc80-\udcff
# (surrogateescape), which would reach a terminal as the raw byte (0x9b is CSI) or make
# the output invalid UTF-8.
_CONTROL_ANY = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
# What JSON written with ensure_ascii=False carries raw but a terminal might act on, or that
# hides text: DEL and C1 controls, bidi marks and overrides, zero-width and invisible
# characters, line and paragraph separators, a byte order mark (JSON escapes C0 itself).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


def forbidden_character(text: str) -> str | None:
    """The first character that must not appear in user text, escaped, or None."""
    match = _FORBIDDEN.search(text)
    return escape_controls(match.group()) if match else None


def forbidden_line_character(text: str) -> str | None:
    """Like `forbidden_character`, for one-line text, where a tab is refused too."""
    match = _FORBIDDEN_IN_LINE.search(text)
    return escape_controls(match.group()) if match else None


def escape_char(char: str) -> str:
    """`\\x1b` or `\\u202e`: a character as a visible escape; an undecodable byte of a file
    name (a surrogate of surrogateescape) as the byte it stands for, `\\x9b`."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def escape_controls(text: str) -> str:
    """Text with every control or bidi character shown as an escape, so a terminal never acts on it."""
    return _CONTROL_ANY.sub(_escape, text)


def escape_undecodable(text: str) -> str:
    """Text with every lone surrogate (an undecodable byte of a file name) shown as an escape:
    what any output may carry, always valid UTF-8."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_escape, text)


def clean(text: str) -> str:
    """Text for display: controls and undecodable bytes escaped except tab and newline
    (already refused by validation)."""
    return escape_undecodable(_FORBIDDEN.sub(_escape, text))


def quote(value: object, limit: int = 60) -> str:
    """A value as a short, escaped, single-quoted snippet for a message."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + escape_controls(text) + "'"


def shown(text: str) -> str:
    """Text as printed in a message: controls escaped, personal identity numbers masked."""
    from medborgarlofte.core.personal import redact

    # masked first: an invisible character inside a number is no longer one once escaped
    return redact(escape_controls(redact(text)))


def json_safe(text: str) -> str:
    """JSON text with each such character as its `\\u` escape: they can stand only inside
    strings, where the escape means the same, and every JSON document we write is the same
    bytes in every terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
