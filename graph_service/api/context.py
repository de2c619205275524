"""What every resolver gets: the store, the caller, the request's limits and per-request loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from starlette.responses import Response
from strawberry.dataloader import DataLoader

from graph_service.domain.access import Principal
from graph_service.domain.hiring import Interview
from graph_service.domain.model import Company, Employment, Person, Tie
from graph_service.store.protocol import Store


@dataclass
class Loaders:
    people: DataLoader[str, Person | None]
    companies: DataLoader[str, Company | None]
    employments: DataLoader[str, list[Employment]]
    ties: DataLoader[str, list[Tie]]
    interviews: DataLoader[str, list[Interview]]

    @classmethod
    def for_store(cls, store: Store) -> Loaders:
        async def people(ids: Sequence[str]) -> list[Person | None]:
            return await store.get_people(list(ids))

        async def companies(ids: Sequence[str]) -> list[Company | None]:
            return await store.get_companies(list(ids))

        async def employments(ids: Sequence[str]) -> list[list[Employment]]:
            return await store.employments_of(list(ids))

        async def ties(ids: Sequence[str]) -> list[list[Tie]]:
            return await store.ties_of(list(ids))

        async def interviews(ids: Sequence[str]) -> list[list[Interview]]:
            return await store.interviews_of(list(ids))

        return cls(
            interviews=DataLoader(load_fn=interviews),
            people=DataLoader(load_fn=people),
            companies=DataLoader(load_fn=companies),
            employments=DataLoader(load_fn=employments),
            ties=DataLoader(load_fn=ties),
        )


@dataclass
class Context:
    store: Store
    principal: Principal
    # the HTTP response's headers and status, for RATE_LIMITED's Retry-After
    response: Response | None = None
    # the request's time limit, which the guard sets once it knows the operation is a query
    time_limit: asyncio.Timeout | None = None
    # The payload of a websocket's `connection_init` (strawberry sets it), where a browser puts
    # its token: a browser's WebSocket cannot send headers.
    connection_params: object = None
    loaders: Loaders = field(init=False)
    operation: str = field(init=False, default="")
    """The operation's type and root field names, for logs and metrics (see `schema.OperationLabel`)."""

    def __post_init__(self) -> None:
        self.loaders = Loaders.for_store(self.store)
