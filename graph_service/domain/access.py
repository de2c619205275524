"""Who is asking and what they may see: roles, principals, stored tokens and audit entries."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(enum.Enum):
    ADMIN = "ADMIN"  # everything, including importGraph and tokens
    EDITOR = "EDITOR"  # a coach or recruiter: writes the graph, interviews and referrals
    VIEWER = "VIEWER"  # reads the network, never a private record
    CANDIDATE = "CANDIDATE"  # a viewer who also reads and writes their own records


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role
    person_id: str | None = None  # set for a CANDIDATE

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.ADMIN, Role.EDITOR)

    @property
    def sees_emails(self) -> bool:
        return self.sees_everything

    def sees_record(self, *, candidate_id: str, referrer_id: str | None = None) -> bool:
        """Interviews (no referrer) and referrals are private to their people, editors and admins."""
        if self.sees_everything:
            return True
        if self.role is not Role.CANDIDATE or self.person_id is None:
            return False
        return self.person_id.casefold() in (candidate_id.casefold(), (referrer_id or "").casefold())


# The command line and the seed act as the system; a service without a token serves its local
# user, on loopback only, with every right.
SYSTEM = Principal("system", Role.ADMIN)
LOCAL = Principal("local", Role.ADMIN)
BOOTSTRAP = Principal("bootstrap", Role.ADMIN)


@dataclass(frozen=True)
class ApiToken:
    """A stored token: only the hash of its secret is kept."""

    name: str
    role: Role
    person_id: str | None
    token_hash: str
    created_at: datetime

    def principal(self) -> Principal:
        return Principal(self.name, self.role, self.person_id)


@dataclass(frozen=True)
class AuditEntry:
    id: str
    at: datetime
    principal: str
    role: Role
    operation: str
    subject: str | None


@dataclass(frozen=True)
class AuditFilter:
    principal: str | None = None
    operation: str | None = None

    def matches(self, entry: AuditEntry) -> bool:
        return (self.principal is None or entry.principal == self.principal) and (
            self.operation is None or entry.operation == self.operation
        )
