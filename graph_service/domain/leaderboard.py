"""The referrer leaderboard: what each referrer is credited with, and how referrers rank.

The memory store tallies with `tally` and `ranked`; the Neo4j store runs the same rules as one
aggregating statement (`hiring_cypher.LEADERBOARD`), and the contract tests hold the two equal.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph_service.domain.hiring import INTRODUCED_OR_LATER, Interview, Referral, credited, led_to_hire


class LeaderboardOrder(enum.Enum):
    REFERRALS = "REFERRALS"
    CROSS_FIRM = "CROSS_FIRM"
    INTRODUCTIONS = "INTRODUCTIONS"
    INTERVIEWS = "INTERVIEWS"
    HIRES = "HIRES"
    CONVERSION = "CONVERSION"


@dataclass(frozen=True)
class ReferrerRecord:
    referrer_id: str
    referrals: int
    cross_firm: int
    introductions: int
    interviews: int
    hires: int

    @property
    def conversion(self) -> float:
        """Hires per referral made."""
        return self.hires / self.referrals if self.referrals else 0.0

    def value(self, order: LeaderboardOrder) -> float:
        return {
            LeaderboardOrder.REFERRALS: self.referrals,
            LeaderboardOrder.CROSS_FIRM: self.cross_firm,
            LeaderboardOrder.INTRODUCTIONS: self.introductions,
            LeaderboardOrder.INTERVIEWS: self.interviews,
            LeaderboardOrder.HIRES: self.hires,
            LeaderboardOrder.CONVERSION: self.conversion,
        }[order]


def tally(
    referrer_id: str, referrals: Sequence[Referral], interviews: Mapping[str, list[Interview]]
) -> ReferrerRecord:
    """The referrer's record: referrals made, cross-firm ones, those that reached an introduction,
    the interviews credited to them (`credited`) and the hires they led to (`led_to_hire`)."""
    found = [credited(r, interviews.get(r.candidate_id, [])) for r in referrals]
    return ReferrerRecord(
        referrer_id=referrer_id,
        referrals=len(referrals),
        cross_firm=sum(1 for r in referrals if r.cross_firm),
        introductions=sum(1 for r in referrals if r.reached(INTRODUCED_OR_LATER)),
        interviews=sum(len(f) for f in found),
        hires=sum(1 for r, f in zip(referrals, found, strict=True) if led_to_hire(r, f)),
    )


def ranked(records: Iterable[ReferrerRecord], order: LeaderboardOrder, first: int) -> list[ReferrerRecord]:
    """By the chosen measure (highest first), then by referrals made, then by id."""
    return sorted(records, key=lambda rec: (-rec.value(order), -rec.referrals, rec.referrer_id))[:first]
