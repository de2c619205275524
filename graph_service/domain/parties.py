"""What the checks of an interview or referral write read, gathered by the store inside the
write's own transaction: the people and the company it names, and those people's positions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graph_service.domain.errors import NotFound
from graph_service.domain.model import Company, Employment, Person


@dataclass(frozen=True)
class Wanted:
    """The ids a write names; `key` is its idempotency key, whose stored record comes along."""

    people: tuple[str, ...]
    company_id: str
    key: str | None


@dataclass(frozen=True)
class Parties:
    """Those of the wanted people and company that exist, by the id asked, and each found
    person's positions (current first, then newest)."""

    people: Mapping[str, Person]
    companies: Mapping[str, Company]
    jobs: Mapping[str, list[Employment]]

    def person(self, person_id: str) -> Person:
        found = self.people.get(person_id)
        if found is None:
            raise NotFound(f"no person with id {person_id!r}")
        return found

    def company(self, company_id: str) -> Company:
        found = self.companies.get(company_id)
        if found is None:
            raise NotFound(f"no company with id {company_id!r}")
        return found

    def jobs_of(self, person_id: str) -> list[Employment]:
        return self.jobs.get(person_id, [])
