"""Name search ignores case, accents and punctuation, on both stores; on Neo4j it reads an index."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from graph_service.domain.model import CompaniesFilter, PeopleFilter
from graph_service.domain.names import fold
from graph_service.settings import Settings
from graph_service.store.neo4j import cypher
from graph_service.store.neo4j.store import Neo4jStore
from tests.graphql_client import GraphQLClient
from tests.neo4j_reset import clear_neo4j

NAMES: dict[str, Any] = {
    "companies": [
        {"id": "cafe", "name": "Café Nord"},
        {"id": "socgen", "name": "Société Générale"},
        {"id": "acme", "name": "ACME"},
    ],
    "people": [
        {"id": "tomas", "name": "Tomás Lindqvist"},
        {"id": "maggie", "name": "Margaret O'Sullivan"},
        {"id": "zoe", "name": "Zoë Ørsted"},
        {"id": "jl", "name": "Jean-Luc Straße"},
        {"id": "bo", "name": "Bo Chen"},
    ],
}
PEOPLE = """query($name: String) { people(first: 10, filter: {nameContains: $name}) {
  totalCount edges { node { id } } } }"""
COMPANIES = """query($name: String) { companies(first: 10, filter: {nameContains: $name}) {
  totalCount edges { node { id } } } }"""


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert fold("Tomás") == "tomas"
    assert fold("O'Sullivan") == "osullivan"
    assert fold("Zoë Ørsted") == "zoeorsted"
    assert fold("Jean-Luc Straße") == "jeanlucstrasse"
    assert fold("  ") == ""


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("tomas", ["tomas"]),
        ("TOMÁS lind", ["tomas"]),
        ("osullivan", ["maggie"]),
        ("O'Sull", ["maggie"]),
        ("zoe orsted", ["zoe"]),
        ("jean luc", ["jl"]),
        ("strasse", ["jl"]),
        ("n", ["bo", "jl", "maggie", "tomas"]),
        ("nobody", []),
    ],
)
async def test_people_by_name_ignore_case_and_accents(
    client: GraphQLClient, query: str, found: list[str]
) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": NAMES})
    data: Any = await client.data(PEOPLE, {"name": query})
    assert [edge["node"]["id"] for edge in data["people"]["edges"]] == found
    assert data["people"]["totalCount"] == len(found)


@pytest.mark.parametrize(
    ("query", "found"), [("cafe", ["cafe"]), ("SOCIETE generale", ["socgen"]), ("acme", ["acme"])]
)
async def test_companies_by_name_ignore_case_and_accents(
    client: GraphQLClient, query: str, found: list[str]
) -> None:
    await client.data("mutation($d: JSON!) { importGraph(document: $d) { people } }", {"d": NAMES})
    data: Any = await client.data(COMPANIES, {"name": query})
    assert [edge["node"]["id"] for edge in data["companies"]["edges"]] == found
    assert data["companies"]["totalCount"] == len(found)


async def test_neo4j_name_search_reads_the_text_index(
    neo4j_store: Neo4jStore, neo4j_settings: Settings
) -> None:
    await neo4j_store.apply_schema()
    driver = neo4j.AsyncGraphDatabase.driver(neo4j_settings.neo4j_uri, auth=None)
    try:
        for statement, index in (
            (cypher.LIST_PEOPLE_NAMED, "TEXT INDEX p:Person(nameKey)"),
            (cypher.LIST_COMPANIES_NAMED, "TEXT INDEX c:Company(nameKey)"),
        ):
            async with driver.session(database=neo4j_settings.neo4j_database) as session:
                result = await session.run(
                    "EXPLAIN " + statement,
                    {
                        "name": "tomas",
                        "after": None,
                        "companyId": None,
                        "minRank": None,
                        "industry": None,
                        "limit": 5,
                    },
                )
                summary = await result.consume()
            assert summary.plan is not None
            assert any(
                operator.startswith("NodeIndexContainsScan") and index in details
                for operator, details in _operators(summary.plan)
            ), summary.plan
    finally:
        await driver.close()


def _operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    found = [(str(plan["operatorType"]), str(plan["args"].get("Details", "")))]
    for child in plan.get("children", []):
        found += _operators(child)
    return found


async def test_neo4j_gives_names_stored_before_folding_their_key(neo4j_store: Neo4jStore) -> None:
    await clear_neo4j(neo4j_store)
    await neo4j_store.run_admin(
        "CREATE (:Person {id: 'renee', name: 'Renée Old'}), (:Company {id: 'ole', name: 'Øle'})"
    )
    await neo4j_store.apply_schema()
    people = await neo4j_store.list_people(PeopleFilter(name_contains="renee"), first=5, after=None)
    companies = await neo4j_store.list_companies(CompaniesFilter(name_contains="ole"), first=5, after=None)
    assert ([p.id for p in people.items], [c.id for c in companies.items]) == (["renee"], ["ole"])
