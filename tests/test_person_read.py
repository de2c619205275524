"""A person read asks the store once, for the parts its selection names; answers stay as they were."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from graph_service.app import create_app
from graph_service.bench.read_bench import PERSON_READ
from graph_service.domain import rows
from graph_service.domain.model import PersonDetail, PersonParts
from graph_service.services import access
from graph_service.services.graph_import import import_graph
from graph_service.settings import Settings
from graph_service.store.protocol import Store
from tests.sample_data import SMALL_DOCUMENT

EVERYTHING = PersonParts(employments=True, companies=True, ties=True, tie_people=True)


class CountingStore:
    """The real store, with a count of the calls made to it (a spy, not a double: it answers
    nothing itself)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.store, name)
        if not callable(found):
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return found(*args, **kwargs)

        return counted


@pytest.fixture
async def app(shared_app: Starlette | None, settings: Settings) -> AsyncIterator[Starlette]:
    """An app of each kind over the small graph (Neo4j's app is shared: its store is put back)."""
    if shared_app is not None:
        await import_graph(shared_app.state.store, SMALL_DOCUMENT)
        yield shared_app
        return
    own = create_app(settings)
    async with own.router.lifespan_context(own):
        await import_graph(own.state.store, SMALL_DOCUMENT)
        yield own


@pytest.fixture
async def counted(app: Starlette) -> AsyncIterator[tuple[httpx.AsyncClient, CountingStore]]:
    real = app.state.store
    spy = CountingStore(real)
    app.state.store = spy
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://localhost"
        ) as http:
            yield http, spy
    finally:
        app.state.store = real


async def answer(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    body = (await http.post("/graphql", json={"query": query, "variables": variables or {}})).json()
    assert "errors" not in body, body["errors"]
    return body["data"]


async def test_the_benchs_person_read_asks_the_store_once(
    counted: tuple[httpx.AsyncClient, CountingStore],
) -> None:
    http, spy = counted
    data = await answer(http, PERSON_READ, {"id": "ada"})
    assert data == {
        "person": {
            "name": "Ada Park",
            "employments": [{"title": "VP Engineering", "company": {"name": "Acme"}}],
            "ties": {
                "edges": [
                    {"node": {"person": {"id": "bo"}, "strength": 0.8}},
                    {"node": {"person": {"id": "gus"}, "strength": 0.4}},
                ]
            },
        }
    }
    assert spy.calls == Counter({"person_detail": 1})


async def test_a_ties_people_with_more_than_their_id_come_in_the_same_read(
    counted: tuple[httpx.AsyncClient, CountingStore],
) -> None:
    http, spy = counted
    data = await answer(
        http,
        """{ person(id: "cy") { ties { edges { node { person { id name headline
             employments { title } } } } } } }""",
    )
    people = [edge["node"]["person"] for edge in data["person"]["ties"]["edges"]]
    assert people == [
        {"id": "bo", "name": "Bo Chen", "headline": "Engineer", "employments": [{"title": "Engineer"}]},
        {"id": "di", "name": "Di Ruiz", "headline": "Recruiter", "employments": [{"title": "Recruiter"}]},
    ]
    # The other people's own positions are the next level: one batched read for both.
    assert spy.calls == Counter({"person_detail": 1, "employments_of": 1})


async def test_parts_named_through_fragments_and_merged_fields_are_read(
    counted: tuple[httpx.AsyncClient, CountingStore],
) -> None:
    http, spy = counted
    data = await answer(
        http,
        """{ person(id: "ada") { name ...Role ... on Person { ties { totalCount } } }
             person(id: "ada") { employments { company { id } } }
             me: person(id: "ada") { id } }
           fragment Role on Person { seniority currentEmployment { title company { name } } }""",
    )
    assert data == {
        "person": {
            "name": "Ada Park",
            "seniority": "VP",
            "currentEmployment": {"title": "VP Engineering", "company": {"name": "Acme"}},
            "ties": {"totalCount": 2},
            "employments": [{"company": {"id": "acme"}}, {"company": {"id": "globex"}}],
        },
        "me": {"id": "ada"},
    }
    assert spy.calls == Counter({"person_detail": 2})


async def test_an_unknown_person_is_still_not_found(counted: tuple[httpx.AsyncClient, CountingStore]) -> None:
    http, _ = counted
    body = (await http.post("/graphql", json={"query": PERSON_READ, "variables": {"id": "nobody"}})).json()
    assert body["data"] == {"person": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]


async def test_a_ties_people_show_their_email_only_to_editors(app: Starlette) -> None:
    store = app.state.store
    _, viewer = await access.create_token(store, role="VIEWER", person_id=None, name="viewer")
    _, editor = await access.create_token(store, role="EDITOR", person_id=None, name="editor")
    query = '{ person(id: "bo") { ties { edges { node { person { id email } } } } } }'
    seen = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost") as http:
        for role, secret in (("VIEWER", viewer), ("EDITOR", editor)):
            response = await http.post(
                "/graphql", json={"query": query}, headers={"authorization": f"Bearer {secret}"}
            )
            edges = response.json()["data"]["person"]["ties"]["edges"]
            seen[role] = [edge["node"]["person"] for edge in edges]
    assert seen == {
        "VIEWER": [{"id": "ada", "email": None}, {"id": "cy", "email": None}],
        "EDITOR": [{"id": "ada", "email": None}, {"id": "cy", "email": "cy@mail.example"}],
    }


# the store's side, on both stores


async def load_small(store: Store) -> None:
    await store.import_document(rows.document_from_rows(SMALL_DOCUMENT))


async def test_a_person_detail_holds_what_the_separate_reads_give(store: Store) -> None:
    await load_small(store)
    for person_id in ("ada", "bo", "cy", "di", "gus"):
        (person,) = await store.get_people([person_id])
        assert person is not None
        (jobs,) = await store.employments_of([person_id])
        (ties,) = await store.ties_of([person_id])
        companies = await store.get_companies(sorted({e.company_id for e in jobs}))
        others = await store.get_people(sorted(t.other(person_id) for t in ties))
        assert await store.person_detail(person_id, EVERYTHING) == PersonDetail(
            person, jobs, [c for c in companies if c], ties, [p for p in others if p]
        )


async def test_a_person_detail_reads_only_the_parts_asked_for(store: Store) -> None:
    await load_small(store)
    (ada,) = await store.get_people(["ada"])
    assert ada is not None
    (jobs,) = await store.employments_of(["ada"])
    (ties,) = await store.ties_of(["ada"])
    assert await store.person_detail("ada", PersonParts()) == PersonDetail(ada)
    assert await store.person_detail("ada", PersonParts(employments=True)) == PersonDetail(
        ada, employments=jobs
    )
    assert await store.person_detail("ada", PersonParts(ties=True)) == PersonDetail(ada, ties=ties)
    assert await store.person_detail("nobody", EVERYTHING) is None
