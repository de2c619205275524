"""The key two company names share when they name the same company: case, accents, punctuation
and legal suffixes (Inc, Ltd, GmbH, S.A., ...) ignored.

Stricter than a search folding: only the words of a legal form at the end are dropped, and only
single letters left by dotted abbreviations ("S.A." reads "sa") are joined.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LEGAL_FORMS = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp",
        "lp", "plc", "pllc", "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug", "se", "sa", "sas", "sasu",
        "sarl", "sab", "sca", "srl", "spa", "sl", "slu", "bv", "nv", "ab", "as", "asa", "oy", "oyj", "aps",
        "pty", "pte", "kk", "sp", "zoo", "cv", "de", "and", "e", "v", "ev",
    }
)  # fmt: skip
"""Words of legal forms, dropped from the end of a name ("GmbH & Co. KG", "S.A. de C.V.", "e.V.")."""

_SEPARATORS = re.compile(r"[\W_]+")


@lru_cache(maxsize=65_536)
def company_key(name: str) -> str:
    """The matching key of a company name; the folded name itself when it is all legal form."""
    text = name.replace("&", " and ")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = text.casefold()
    words = _join_initials(_SEPARATORS.sub(" ", plain).split())
    kept = list(words)
    while len(kept) > 1 and kept[-1] in LEGAL_FORMS:
        kept.pop()
    return " ".join(kept)


def _join_initials(words: list[str]) -> list[str]:
    """Runs of single letters, as dotted abbreviations leave them ("s a", "b v"), become one word."""
    joined: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha() and word.isascii():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    return joined
