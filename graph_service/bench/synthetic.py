"""A synthetic referral network for the benchmark: deterministic for a seed, fast at 100k people.

The shape, in brief:

- about one company per 50 people, sized by a Zipf law: a few large firms, many small ones;
  every company has at least one current employee, its founder or president (OWNER);
- inside each company a seniority pyramid by quota (ENTRY and SENIOR most of it, then MANAGER,
  DIRECTOR, VP, a few EXECUTIVEs), and functions that include HR;
- about 4% of people between jobs, and about half the people with one or two past positions
  at other firms (larger firms have more alumni);
- ties: a heavy-tailed sociability per person; a tie joins current colleagues (55%), former
  colleagues (15%) or two people picked anywhere by sociability (30%, the long-range ties).
  Strengths follow the documented default (context × recency) with noise, in (0, 1].

Working data is kept in lists of ints; only the result is built as domain objects.
"""

from __future__ import annotations

import bisect
import math
import random
from datetime import date

from graph_service.domain.model import (
    Company,
    Employment,
    Function,
    GraphDocument,
    Person,
    Seniority,
    Tie,
    TieContext,
)
from graph_service.domain.strength import BASE_STRENGTH, HALF_LIFE_YEARS

TODAY = date(2026, 1, 1)
PEOPLE_PER_COMPANY = 50
ZIPF_EXPONENT = 1.05
BETWEEN_JOBS = 0.04
PAST_JOBS_WEIGHTS = (0.45, 0.35, 0.20)  # none, one, two earlier positions
COLLEAGUE_SHARE = 0.55
FORMER_COLLEAGUE_SHARE = 0.15

LEVELS = list(Seniority)
# Share of each level below the founder, ENTRY..OWNER.
PYRAMID = (0.40, 0.33, 0.14, 0.07, 0.035, 0.02, 0.005)
FUNCTIONS = list(Function)
FUNCTION_WEIGHTS = {
    Function.HR: 0.07,
    Function.ENGINEERING: 0.25,
    Function.PRODUCT: 0.08,
    Function.SALES: 0.15,
    Function.MARKETING: 0.08,
    Function.FINANCE: 0.07,
    Function.OPERATIONS: 0.13,
    Function.LEGAL: 0.03,
    Function.OTHER: 0.14,
}
LONG_RANGE_CONTEXTS = (
    (TieContext.LINKEDIN, 0.40),
    (TieContext.FRIEND, 0.15),
    (TieContext.OTHER, 0.15),
    (TieContext.INTERVIEW, 0.15),
    (TieContext.REFERRAL, 0.15),
)
INDUSTRIES = (
    "Software", "Finance", "Healthcare", "Retail", "Manufacturing", "Logistics",
    "Energy", "Media", "Consulting", "Education", "Telecom", "Insurance",
)  # fmt: skip
FIRST_NAMES = (
    "Ada", "Bo", "Cy", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea",
    "Mo", "Nia", "Oren", "Pia", "Quinn", "Rafa", "Sol", "Tara", "Uma", "Vik", "Wen", "Yara",
)  # fmt: skip
LAST_NAMES = (
    "Park", "Okafor", "Silva", "Novak", "Haddad", "Kim", "Moreau", "Rossi", "Tanaka", "Berg",
    "Diaz", "Ivanova", "Khan", "Larsen", "Mensah", "Nguyen", "Olsen", "Petrov", "Reyes", "Weber",
)  # fmt: skip
NAME_PARTS = ("Acme", "Globex", "Initech", "Umbra", "Vertex", "Nimbus", "Helix", "Orbit", "Quanta", "Lumen")
NAME_SUFFIXES = ("Labs", "Group", "Systems", "Partners", "Works", "Holdings", "Analytics", "Co")
FUNCTION_NAMES = {
    Function.HR: "People",
    Function.ENGINEERING: "Engineering",
    Function.PRODUCT: "Product",
    Function.SALES: "Sales",
    Function.MARKETING: "Marketing",
    Function.FINANCE: "Finance",
    Function.OPERATIONS: "Operations",
    Function.LEGAL: "Legal",
    Function.OTHER: "Business",
}


def max_ties(people: int) -> int:
    return people * (people - 1) // 2


