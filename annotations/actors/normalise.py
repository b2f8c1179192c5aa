"""Alias normalisation: the form two names must share to name the same actor.

Case-folded, diacritics removed, dots of abbreviations dropped ("U.S." = "US"),
a possessive ending removed ("Russia's" = "Russia"), a leading "the" dropped,
apostrophes, dashes and white space unified.
"""
from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-",
                              "\u2011": "-", "\u2013": "-", "\u2014": "-"})
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
_SPACES = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """`text` with combining marks removed ("Erdoğan" -> "Erdogan"); other characters kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def normalise(alias: str) -> str:
    """The matching key of a name (see the module docstring)."""
    text = strip_diacritics(alias.translate(_APOSTROPHES)).casefold()
    text = _SPACES.sub(" ", text.replace(".", " ").strip())
    text = _SPACES.sub(" ", re.sub(r"\b(\w) (?=\w\b)", r"\1", text))  # "u s a" (from U.S.A.) -> "usa"
    text = _POSSESSIVE.sub("", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text
