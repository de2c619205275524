"""Employments and ties: who works where, and who knows whom."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from graph_service.domain.errors import BadUserInput, Conflict, NotFound
from graph_service.domain.model import Employment, Function, Seniority, Tie, TieContext, tie_pair
from graph_service.domain.titles import TitleClass, classify_title
from graph_service.services import validation as check
from graph_service.services.entities import make_employment, make_tie
from graph_service.services.people import get_company, get_person
from graph_service.store.protocol import Store


async def add_employment(
    store: Store,
    *,
    person_id: str,
    company_id: str,
    title: str,
    seniority: Seniority | None,
    function: Function | None,
    start_date: object = None,
    end_date: object = None,
) -> Employment:
    given = make_employment(
        person_id=person_id,
        company_id=company_id,
        title=title,
        seniority=seniority,
        function=function,
        start_date=start_date,
        end_date=end_date,
    )
    employment = replace(
        given,
        person_id=(await get_person(store, given.person_id)).id,
        company_id=(await get_company(store, given.company_id)).id,
    )
    if employment.is_open:
        # One open position per person and company: one that starts later becomes current on its
        # start date, and two would then be current together.
        (jobs,) = await store.employments_of([employment.person_id])
        for job in jobs:
            if job.company_id == employment.company_id and job.is_open and job.key != employment.key:
                raise Conflict(
                    f"person {employment.person_id!r} already holds a current position at "
                    f"{employment.company_id!r} (since {job.start_date}); end it first"
                )
    return await store.put_employment(employment)


def read_title(title: str) -> TitleClass:
    """classifyTitle: the title must be text of at most the usual length."""
    return classify_title(check.required_text(title, "title"))


async def end_employment(store: Store, *, person_id: str, company_id: str, end_date: object) -> Employment:
    ended = check.optional_date(end_date, "endDate")
    if ended is None:
        raise BadUserInput("endDate is required", field="endDate")
    person_id = (await get_person(store, person_id)).id
    company_id = (await get_company(store, company_id)).id
    (jobs,) = await store.employments_of([person_id])
    current = [e for e in jobs if e.company_id == company_id and e.is_open]
    if not current:
        raise NotFound(f"person {person_id!r} has no current employment at company {company_id!r}")
    job = current[0]
    check.date_order(job.start_date, ended, start_field="startDate", end_field="endDate")
    return await store.put_employment(replace(job, end_date=ended))


async def connect(
    store: Store,
    *,
    a_id: str,
    b_id: str,
    context: TieContext,
    strength: float | None = None,
    since: object = None,
    last_interaction: object = None,
    evidence: str | None = None,
    today: date | None = None,
) -> Tie:
    """Create the pair's tie, or overwrite it: there is one tie per pair."""
    tie = make_tie(
        a=a_id,
        b=b_id,
        context=context,
        today=today or date.today(),
        strength=strength,
        since=since,
        last_interaction=last_interaction,
        evidence=evidence,
    )
    stored = tie_pair((await get_person(store, a_id)).id, (await get_person(store, b_id)).id)
    return await store.put_tie(replace(tie, a=stored[0], b=stored[1]))