def generate(people: int, ties: int, *, seed: int) -> GraphDocument:
    """`people` people, exactly `ties` distinct ties, and about people/50 companies."""
    if people < 2:
        raise ValueError(f"people must be at least 2; got {people}")
    if not 0 <= ties <= max_ties(people):
        raise ValueError(f"ties must be from 0 to {max_ties(people)} for {people} people; got {ties}")
    rng = random.Random(seed)
    n_companies = max(1, people // PEOPLE_PER_COMPANY)
    company_weights = [1.0 / (c + 1) ** ZIPF_EXPONENT for c in range(n_companies)]
    company_cum = _cumulative(company_weights)

    company_of = _place_people(rng, people, n_companies, company_weights)
    members: list[list[int]] = [[] for _ in range(n_companies)]
    for person, company in enumerate(company_of):
        if company >= 0:
            members[company].append(person)
    level_of = [0] * people
    for group in members:
        for person, rank in zip(group, _pyramid(rng, len(group)), strict=True):
            level_of[person] = rank

    person_width = len(str(people - 1))
    person_ids = [f"p{i:0{person_width}d}" for i in range(people)]
    companies = _companies(rng, n_companies)
    titles = {(level, fn): _title(level, fn) for level in LEVELS for fn in FUNCTIONS}
    function_weights = [FUNCTION_WEIGHTS[f] for f in FUNCTIONS]
    day = _DayCache()

    employments: list[Employment] = []
    person_rows: list[Person] = []
    alumni: list[list[int]] = [[] for _ in range(n_companies)]
    past_of: list[tuple[int, ...]] = [()] * people
    for person in range(people):
        company = company_of[person]
        function = rng.choices(FUNCTIONS, function_weights)[0]
        headline = None
        # Earlier positions end before `begins`: the current job's start, or when they left work.
        begins = TODAY.toordinal() - rng.randint(30, 365 * 3)
        if company >= 0:
            level = LEVELS[level_of[person]]
            tenure = rng.randint(365 * 3, 365 * 20) if level is Seniority.OWNER else rng.randint(60, 365 * 8)
            begins = TODAY.toordinal() - tenure
            title = titles[level, function]
            headline = title
            employments.append(
                Employment(person_ids[person], companies[company].id, title, level, function, day(begins))
            )
        n_past = rng.choices((0, 1, 2), PAST_JOBS_WEIGHTS)[0] if company >= 0 else rng.randint(1, 2)
        past: list[int] = []
        rank = level_of[person] if company >= 0 else rng.randint(0, 3)
        for _ in range(n_past):
            former = _pick(rng, company_cum)
            if former == company or former in past:
                continue
            past.append(former)
            alumni[former].append(person)
            rank = max(0, rank - rng.randint(0, 1))
            ends = begins - rng.randint(0, 120)
            begins = ends - rng.randint(300, 365 * 5)
            if rng.random() > 0.8:
                function = rng.choices(FUNCTIONS, function_weights)[0]
            level = LEVELS[min(rank, Seniority.EXECUTIVE.rank)]
            employments.append(
                Employment(
                    person_ids[person],
                    companies[former].id,
                    titles[level, function],
                    level,
                    function,
                    day(begins),
                    day(ends),
                )
            )
        past_of[person] = tuple(past)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        person_rows.append(Person(person_ids[person], name, headline=headline))

    sociability = [rng.lognormvariate(0.0, 0.9) for _ in range(people)]
    tie_rows = _ties(
        rng,
        ties,
        person_ids=person_ids,
        company_of=company_of,
        members=members,
        alumni=alumni,
        past_of=past_of,
        social_cum=_cumulative(sociability),
        day=day,
    )
    return GraphDocument(companies=companies, people=person_rows, employments=employments, ties=tie_rows)


def _place_people(rng: random.Random, people: int, n_companies: int, weights: list[float]) -> list[int]:
    """Each person's current company index, or -1 between jobs; every company gets someone."""
    employed = max(n_companies, people - round(people * BETWEEN_JOBS))
    placement = list(range(n_companies)) + rng.choices(range(n_companies), weights, k=employed - n_companies)
    order = list(range(people))
    rng.shuffle(order)
    company_of = [-1] * people
    for person, company in zip(order, placement, strict=False):
        company_of[person] = company
    return company_of


def _pyramid(rng: random.Random, size: int) -> list[int]:
    """Seniority ranks for a company of `size`: one OWNER, the rest by quota of PYRAMID."""
    if size == 0:
        return []
    rest = size - 1
    quotas = [rest * share for share in PYRAMID]
    counts = [math.floor(q) for q in quotas]
    leftover = rest - sum(counts)
    if leftover:
        fractions = [q - c for q, c in zip(quotas, counts, strict=True)]
        for level in rng.choices(range(len(LEVELS)), fractions, k=leftover):
            counts[level] += 1
    ranks = [Seniority.OWNER.rank] + [level for level, count in enumerate(counts) for _ in range(count)]
    rng.shuffle(ranks)
    return ranks


def _companies(rng: random.Random, n_companies: int) -> list[Company]:
    width = len(str(n_companies - 1))
    result = []
    for c in range(n_companies):
        company_id = f"c{c:0{width}d}"
        name = f"{rng.choice(NAME_PARTS)} {rng.choice(NAME_SUFFIXES)} {c}"
        result.append(
            Company(company_id, name, domain=f"{company_id}.example", industry=rng.choice(INDUSTRIES))
        )
    return result


def _title(level: Seniority, function: Function) -> str:
    area = FUNCTION_NAMES[function]
    return {
        Seniority.ENTRY: f"{area} Associate",
        Seniority.SENIOR: f"Senior {area} Specialist",
        Seniority.MANAGER: f"{area} Manager",
        Seniority.DIRECTOR: f"Director of {area}",
        Seniority.VP: f"VP {area}",
        Seniority.EXECUTIVE: f"Chief {area} Officer",
        Seniority.OWNER: "Founder and President",
    }[level]


def _ties(
    rng: random.Random,
    count: int,
    *,
    person_ids: list[str],
    company_of: list[int],
    members: list[list[int]],
    alumni: list[list[int]],
    past_of: list[tuple[int, ...]],
    social_cum: list[float],
    day: _DayCache,
) -> list[Tie]:
    people = len(person_ids)
    long_contexts = [c for c, _ in LONG_RANGE_CONTEXTS]
    long_weights = [w for _, w in LONG_RANGE_CONTEXTS]
    seen: set[int] = set()
    result: list[Tie] = []
    attempts = 0
    budget = 20 * count + 1000
    while len(result) < count and attempts < budget:
        attempts += 1
        u = _pick(rng, social_cum)
        v = -1
        draw = rng.random()
        context = TieContext.COLLEAGUE
        if draw < COLLEAGUE_SHARE:
            company = company_of[u]
            if company >= 0 and len(members[company]) > 1:
                v = rng.choice(members[company])
        elif draw < COLLEAGUE_SHARE + FORMER_COLLEAGUE_SHARE:
            v = _former_colleague(rng, u, company_of, members, alumni, past_of)
        if v < 0:
            v = _pick(rng, social_cum)
            context = rng.choices(long_contexts, long_weights)[0]
        elif rng.random() < 0.2:
            context = TieContext.FRIEND
        if u == v:
            continue
        a, b = (u, v) if u < v else (v, u)
        key = a * people + b
        if key in seen:
            continue
        seen.add(key)
        result.append(_tie(rng, person_ids[a], person_ids[b], context, day))
    if len(result) < count:
        # Dense request: the random draws keep colliding, so take the remaining pairs directly.
        rest = [(a, b) for a in range(people) for b in range(a + 1, people) if a * people + b not in seen]
        for a, b in rng.sample(rest, count - len(result)):
            context = rng.choices(long_contexts, long_weights)[0]
            result.append(_tie(rng, person_ids[a], person_ids[b], context, day))
    return result


def _former_colleague(
    rng: random.Random,
    person: int,
    company_of: list[int],
    members: list[list[int]],
    alumni: list[list[int]],
    past_of: list[tuple[int, ...]],
) -> int:
    """Someone who worked at one of `person`'s companies while or after they did; -1 if none."""
    past = past_of[person]
    if past:
        company = rng.choice(past)
        pool = members[company] if rng.random() < 0.6 else alumni[company]
    else:
        company = company_of[person]
        pool = alumni[company] if company >= 0 else []
    return rng.choice(pool) if pool else -1


def _tie(rng: random.Random, a: str, b: str, context: TieContext, day: _DayCache) -> Tie:
    since = TODAY.toordinal() - rng.randint(30, 365 * 12)
    touched = since
    last = None
    if rng.random() < 0.6:
        touched = rng.randint(since, TODAY.toordinal())
        last = day(touched)
    years = (TODAY.toordinal() - touched) / 365.25
    recency = 0.5 + 0.5 * 0.5 ** (years / HALF_LIFE_YEARS)
    strength = round(min(1.0, max(0.01, BASE_STRENGTH[context] * recency * rng.uniform(0.75, 1.3))), 4)
    return Tie(a, b, strength, context, since=day(since), last_interaction=last)


def _cumulative(weights: list[float]) -> list[float]:
    total = 0.0
    result = []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    """An index drawn with the weights whose running sums are `cumulative`."""
    return min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


class _DayCache:
    """One shared `date` per day: a few thousand objects instead of millions."""

    def __init__(self) -> None:
        self._days: dict[int, date] = {}

    def __call__(self, ordinal: int) -> date:
        found = self._days.get(ordinal)
        if found is None:
            found = self._days[ordinal] = date.fromordinal(ordinal)
        return found
