"""Who may do what: the role table, tokens, the caller's principal, and the audit log.

`OPERATION_ROLES` maps each root field (`Query.x`, `Mutation.y`) to the roles that may call it.
A mutation that is not listed is for ADMIN only; a query that is not listed is open to every role
(it reads the network), and private records are filtered by the services that read them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager as ContextManager
from datetime import UTC, datetime

from graph_service.domain.access import (
    BOOTSTRAP,
    ApiToken,
    AuditEntry,
    AuditFilter,
    Principal,
    Role,
)
from graph_service.domain.errors import BadUserInput, Conflict, Forbidden, NotFound
from graph_service.domain.model import Page
from graph_service.services import paging
from graph_service.store import audit
from graph_service.store.protocol import Store

ADMIN = frozenset({Role.ADMIN})
EDITORS = frozenset({Role.ADMIN, Role.EDITOR})
OWN_RECORDS = frozenset({Role.ADMIN, Role.EDITOR, Role.CANDIDATE})
EVERYONE = frozenset(Role)

OPERATION_ROLES: Mapping[str, frozenset[Role]] = {
    "Query.auditLog": ADMIN,
    "Mutation.importGraph": ADMIN,
    "Mutation.createPerson": EDITORS,
    "Mutation.updatePerson": EDITORS,
    "Mutation.createCompany": EDITORS,
    "Mutation.addEmployment": EDITORS,
    "Mutation.endEmployment": EDITORS,
    "Mutation.connect": EDITORS,
    "Mutation.importLinkedInConnections": EDITORS,
    # a candidate only for their own records; the services check which
    "Mutation.logInterview": OWN_RECORDS,
    "Mutation.updateInterviewOutcome": OWN_RECORDS,
    "Mutation.logReferral": OWN_RECORDS,
    "Mutation.updateReferralStatus": OWN_RECORDS,
    "Mutation.rescheduleInterview": OWN_RECORDS,
    "Mutation.addTargetCompany": OWN_RECORDS,
    "Mutation.removeTargetCompany": OWN_RECORDS,
    # deletions and merges (deletePerson, mergePeople, delete*) stay ADMIN, the default
}
TOKEN_BYTES = 32  # 256 bits


def allowed_roles(operation: str) -> frozenset[Role]:
    default = ADMIN if operation.startswith("Mutation.") else EVERYONE
    return OPERATION_ROLES.get(operation, default)


def authorize(principal: Principal, operation: str) -> None:
    if principal.role not in allowed_roles(operation):
        name = operation.partition(".")[2]
        raise Forbidden(f"{name} is not allowed for the {principal.role.value} role")


def require_own(principal: Principal, person_id: str, *, what: str) -> None:
    """A candidate writes only records where they are `person_id` (the candidate, or the referrer)."""
    if principal.role is Role.CANDIDATE and (principal.person_id or "").casefold() != person_id.casefold():
        raise Forbidden(f"a candidate may only {what} for themselves")


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def principal_for(store: Store, secret: str, *, bootstrap: str | None) -> Principal | None:
    """The principal a bearer token names, or None for an unknown token."""
    if bootstrap is not None and hmac.compare_digest(secret.encode(), bootstrap.encode()):
        return BOOTSTRAP
    token = await store.token_by_hash(hash_token(secret))
    return None if token is None else token.principal()


async def create_token(
    store: Store, *, role: str, person_id: str | None, name: str | None
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    try:
        chosen = Role(role.upper())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise BadUserInput(f"role must be one of {allowed}; got {role!r}", field="role") from None
    if chosen is Role.CANDIDATE:
        if person_id is None:
            raise BadUserInput("a CANDIDATE token needs --person", field="person")
        stored = await store.existing_people([person_id])
        if not stored:
            raise NotFound(f"no person with id {person_id[:80]!r}")
        (person_id,) = stored  # as stored, whatever the case given
    elif person_id is not None:
        raise BadUserInput("--person goes only with the CANDIDATE role", field="person")
    name = name or f"{chosen.value.lower()}-{secrets.token_hex(4)}"
    if not name.isprintable() or not 1 <= len(name) <= 100:
        raise BadUserInput("a token name is 1 to 100 printable characters", field="name")
    if any(t.name == name for t in await store.list_tokens()):
        raise Conflict(f"a token named {name!r} already exists")
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(name, chosen, person_id, hash_token(secret), datetime.now(UTC))
    await store.save_token(token)
    return token, secret


async def revoke_token(store: Store, name: str) -> None:
    if not await store.delete_token(name):
        raise NotFound(f"no token named {name[:80]!r}")


def audited_write(principal: Principal, operation: str, subject: str | None) -> ContextManager[object]:
    """The scope of one audited mutation: the first write the store commits inside it carries
    this entry in its own transaction (see `store.audit`); a write that commits nothing, like a
    replay of an idempotency key, adds none."""
    entry = AuditEntry(
        id=f"{time.time_ns():020d}-{secrets.token_hex(4)}",
        at=datetime.now(UTC),
        principal=principal.name,
        role=principal.role,
        operation=operation,
        subject=None if subject is None else subject[: audit.SUBJECT_MAX],
    )
    return audit.auditing(entry)


async def audit_log(
    store: Store, principal: Principal, *, first: int, after: str | None, where: AuditFilter
) -> Page[AuditEntry]:
    authorize(principal, "Query.auditLog")
    return await store.audit_entries(
        where, first=paging.check_first(first), after=paging.decode_cursor("audit", after)
    )
