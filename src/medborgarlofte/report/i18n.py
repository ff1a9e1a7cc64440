"""Words in the user's language: `_` and `ngettext` look the English message id up in the
active gettext translation at each call (English until a language is chosen).

Stub of the Swedish-interface work: the catalogue, the choice of language and the framework's
words land here."""

from __future__ import annotations

import gettext

_active: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """The message in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for `n`, in the active language."""
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message id for the catalogue without translating it (translated when shown)."""
    return message
