"""Checks an import document (docs/design.md §7) row by row.

Every bad row is reported with its position (`people[3]`) and reason. Rows that refer to a
bad row, or to an id that is neither in the document nor stored, are bad rows too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from graph_service.domain.corrections import FORMER_CONTACT
from graph_service.domain.errors import BadUserInput, BadUserInputs, RowProblem
from graph_service.domain.hiring import Interview, Referral
from graph_service.domain.model import (
    Company,
    Employment,
    GraphDocument,
    Person,
    Target,
    Tie,
    id_key,
    tie_pair,
)
from graph_service.services import validation as check
from graph_service.services.entities import make_company, make_employment, make_person, make_tie
from graph_service.services.hiring_rows import (
    INTERVIEW_FIELDS,
    REFERRAL_FIELDS,
    interview_from_row,
    referral_from_row,
)

T = TypeVar("T")

SECTIONS = ("companies", "people", "employments", "ties", "interviews", "referrals", "targets")
MAX_ROWS = 2_000_000

PERSON_FIELDS = {"id", "name", "headline", "email", "linkedinUrl"}
COMPANY_FIELDS = {"id", "name", "domain", "industry"}
EMPLOYMENT_FIELDS = {
    "personId",
    "companyId",
    "title",
    "seniority",
    "function",
    "startDate",
    "endDate",
    "inferred",
}
TIE_FIELDS = {"a", "b", "strength", "context", "since", "lastInteraction", "evidence"}
TARGET_FIELDS = {"personId", "companyId"}


@dataclass
class CheckedDocument:
    """The good rows, each with its position, and the problems found so far."""

    companies: list[tuple[str, Company]]
    people: list[tuple[str, Person]]
    employments: list[tuple[str, Employment]]
    ties: list[tuple[str, Tie]]
    problems: list[RowProblem]
    interviews: list[tuple[str, Interview]] = field(default_factory=list)
    referrals: list[tuple[str, Referral]] = field(default_factory=list)
    targets: list[tuple[str, Target]] = field(default_factory=list)

    def referenced_people(self) -> set[str]:
        ids = {e.person_id for _, e in self.employments}
        ids.update(t.person_id for _, t in self.targets)
        ids.update(x for _, t in self.ties for x in (t.a, t.b))
        ids.update(x for _, i in self.interviews for x in (i.candidate_id, i.interviewer_id))
        ids.update(x for _, r in self.referrals for x in (r.referrer_id, r.candidate_id, r.contact_id) if x)
        return ids - {p.id for _, p in self.people} - {FORMER_CONTACT.id}

    def referenced_companies(self) -> set[str]:
        ids = {e.company_id for _, e in self.employments}
        ids.update(i.company_id for _, i in self.interviews)
        ids.update(r.company_id for _, r in self.referrals)
        ids.update(t.company_id for _, t in self.targets)
        return ids - {c.id for _, c in self.companies}

    def person_ids(self) -> set[str]:
        """Every person id the rows give, as given."""
        return self.referenced_people() | {p.id for _, p in self.people}

    def company_ids(self) -> set[str]:
        return self.referenced_companies() | {c.id for _, c in self.companies}

    def respell(
        self,
        *,
        people: dict[str, str],
        companies: dict[str, str],
        interviews: Mapping[str, str],
        referrals: Mapping[str, str],
    ) -> None:
        """Write every id as stored (each mapping takes an id's key to its stored spelling); an id
        stored nowhere keeps the spelling of its first row in the document."""
        for _, person in self.people:
            people.setdefault(id_key(person.id), person.id)
        for _, company in self.companies:
            companies.setdefault(id_key(company.id), company.id)

        def p(value: str) -> str:
            return people.get(id_key(value), value)

        def c(value: str) -> str:
            return companies.get(id_key(value), value)

        self.companies = [(at, replace(x, id=c(x.id))) for at, x in self.companies]
        self.people = [(at, replace(x, id=p(x.id))) for at, x in self.people]
        self.employments = [
            (at, replace(x, person_id=p(x.person_id), company_id=c(x.company_id)))
            for at, x in self.employments
        ]
        self.ties = [(at, _respelled(x, p(x.a), p(x.b))) for at, x in self.ties]
        self.interviews = [
            (
                at,
                replace(
                    x,
                    id=interviews.get(id_key(x.id), x.id),
                    candidate_id=p(x.candidate_id),
                    interviewer_id=p(x.interviewer_id),
                    company_id=c(x.company_id),
                ),
            )
            for at, x in self.interviews
        ]
        self.referrals = [
            (
                at,
                replace(
                    x,
                    id=referrals.get(id_key(x.id), x.id),
                    referrer_id=p(x.referrer_id),
                    candidate_id=p(x.candidate_id),
                    contact_id=None if x.contact_id is None else p(x.contact_id),
                    company_id=c(x.company_id),
                ),
            )
            for at, x in self.referrals
        ]
        self.targets = [(at, Target(p(x.person_id), c(x.company_id))) for at, x in self.targets]

    def drop_dangling(self, *, stored_people: set[str], stored_companies: set[str]) -> None:
        """Turn rows that refer to an id neither in the document nor stored into problems."""
        people = stored_people | {p.id for _, p in self.people}
        # Interviews and referrals may name a deleted person's place (not employments or ties).
        with_former = people | {FORMER_CONTACT.id}
        companies = stored_companies | {c.id for _, c in self.companies}
        kept_employments = []
        for position, e in self.employments:
            if e.person_id not in people:
                self.problems.append(RowProblem(position, f"unknown person {e.person_id!r}"))
            elif e.company_id not in companies:
                self.problems.append(RowProblem(position, f"unknown company {e.company_id!r}"))
            else:
                kept_employments.append((position, e))
        kept_ties = []
        for position, t in self.ties:
            missing = [x for x in (t.a, t.b) if x not in people]
            if missing:
                self.problems.append(RowProblem(position, f"unknown person {missing[0]!r}"))
            else:
                kept_ties.append((position, t))
        self.employments, self.ties = kept_employments, kept_ties
        self.interviews = [
            (position, i)
            for position, i in self.interviews
            if self._known(position, people, [i.candidate_id], companies, i.company_id)
            and self._known(position, with_former, [i.interviewer_id], companies, i.company_id)
        ]
        self.referrals = [
            (position, r)
            for position, r in self.referrals
            if self._known(position, people, [r.candidate_id], companies, r.company_id)
            and self._known(
                position,
                with_former,
                [x for x in (r.referrer_id, r.contact_id) if x],
                companies,
                r.company_id,
            )
        ]
        self.targets = [
            (position, t)
            for position, t in self.targets
            if self._known(position, people, [t.person_id], companies, t.company_id)
        ]

    def _known(
        self, position: str, people: set[str], person_ids: list[str], companies: set[str], company_id: str
    ) -> bool:
        missing = [x for x in person_ids if x not in people]
        if missing:
            self.problems.append(RowProblem(position, f"unknown person {missing[0]!r}"))
            return False
        if company_id not in companies:
            self.problems.append(RowProblem(position, f"unknown company {company_id!r}"))
            return False
        return True

    def document(self) -> GraphDocument:
        return GraphDocument(
            companies=[c for _, c in self.companies],
            people=[p for _, p in self.people],
            employments=[e for _, e in self.employments],
            ties=[t for _, t in self.ties],
            interviews=[i for _, i in self.interviews],
            referrals=[r for _, r in self.referrals],
            targets=[t for _, t in self.targets],
        )


def _respelled(tie: Tie, one: str, other: str) -> Tie:
    a, b = tie_pair(one, other)
    return replace(tie, a=a, b=b)


def check_document(raw: object, *, today: date) -> CheckedDocument:
    """Check the rows on their own; `drop_dangling` then resolves references."""
    problems: list[RowProblem] = []
    if not isinstance(raw, Mapping):
        problems.append(RowProblem("document", "must be a JSON object with lists of rows"))
        return CheckedDocument([], [], [], [], problems)
    for key in raw:
        if key not in SECTIONS:
            problems.append(RowProblem(str(key), f"unknown section; expected one of {', '.join(SECTIONS)}"))
    companies = _rows(raw, "companies", COMPANY_FIELDS, problems, _company)
    people = _rows(raw, "people", PERSON_FIELDS, problems, _person)
    employments = _rows(raw, "employments", EMPLOYMENT_FIELDS, problems, _employment)
    ties = _rows(raw, "ties", TIE_FIELDS, problems, lambda row: _tie(row, today))
    interviews = _rows(
        raw, "interviews", INTERVIEW_FIELDS, problems, lambda row: interview_from_row(row, today=today)
    )
    referrals = _rows(raw, "referrals", REFERRAL_FIELDS, problems, referral_from_row)
    targets = _rows(raw, "targets", TARGET_FIELDS, problems, _target)

    _unique(companies, "companies", lambda c: id_key(c.id), "id", problems)
    _unique([c for c in companies if c[1].domain], "companies", lambda c: c.domain, "domain", problems)
    _unique(people, "people", lambda p: id_key(p.id), "id", problems)
    _unique(
        [p for p in people if p[1].linkedin_url], "people", lambda p: p.linkedin_url, "linkedinUrl", problems
    )
    _unique(
        employments,
        "employments",
        lambda e: (id_key(e.person_id), id_key(e.company_id), e.key[2]),
        "person, company and startDate",
        problems,
    )
    _unique(
        [e for e in employments if e[1].is_open],
        "employments",
        lambda e: (id_key(e.person_id), id_key(e.company_id)),
        "person and company among open positions (one current position per person and company)",
        problems,
    )
    _unique(ties, "ties", lambda t: tie_pair(id_key(t.a), id_key(t.b)), "pair of people", problems)
    _unique(interviews, "interviews", lambda i: id_key(i.id), "id", problems)
    _unique(
        [i for i in interviews if i[1].idempotency_key],
        "interviews",
        lambda i: i.idempotency_key,
        "idempotencyKey",
        problems,
    )
    _unique(referrals, "referrals", lambda r: id_key(r.id), "id", problems)
    _unique(
        targets,
        "targets",
        lambda t: (id_key(t.person_id), id_key(t.company_id)),
        "person and company",
        problems,
    )
    _unique(
        [r for r in referrals if r[1].idempotency_key],
        "referrals",
        lambda r: r.idempotency_key,
        "idempotencyKey",
        problems,
    )

    return CheckedDocument(
        companies=_first_of_each(companies, problems),
        people=_first_of_each(people, problems),
        employments=_first_of_each(employments, problems),
        ties=_first_of_each(ties, problems),
        problems=problems,
        interviews=_first_of_each(interviews, problems),
        referrals=_first_of_each(referrals, problems),
        targets=_first_of_each(targets, problems),
    )


def in_document_order(problems: list[RowProblem]) -> list[RowProblem]:
    """By section (in the order of SECTIONS), then row; a row's own problems keep their order."""

    def place(problem: RowProblem) -> tuple[int, int]:
        section, _, rest = problem.position.partition("[")
        known = SECTIONS.index(section) if section in SECTIONS else -1
        return (known, int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else -1)

    return sorted(problems, key=place)


def _first_of_each(rows: list[tuple[str, T]], problems: list[RowProblem]) -> list[tuple[str, T]]:
    bad = {p.position for p in problems}
    return [(position, item) for position, item in rows if position not in bad]


def _rows(
    raw: Mapping[str, Any],
    section: str,
    fields: set[str],
    problems: list[RowProblem],
    build: Callable[[Mapping[str, Any]], T],
) -> list[tuple[str, T]]:
    rows = raw.get(section, [])
    if rows is None:
        return []
    if not isinstance(rows, list):
        problems.append(RowProblem(section, "must be a list of rows"))
        return []
    if len(rows) > MAX_ROWS:
        problems.append(RowProblem(section, f"has {len(rows)} rows; at most {MAX_ROWS} per document"))
        return []
    built: list[tuple[str, T]] = []
    for index, row in enumerate(rows):
        position = f"{section}[{index}]"
        if not isinstance(row, Mapping):
            problems.append(RowProblem(position, "must be an object"))
            continue
        unknown = sorted(str(k) for k in row if k not in fields)
        if unknown:
            problems.append(
                RowProblem(
                    position, f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(fields))}"
                )
            )
            continue
        try:
            built.append((position, build(row)))
        except BadUserInputs as error:
            problems += [RowProblem(position, e.message) for e in error.errors]
        except BadUserInput as error:
            problems.append(RowProblem(position, error.message))
    return built


