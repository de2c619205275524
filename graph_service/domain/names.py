"""The folded form of a name that name search compares: no case, no accents, no punctuation."""

from __future__ import annotations

import functools
import unicodedata

# Letters that carry no accent to strip but are read as plain Latin ones.
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """ "Tomás" -> "tomas", "O'Sullivan" -> "osullivan", "Jean-Luc Ørsted" -> "jeanlucorsted":
    a query matches a name when its fold is part of the name's fold."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN))
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))
