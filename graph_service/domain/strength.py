"""The default tie strength, used when a tie is stored without one.

An interview, or a referral's introduction, warms an existing tie: its strength moves a quarter of
the way to 1 (s + (1 - s) × 0.25, rounded half up to 4 decimals, as Neo4j's round() does), and its
lastInteraction moves up to that day.

strength = base(context) × recency, rounded to 4 decimals, where

    base:     FRIEND 0.9, COLLEAGUE 0.7, REFERRAL 0.6, INTERVIEW 0.5, OTHER 0.4, LINKEDIN 0.3
    recency:  0.5 + 0.5 × 0.5 ** (years / 3)   years since lastInteraction (else since);
              1.0 for a tie touched today, 0.75 after three years, never below 0.5;
              0.75 when the tie carries no date at all.

It is computed once, when the tie is written, and stored, so both stores see the same number.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from graph_service.domain.model import TieContext

BASE_STRENGTH = {
    TieContext.FRIEND: 0.9,
    TieContext.COLLEAGUE: 0.7,
    TieContext.REFERRAL: 0.6,
    TieContext.INTERVIEW: 0.5,
    TieContext.OTHER: 0.4,
    TieContext.LINKEDIN: 0.3,
}

HALF_LIFE_YEARS = 3.0
WARMTH = 0.25
UNDATED_RECENCY = 0.75


def default_strength(
    context: TieContext, *, since: date | None, last_interaction: date | None, today: date
) -> float:
    touched = last_interaction or since
    if touched is None:
        recency = UNDATED_RECENCY
    else:
        years = max(0.0, (today - touched).days / 365.25)
        recency = 0.5 + 0.5 * 0.5 ** (years / HALF_LIFE_YEARS)
    return round(BASE_STRENGTH[context] * recency, 4)


def warmed(strength: float) -> float:
    """The same number Neo4j's `round(s + (1 - s) * 0.25, 4)` gives."""
    raised = strength + (1 - strength) * WARMTH
    return float(Decimal(repr(raised)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
