"""Sample data for tests: a small graph (Acme and Globex, a few people, ties of varied strength) and its hiring variant."""

from __future__ import annotations

import copy
from typing import Any

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


HIRING: dict[str, Any] = copy.deepcopy(SMALL_DOCUMENT)
HIRING["people"] += [
    {"id": "hal", "name": "Hal Berg", "headline": "Engineering manager"},
    {"id": "eve", "name": "Eve Marsh", "headline": "VP Product"},
]
HIRING["employments"] += [
    {"personId": "hal", "companyId": "globex", "title": "Engineering Manager", "seniority": "MANAGER",
     "function": "ENGINEERING", "startDate": "2021-01-01", "endDate": None},
    {"personId": "eve", "companyId": "globex", "title": "VP Product", "seniority": "VP",
     "function": "PRODUCT", "startDate": "2020-01-01", "endDate": None},
]  # fmt: skip
HIRING["ties"] += [{"a": "hal", "b": "eve", "strength": 0.9, "context": "COLLEAGUE"}]
