"""Words in the user's language: `_` and `ngettext` look the English message id up in the
active gettext translation at each call, so a word is never fixed in a language at import.

The Swedish catalogue is `locale/sv/LC_MESSAGES/mlofte.mo` in the package (compiled from the
`.po` beside it at development time); it is read once, and only when Swedish is chosen, so
English `--help` and `--version` read no file. `choose` follows gettext's own order of the
locale variables, after `--lang` and `MLOFTE_LANG`."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Language = Literal["en", "sv"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
DOMAIN = "mlofte"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""gettext's order: the first of them that is set decides."""


@dataclass(frozen=True, slots=True)
class Choice:
    """The language to speak, and whether the user asked for it (`--lang`, `MLOFTE_LANG`)
    rather than it following the locale: the report is Swedish unless asked otherwise."""

    language: Language
    asked: bool


_active: gettext.NullTranslations = gettext.NullTranslations()
_language: Language = "en"
_asked = False
_loaded: dict[Language, gettext.NullTranslations] = {"en": gettext.NullTranslations()}


def choose(option: str | None, environ: Mapping[str, str]) -> Choice:
    """`--lang` (when it names a language), else `MLOFTE_LANG`, else the locale variables in
    gettext's order (`C` and `POSIX` mean English), else English."""
    if option in LANGUAGES:
        return Choice(option, True)
    asked = _known(environ.get("MLOFTE_LANG", ""))
    if asked is not None:
        return Choice(asked, True)
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return Choice(_known(value) or "en", False)
    return Choice("en", False)


def _known(value: str) -> Language | None:
    """The first of our languages a locale value names ("sv_SE.UTF-8", "sv:en", "C")."""
    for item in value.split(":"):
        name = item.split(".")[0].split("@")[0].strip()
        if name in ("C", "POSIX"):
            return "en"
        language = name.replace("-", "_").split("_")[0].lower()
        if language in LANGUAGES:
            return language
    return None


def use(choice: Choice) -> None:
    """Speak `choice` from now on (the catalogue is read the first time it is needed)."""
    global _active, _language, _asked
    translation = _loaded.get(choice.language)
    if translation is None:
        translation = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[choice.language], fallback=True
        )
        _loaded[choice.language] = translation
    _active, _language, _asked = translation, choice.language, choice.asked


def current() -> Choice:
    """The language in use."""
    return Choice(_language, _asked)


def _(message: str) -> str:
    """The message in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for `n`, in the active language."""
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as said in `context` (gettext's msgctxt), for a word that another place
    translates otherwise: the table's "Done" is "Genomfört", the report's "Utfört"."""
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a message id for the catalogue without translating it (translated when shown)."""
    return message


def decimal(text: str) -> str:
    """A number already written with a decimal point, as the language writes it ("2,5" in
    Swedish). Only for text a person reads: machine formats keep the point."""
    return text.replace(".", ",") if _language == "sv" else text
