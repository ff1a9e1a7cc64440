"""Ids are lowercase ASCII slugs: safe in file names, URLs and shells, and unambiguous to read."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

MAX_ID_LENGTH = 64
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
"""The contract's a-z, 0-9 and -, not starting with - (it would read as an option)."""

# Look-alike letters from other scripts that NFKD does not map to ASCII.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "α": "a", "ο": "o", "ρ": "p", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "τ": "t",
        "ı": "i", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l",
    }
)  # fmt: skip


def is_slug(value: str) -> bool:
    return len(value) <= MAX_ID_LENGTH and SLUG.fullmatch(value) is not None


def slugify(value: str) -> str:
    """The closest valid id: look-alikes and accents to ASCII, other runs to '-'."""
    text = unicodedata.normalize("NFKD", value.lower().translate(_CONFUSABLES))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_CONFUSABLES)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:MAX_ID_LENGTH].rstrip("-")


def closest(value: str, known: Iterable[str]) -> str:
    """The known id closest to `value` (a typo's fix), or '' when none is close: a problem
    keeps it as its `suggestion`, put into words only when shown."""
    known = sorted(set(known))
    matches = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if not matches and not is_slug(value):
        slug = slugify(value)
        matches = [k for k in known if k == slug]
    return matches[0] if matches else ""


def file_stem(path: str) -> str:
    """An agreement file's name without `.yaml`: its id when the file names none, and what a
    named id must equal (`/`-separated relative paths, as every problem names files)."""
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")
