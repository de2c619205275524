"""Builds checked entities from raw values, for mutations and import rows alike."""

from __future__ import annotations

from datetime import date

from graph_service.domain.corrections import FORMER_CONTACT
from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import (
    Company,
    Employment,
    Function,
    Person,
    Seniority,
    Tie,
    TieContext,
    id_key,
    tie_pair,
)
from graph_service.domain.strength import default_strength
from graph_service.domain.titles import classify_title
from graph_service.services import validation as check


def make_person(
    *, id: object, name: object, headline: object = None, email: object = None, linkedin_url: object = None
) -> Person:
    found = check.Collected()
    person_id = found(lambda: _person_id(id))
    person = Person(
        id=person_id,
        name=found(lambda: check.required_text(name, "name")),
        headline=found(lambda: check.optional_text(headline, "headline")),
        email=found(lambda: check.email(email)),
        linkedin_url=found(lambda: check.url(linkedin_url, "linkedinUrl")),
    )
    found.done()
    return person


def _person_id(value: object) -> str:
    person_id = check.identifier(value, "id")
    if id_key(person_id) == id_key(FORMER_CONTACT.id):
        raise BadUserInput(f'"{FORMER_CONTACT.id}" names the deleted people in others\' records', field="id")
    return person_id


def make_company(*, id: object, name: object, domain: object = None, industry: object = None) -> Company:
    found = check.Collected()
    company = Company(
        id=found(lambda: check.identifier(id, "id")),
        name=found(lambda: check.required_text(name, "name")),
        domain=found(lambda: check.domain(domain)),
        industry=found(lambda: check.optional_text(industry, "industry", max_length=100)),
    )
    found.done()
    return company


def make_employment(
    *,
    person_id: object,
    company_id: object,
    title: object,
    seniority: object,
    function: object,
    start_date: object = None,
    end_date: object = None,
    inferred: object = None,
) -> Employment:
    """A seniority or function left out (None) is read from the title and the position says
    `inferred`; given values always win. `inferred` itself is only given by exported rows."""
    found = check.Collected()
    text = found(lambda: check.required_text(title, "title"))
    reading = classify_title(text) if found.ok and (seniority is None or function is None) else None
    if inferred is not None and not isinstance(inferred, bool):
        found.errors.append(BadUserInput("inferred must be true or false", field="inferred"))
    job = Employment(
        person_id=found(lambda: check.identifier(person_id, "personId")),
        company_id=found(lambda: check.identifier(company_id, "companyId")),
        title=text,
        seniority=reading.seniority
        if reading and seniority is None
        else found(lambda: check.enum_member(Seniority, seniority, "seniority")),
        function=reading.function
        if reading and function is None
        else found(lambda: check.enum_member(Function, function, "function")),
        start_date=found(lambda: check.optional_date(start_date, "startDate")),
        end_date=found(lambda: check.optional_date(end_date, "endDate")),
        inferred=reading is not None or bool(inferred),
    )
    if found.ok:
        found(
            lambda: check.date_order(
                job.start_date, job.end_date, start_field="startDate", end_field="endDate"
            )
        )
    found.done()
    return job


def make_tie(
    *,
    a: object,
    b: object,
    context: object,
    today: date,
    strength: object = None,
    since: object = None,
    last_interaction: object = None,
    evidence: object = None,
) -> Tie:
    found = check.Collected()
    first = found(lambda: check.identifier(a, "a"))
    second = found(lambda: check.identifier(b, "b"))
    if found.ok and id_key(first) == id_key(second):
        found.errors.append(BadUserInput(f"a person cannot have a tie to themselves ({first})", field="b"))
    kind = found(lambda: check.enum_member(TieContext, context, "context"))
    began = found(lambda: check.optional_date(since, "since"))
    touched = found(lambda: check.optional_date(last_interaction, "lastInteraction"))
    if began is not None and touched is not None:
        found(lambda: check.date_order(began, touched, start_field="since", end_field="lastInteraction"))
    value = found(lambda: check.strength(strength))
    text = found(lambda: check.optional_text(evidence, "evidence", max_length=check.EVIDENCE_MAX))
    found.done()
    if value is None:
        value = default_strength(kind, since=began, last_interaction=touched, today=today)
    lo, hi = tie_pair(first, second)
    return Tie(
        a=lo,
        b=hi,
        strength=value,
        context=kind,
        since=began,
        last_interaction=touched,
        evidence=text,
    )