def _unique(
    rows: list[tuple[str, T]], section: str, key: Callable[[T], object], what: str, problems: list[RowProblem]
) -> None:
    seen: dict[object, str] = {}
    for position, item in rows:
        value = key(item)
        if value in seen:
            problems.append(RowProblem(position, f"same {what} as {seen[value]}"))
        else:
            seen[value] = position


def _person(row: Mapping[str, Any]) -> Person:
    return make_person(
        id=row.get("id"),
        name=row.get("name"),
        headline=row.get("headline"),
        email=row.get("email"),
        linkedin_url=row.get("linkedinUrl"),
    )


def _company(row: Mapping[str, Any]) -> Company:
    return make_company(
        id=row.get("id"), name=row.get("name"), domain=row.get("domain"), industry=row.get("industry")
    )


def _employment(row: Mapping[str, Any]) -> Employment:
    return make_employment(
        person_id=row.get("personId"),
        company_id=row.get("companyId"),
        title=row.get("title"),
        seniority=row.get("seniority"),
        function=row.get("function"),
        start_date=row.get("startDate"),
        end_date=row.get("endDate"),
        inferred=row.get("inferred"),
    )


def _tie(row: Mapping[str, Any], today: date) -> Tie:
    return make_tie(
        a=row.get("a"),
        b=row.get("b"),
        context=row.get("context"),
        today=today,
        strength=row.get("strength"),
        since=row.get("since"),
        last_interaction=row.get("lastInteraction"),
        evidence=row.get("evidence"),
    )


def _target(row: Mapping[str, Any]) -> Target:
    return Target(
        person_id=check.identifier(row.get("personId"), "personId"),
        company_id=check.identifier(row.get("companyId"), "companyId"),
    )
