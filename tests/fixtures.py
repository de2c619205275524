"""A small graph used across tests: Acme and Globex, a few people, ties of varied strength."""

from __future__ import annotations

from typing import Any

from graph_service.store.neo4j.store import Neo4jStore

CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


async def clear_neo4j(store: Neo4jStore) -> None:
    """Tests isolate by clearing data: Community has one database."""
    await store.run_admin(CLEAR)


SMALL_DOCUMENT: dict[str, Any] = {
    "companies": [
        {"id": "acme", "name": "Acme", "domain": "acme.example", "industry": "Software"},
        {"id": "globex", "name": "Globex", "domain": "globex.example", "industry": "Energy"},
    ],
    "people": [
        {
            "id": "ada",
            "name": "Ada Park",
            "headline": "VP Engineering",
            "linkedinUrl": "https://www.linkedin.com/in/ada",
        },
        {"id": "bo", "name": "Bo Chen", "headline": "Engineer"},
        {"id": "cy", "name": "Cy Okafor", "headline": "Looking for SRE roles", "email": "cy@mail.example"},
        {"id": "di", "name": "Di Ruiz", "headline": "Recruiter"},
        {"id": "gus", "name": "Gus Lind", "headline": "CEO"},
    ],
    "employments": [
        {
            "personId": "ada",
            "companyId": "acme",
            "title": "VP Engineering",
            "seniority": "VP",
            "function": "ENGINEERING",
            "startDate": "2019-01-01",
            "endDate": None,
        },
        {
            "personId": "ada",
            "companyId": "globex",
            "title": "Engineering Manager",
            "seniority": "MANAGER",
            "function": "ENGINEERING",
            "startDate": "2014-03-01",
            "endDate": "2018-12-31",
        },
        {
            "personId": "bo",
            "companyId": "acme",
            "title": "Engineer",
            "seniority": "SENIOR",
            "function": "ENGINEERING",
            "startDate": "2020-06-01",
            "endDate": None,
        },
        {
            "personId": "di",
            "companyId": "globex",
            "title": "Recruiter",
            "seniority": "ENTRY",
            "function": "HR",
            "startDate": "2022-01-10",
            "endDate": None,
        },
        {
            "personId": "gus",
            "companyId": "globex",
            "title": "CEO",
            "seniority": "EXECUTIVE",
            "function": "OTHER",
            "startDate": "2010-01-01",
            "endDate": None,
        },
    ],
    "ties": [
        {
            "a": "ada",
            "b": "bo",
            "strength": 0.8,
            "context": "COLLEAGUE",
            "since": "2020-06-01",
            "evidence": "Same team at Acme",
        },
        {"a": "cy", "b": "bo", "strength": 0.6, "context": "FRIEND", "since": "2015-09-01"},
        {"a": "ada", "b": "gus", "strength": 0.4, "context": "COLLEAGUE", "since": "2014-03-01"},
        {
            "a": "cy",
            "b": "di",
            "strength": 0.3,
            "context": "LINKEDIN",
            "since": "2024-02-02",
            "lastInteraction": "2025-01-05",
        },
    ],
}
