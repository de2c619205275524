"""The one error tree of the service.

    GraphServiceError            base; never raised itself
    ├── BadUserInput             BAD_USER_INPUT       the input is malformed or out of range
    │   ├── InvalidDocument      BAD_USER_INPUT       an import document with bad rows (carries them)
    │   └── BadUserInputs        BAD_USER_INPUT       several problems of one input, in field order
    ├── NotFound                 NOT_FOUND            an id that names nothing
    ├── Conflict                 CONFLICT             clashes with something already stored
    ├── InvalidTransition        INVALID_TRANSITION   a state change the state machine forbids
    ├── SearchTooBroad           SEARCH_TOO_BROAD     a search that would exceed the work bound
    ├── Unauthenticated          UNAUTHENTICATED
    ├── Forbidden                FORBIDDEN
    └── ServiceUnavailable       SERVICE_UNAVAILABLE  the store cannot be reached

Stores translate driver errors into this tree; the API turns it into GraphQL errors with
`extensions.code`. Anything outside it is a bug and is masked at the API boundary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class GraphServiceError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def extensions(self) -> Mapping[str, object]:
        return {"code": self.code}


class BadUserInput(GraphServiceError):
    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def extensions(self) -> Mapping[str, object]:
        if self.field is None:
            return {"code": self.code}
        return {"code": self.code, "field": self.field}


class BadUserInputs(BadUserInput):
    def __init__(self, errors: Sequence[BadUserInput]) -> None:
        super().__init__("; ".join(e.message for e in errors), field=errors[0].field)
        self.errors = list(errors)


@dataclass(frozen=True)
class RowProblem:
    """One bad row of an import document: where it is (`people[3]`) and what is wrong."""

    position: str
    reason: str


class InvalidDocument(BadUserInput):
    def __init__(self, problems: Sequence[RowProblem]) -> None:
        shown = "; ".join(f"{p.position}: {p.reason}" for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"the document has {len(problems)} bad row(s), nothing was imported: {shown}{more}")
        self.problems = list(problems)

    def extensions(self) -> Mapping[str, object]:
        return {
            "code": self.code,
            "problems": [{"position": p.position, "reason": p.reason[:300]} for p in self.problems],
        }


class NotFound(GraphServiceError):
    code = "NOT_FOUND"


class Conflict(GraphServiceError):
    code = "CONFLICT"


class InvalidTransition(GraphServiceError):
    code = "INVALID_TRANSITION"


class SearchTooBroad(GraphServiceError):
    code = "SEARCH_TOO_BROAD"


class Unauthenticated(GraphServiceError):
    code = "UNAUTHENTICATED"


class Forbidden(GraphServiceError):
    code = "FORBIDDEN"


class ServiceUnavailable(GraphServiceError):
    code = "SERVICE_UNAVAILABLE"
