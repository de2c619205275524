"""Who a candidate reaches within a few hops: counts by seniority and decision-makers by company.

Stores gather (everyone within reach with their fewest hops, and their positions); this module
decides, so both stores give the same answer by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph_service.domain.model import DECISION_MAKER, Employment, Function, Seniority, highest

LEVELS: tuple[Seniority | None, ...] = (*Seniority, None)


@dataclass(frozen=True)
class ReachLevel:
    """The people first reached at `hops`, by their highest current seniority (None: no position)."""

    hops: int
    people: int
    by_seniority: tuple[tuple[Seniority | None, int], ...]


@dataclass(frozen=True)
class CompanyReach:
    """`within[i]`: the company's decision-makers reached within i + 1 hops."""

    company_id: str
    within: tuple[int, ...]

    @property
    def decision_makers(self) -> int:
        return self.within[-1]


@dataclass(frozen=True)
class Reach:
    levels: tuple[ReachLevel, ...]
    companies: tuple[CompanyReach, ...]
    watched: tuple[CompanyReach, ...]


def is_decision_maker(job: Employment) -> bool:
    """A current position at MANAGER or above, outside HR."""
    return job.is_current and job.seniority.rank >= DECISION_MAKER.rank and job.function is not Function.HR


def summarize(
    reached: Mapping[str, int],
    jobs: Mapping[str, Sequence[Employment]],
    *,
    max_hops: int,
    first: int,
    company_ids: Sequence[str] = (),
) -> Reach:
    """`reached` maps each person reached to their fewest hops; `jobs` holds their positions."""
    counts = [dict.fromkeys(LEVELS, 0) for _ in range(max_hops)]
    nearest: dict[str, dict[str, int]] = {}
    for person_id, hops in reached.items():
        held = jobs.get(person_id, ())
        level = highest(e.seniority for e in held if e.is_current)
        counts[hops - 1][level] += 1
        for job in held:
            if is_decision_maker(job):
                by_person = nearest.setdefault(job.company_id, {})
                by_person[person_id] = min(hops, by_person.get(person_id, hops))
    levels = tuple(
        ReachLevel(hops=i + 1, people=sum(c.values()), by_seniority=tuple(c.items()))
        for i, c in enumerate(counts)
    )

    def company(company_id: str) -> CompanyReach:
        hops = list(nearest.get(company_id, {}).values())
        return CompanyReach(company_id, tuple(sum(1 for h in hops if h <= n) for n in range(1, max_hops + 1)))

    ranked = sorted(
        (company(c) for c in nearest),
        key=lambda r: (-r.decision_makers, tuple(-n for n in r.within), r.company_id),
    )
    return Reach(
        levels=levels,
        companies=tuple(ranked[:first]),
        watched=tuple(company(c) for c in company_ids),
    )
