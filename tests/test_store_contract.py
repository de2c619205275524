"""The store protocol's contract: every test runs on the memory store and on a real Neo4j."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph_service.domain import rows
from graph_service.domain.errors import Conflict, NotFound
from graph_service.domain.hiring import (
    Interview,
    InterviewOutcome,
    InterviewStage,
    Referral,
    ReferralStatus,
    StatusChange,
)
from graph_service.domain.model import (
    CompaniesFilter,
    Company,
    Employment,
    Function,
    PeopleFilter,
    Person,
    Seniority,
    Target,
    Tie,
    TieContext,
)
from graph_service.domain.parties import Wanted
from graph_service.store.protocol import Store
from tests.sample_data import SMALL_DOCUMENT


async def load_small(store: Store) -> None:
    await store.import_document(rows.document_from_rows(SMALL_DOCUMENT))


async def test_created_person_reads_back_with_every_field(store: Store) -> None:
    ada = Person("ada", "Ada Park", "VP Eng", "ada@acme.example", "https://www.linkedin.com/in/ada")
    await store.create_person(ada)
    assert await store.get_people(["ada", "nobody"]) == [ada, None]


async def test_creating_a_taken_id_is_a_conflict_and_keeps_the_first(store: Store) -> None:
    await store.create_person(Person("ada", "Ada Park"))
    with pytest.raises(Conflict):
        await store.create_person(Person("ada", "Someone Else"))
    assert await store.get_people(["ada"]) == [Person("ada", "Ada Park")]


async def test_a_linkedin_url_belongs_to_one_person(store: Store) -> None:
    url = "https://www.linkedin.com/in/ada"
    await store.create_person(Person("ada", "Ada Park", linkedin_url=url))
    with pytest.raises(Conflict, match="linkedinUrl"):
        await store.create_person(Person("ada2", "Ada Again", linkedin_url=url))
    assert await store.get_people(["ada2"]) == [None]


async def test_a_domain_belongs_to_one_company(store: Store) -> None:
    await store.create_company(Company("acme", "Acme", "acme.example"))
    with pytest.raises(Conflict, match="domain"):
        await store.create_company(Company("acme2", "Acme Two", "acme.example"))
    with pytest.raises(Conflict):
        await store.create_company(Company("acme", "Acme Again"))


async def test_replacing_a_person_overwrites_and_clears_fields(store: Store) -> None:
    await store.create_person(Person("ada", "Ada Park", headline="VP", email="ada@acme.example"))
    await store.replace_person(Person("ada", "Ada P. Park", headline=None, email="ada@globex.example"))
    assert await store.get_people(["ada"]) == [Person("ada", "Ada P. Park", None, "ada@globex.example")]
    with pytest.raises(NotFound):
        await store.replace_person(Person("nobody", "No One"))


async def test_employments_upsert_by_start_date_and_list_current_first(store: Store) -> None:
    await load_small(store)
    later = Employment(
        "ada", "acme", "SVP Engineering", Seniority.EXECUTIVE, Function.ENGINEERING, date(2019, 1, 1), None
    )
    await store.put_employment(later)
    (jobs,) = await store.employments_of(["ada"])
    assert [(j.company_id, j.title, j.is_current) for j in jobs] == [
        ("acme", "SVP Engineering", True),
        ("globex", "Engineering Manager", False),
    ]


async def test_employment_of_unknown_person_is_not_found(store: Store) -> None:
    await load_small(store)
    job = Employment("zed", "acme", "Engineer", Seniority.ENTRY, Function.ENGINEERING)
    with pytest.raises(NotFound):
        await store.put_employment(job)
    assert [(e.person_id, e.title) for e in await store.employees_of("acme", on=None)] == [
        ("ada", "VP Engineering"),
        ("bo", "Engineer"),
    ]


async def test_employees_on_a_past_day_include_those_who_left(store: Store) -> None:
    await load_small(store)
    then = await store.employees_of("globex", on=date(2016, 5, 1))
    now = await store.employees_of("globex", on=None)
    assert {e.person_id for e in then} == {"ada", "gus"}
    assert {e.person_id for e in now} == {"di", "gus"}


async def test_one_tie_per_pair_whichever_way_it_is_given(store: Store) -> None:
    await load_small(store)
    await store.put_tie(Tie("ada", "bo", 0.9, TieContext.FRIEND, evidence="Climbing partners"))
    (ada_ties, bo_ties) = await store.ties_of(["ada", "bo"])
    assert [(t.other("ada"), t.strength, t.context) for t in ada_ties] == [
        ("bo", 0.9, TieContext.FRIEND),
        ("gus", 0.4, TieContext.COLLEAGUE),
    ]
    assert [t.other("bo") for t in bo_ties] == ["ada", "cy"]
    exported = await store.export_document()
    assert len(exported.ties) == 4


async def test_tie_to_unknown_person_is_not_found(store: Store) -> None:
    await load_small(store)
    with pytest.raises(NotFound):
        await store.put_tie(Tie("ada", "zed", 0.5, TieContext.OTHER))
    (ties,) = await store.ties_of(["ada"])
    assert len(ties) == 2


async def test_people_pages_cover_everyone_once_in_id_order(store: Store) -> None:
    await load_small(store)
    seen: list[str] = []
    after = None
    while True:
        page = await store.list_people(PeopleFilter(), first=2, after=after)
        seen += [p.id for p in page.items]
        if not page.has_next:
            break
        after = page.items[-1].id
    assert seen == ["ada", "bo", "cy", "di", "gus"]
    assert await store.count_people(PeopleFilter()) == 5


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (PeopleFilter(name_contains="CH"), ["bo"]),
        (PeopleFilter(company_id="globex"), ["di", "gus"]),
        (PeopleFilter(min_seniority=Seniority.MANAGER), ["ada", "gus"]),
        (PeopleFilter(company_id="globex", min_seniority=Seniority.MANAGER), ["gus"]),
        (PeopleFilter(company_id="acme", name_contains="park"), ["ada"]),
    ],
)
async def test_people_filters(store: Store, where: PeopleFilter, expected: list[str]) -> None:
    await load_small(store)
    page = await store.list_people(where, first=10, after=None)
    assert [p.id for p in page.items] == expected
    assert await store.count_people(where) == len(expected)


async def test_company_filters(store: Store) -> None:
    await load_small(store)
    page = await store.list_companies(CompaniesFilter(industry="energy"), first=10, after=None)
    assert [c.id for c in page.items] == ["globex"]
    assert await store.count_companies(CompaniesFilter(name_contains="AC")) == 1


async def test_export_then_import_gives_the_same_graph(store: Store) -> None:
    await load_small(store)
    first = await store.export_document()
    given = rows.document_from_rows(SMALL_DOCUMENT)
    assert first.companies == sorted(given.companies, key=lambda c: c.id)
    assert first.people == sorted(given.people, key=lambda p: p.id)
    assert first.employments == sorted(given.employments, key=lambda e: e.key)
    assert first.ties == sorted(given.ties, key=lambda t: (t.a, t.b))
    await store.import_document(first)
    await store.import_document(first)
    assert await store.export_document() == first


async def test_existing_ids(store: Store) -> None:
    await load_small(store)
    assert await store.existing_people(["ada", "zed", "gus"]) == {"ada", "gus"}
    assert await store.existing_companies(["acme", "initech"]) == {"acme"}


async def test_deepening_continues_until_the_true_first_target_has_its_paths(store: Store) -> None:
    """The top target's weak path is found before its strong one; it still ranks first and needs a
    third, longer path, so the search must not stop at two hops."""
    from graph_service.domain.paths import PathQuery
    from graph_service.services.graph_import import import_graph

    people = ["c", "a", "b", "d", "e", "f", "g", "h", "t", "u"]
    ties = [("c", "a", 0.2), ("c", "b", 0.9), ("a", "t", 1.0), ("b", "t", 1.0), ("c", "d", 0.5), ("c", "e", 0.5),
            ("c", "f", 0.5), ("d", "u", 1.0), ("e", "u", 1.0), ("f", "u", 1.0), ("c", "g", 1.0), ("g", "h", 1.0),
            ("h", "t", 1.0)]  # fmt: skip
    await import_graph(
        store,
        {
            "companies": [{"id": "x", "name": "X"}],
            "people": [{"id": p, "name": p.upper()} for p in people],
            "employments": [
                {
                    "personId": p,
                    "companyId": "x",
                    "title": "Lead",
                    "seniority": "MANAGER",
                    "function": "OTHER",
                }
                for p in ("t", "u")
            ],
            "ties": [{"a": a, "b": b, "strength": s, "context": "OTHER"} for a, b, s in ties],
        },
    )
    found = await store.introduction_paths(
        PathQuery(from_id="c", target_company_id="x", first=1, per_target=3)
    )
    assert [p.people for p in found] == [("c", "b", "t"), ("c", "a", "t"), ("c", "g", "h", "t")]


# Every write that names other records refuses an unknown one the same way on both stores, and
# stores nothing: the services check first, but a store must not rely on it (a race can delete).

MARCH = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _interview(**changes: object) -> Interview:
    given: dict[str, object] = {
        "id": "i1", "candidate_id": "cy", "company_id": "globex", "interviewer_id": "gus",
        "stage": InterviewStage.HIRING_MANAGER, "date": date(2026, 3, 2), "outcome": InterviewOutcome.ADVANCED,
    } | changes  # fmt: skip
    return Interview(**given)  # type: ignore[arg-type]


def _referral(**changes: object) -> Referral:
    given: dict[str, object] = {
        "id": "r1", "referrer_id": "ada", "candidate_id": "cy", "company_id": "globex",
        "status": ReferralStatus.MADE, "created_at": MARCH, "updated_at": MARCH, "cross_firm": True,
        "history": (StatusChange(ReferralStatus.MADE, MARCH),), "contact_id": "gus",
    } | changes  # fmt: skip
    return Referral(**given)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [{"candidate_id": "zed"}, {"interviewer_id": "zed"}, {"company_id": "initech"}],
    ids=["candidate", "interviewer", "company"],
)
async def test_an_interview_with_an_unknown_reference_is_not_found(store: Store, bad: dict[str, str]) -> None:
    await load_small(store)
    with pytest.raises(NotFound):
        wanted = Wanted(("cy", "gus"), "globex", None)
        await store.record_interview(wanted, lambda _: (_interview(**bad), None))
    assert await store.get_interviews(["i1"]) == [None]


@pytest.mark.parametrize(
    "bad",
    [{"referrer_id": "zed"}, {"candidate_id": "zed"}, {"company_id": "initech"}, {"contact_id": "zed"}],
    ids=["referrer", "candidate", "company", "contact"],
)
async def test_a_referral_with_an_unknown_reference_is_not_found(store: Store, bad: dict[str, str]) -> None:
    await load_small(store)
    with pytest.raises(NotFound):
        wanted = Wanted(("ada", "cy", "gus"), "globex", None)
        await store.record_referral(wanted, lambda _: (_referral(**bad), None))
    assert await store.get_referrals(["r1"]) == [None]


async def test_a_tie_or_watchlist_entry_to_an_unknown_record_is_not_found(store: Store) -> None:
    await load_small(store)
    with pytest.raises(NotFound):
        await store.put_tie(Tie("ada", "zed", 0.5, TieContext.FRIEND))
    with pytest.raises(NotFound):
        await store.add_target(Target("cy", "initech"))
    with pytest.raises(NotFound):
        await store.put_employment(Employment("cy", "initech", "SRE", Seniority.SENIOR, Function.ENGINEERING))
    assert [t.other("ada") for t in (await store.ties_of(["ada"]))[0]] == ["bo", "gus"]
    assert await store.targets_of(["cy"]) == [[]]
