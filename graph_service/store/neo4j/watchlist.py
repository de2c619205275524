"""The Neo4j store's watchlists and reach gathering (a mixin of `Neo4jStore`)."""

from __future__ import annotations

from collections.abc import Sequence

from graph_service.domain.errors import NotFound
from graph_service.domain.model import Target
from graph_service.store.neo4j import cypher
from graph_service.store.neo4j.session import Neo4jSession


class Neo4jWatchlist(Neo4jSession):
    async def targets_of(self, person_ids: Sequence[str]) -> list[list[str]]:
        found: dict[str, list[str]] = {i: [] for i in person_ids}
        for record in await self._read(cypher.TARGETS_OF, ids=list(person_ids)):
            found[record["personId"]].append(record["companyId"])
        return [sorted(found[i]) for i in person_ids]

    async def add_target(self, target: Target) -> None:
        (record,) = await self._write(
            cypher.ADD_TARGET, personId=target.person_id, companyId=target.company_id
        )
        if record["n"] == 0:
            raise NotFound(f"no person {target.person_id!r} or no company {target.company_id!r}")

    async def remove_target(self, target: Target) -> None:
        await self._write(cypher.REMOVE_TARGET, personId=target.person_id, companyId=target.company_id)

    async def neighbourhood(self, from_id: str, *, max_hops: int, limit: int) -> dict[str, int] | None:
        reached = {from_id: 0}
        frontier = [from_id]
        examined = 0
        for hops in range(1, max_hops + 1):
            if not frontier:
                break
            following: list[str] = []
            for record in await self._read(cypher.NEIGHBOURS, ids=frontier):
                examined += int(record["ties"])
                if record["id"] not in reached:
                    reached[record["id"]] = hops
                    following.append(record["id"])
            if examined > limit:
                return None
            frontier = following
        del reached[from_id]
        return reached
