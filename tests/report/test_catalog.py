"""The Swedish catalogue: every message id of the code is translated, the compiled `.mo`
is the `.po` as it stands, and a translation keeps its message's placeholders (a lost
`{name}` would be a traceback the first time a Swedish user meets that message)."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from medborgarlofte.report import i18n

REPO = Path(__file__).resolve().parents[2]
PO = i18n.LOCALE_DIR / "sv" / "LC_MESSAGES" / "mlofte.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)[sd]")


def catalogue() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file, locale="sv")


Key = tuple[str | tuple[str, str], str | None]
"""A message id (a plural's pair) and its context."""


def code_ids() -> dict[Key, str]:
    """Every message id (with its context) in the code and the templates -> where it is."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    found: dict[Key, str] = {}
    for path, line, message, _comments, context in extract_from_dir(
        str(REPO / "src"), method_map, options_map, keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else (message[0], message[1])
        if key and key != ("", ""):
            found.setdefault((key, context), f"{path}:{line}")
    return found


def test_every_message_of_the_code_has_swedish() -> None:
    known = catalogue()
    missing = []
    for (key, context), where in code_ids().items():
        entry = known.get(key[0] if isinstance(key, tuple) else key, context=context)
        string = entry.string if entry is not None else None
        done = bool(string) and all(string) if isinstance(string, tuple) else bool(string)
        if entry is None or not done or entry.fuzzy:
            missing.append(f"{where}: {key!r}")
    assert missing == []


def test_every_translation_is_of_a_message_the_code_has() -> None:
    ids = {(key[0] if isinstance(key, tuple) else key, context) for key, context in code_ids()}
    stale = []
    for message in catalogue():
        first = message.id[0] if isinstance(message.id, tuple) else message.id
        if first and (first, message.context) not in ids:
            stale.append(first)
    assert stale == []


def test_the_compiled_catalogue_is_current() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    compiled.seek(0)
    with MO.open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    wanted = gettext.GNUTranslations(compiled)
    header = ""  # the header's dates and tool name are the compiler's, not the translator's
    assert {k: v for k, v in shipped._catalog.items() if k != header} == {  # type: ignore[attr-defined]
        k: v
        for k, v in wanted._catalog.items()  # type: ignore[attr-defined]
        if k != header
    }


def test_translations_keep_their_placeholders() -> None:
    wrong = []
    for message in catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {name for found in PLACEHOLDER.findall(ids[-1]) for name in found if name}
        for string in strings:
            got = {name for found in PLACEHOLDER.findall(string) for name in found if name}
            if got != wanted:
                wrong.append((ids[0], sorted(wanted), sorted(got)))
    assert wrong == []


def test_the_catalogue_is_in_the_package() -> None:
    swedish = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["sv"])
    assert swedish.gettext("met") == "uppfyllt"
