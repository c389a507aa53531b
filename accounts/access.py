"""The one access model of every staff surface: who is asking, what they may do, where.

A request is made by a Principal: a staff account (logged in to the panel) or an API
token (a program). Both carry scopes and IDO locations. Referrals are reachable only
within the principal's locations; the audit log records `actor`: the account's user
name, or a token's name with the person who answers for it, never a shared name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import COORDINATOR, STAFF

# Scopes of API tokens. `advice` is the default; the others only when asked for.
ADVICE = "advice"
REFERRALS_READ = "referrals:read"
REFERRALS_WRITE = "referrals:write"
PERSONAL_DATA = "personal-data"
REGISTRATIONS = "registrations"
TOKEN_SCOPES = (ADVICE, REFERRALS_READ, REFERRALS_WRITE, PERSONAL_DATA, REGISTRATIONS)
SCOPE_LABELS = {
    ADVICE: "advies vragen",
    REFERRALS_READ: "doorverwijzingen lezen",
    REFERRALS_WRITE: "doorverwijzingen maken en wijzigen",
    PERSONAL_DATA: "persoonsgegevens inzien (export) en wissen",
    REGISTRATIONS: "de anonieme registratie exporteren",
}
# Scopes that only accounts have.
ACCOUNTS = "accounts"
DASHBOARD = "dashboard"

ROLE_SCOPES = {
    STAFF: frozenset({ADVICE, REFERRALS_READ, REFERRALS_WRITE, PERSONAL_DATA}),
    COORDINATOR: frozenset(
        {ADVICE, REFERRALS_READ, REFERRALS_WRITE, PERSONAL_DATA, REGISTRATIONS, ACCOUNTS, DASHBOARD}
    ),
}
# Token scopes that reach referrals, and so need a location and an owner.
LOCATION_SCOPES = frozenset({REFERRALS_READ, REFERRALS_WRITE, PERSONAL_DATA, REGISTRATIONS})


@dataclass(frozen=True)
class Principal:
    kind: str  # "account" or "token"
    name: str  # the user name or the token's name
    actor: str  # as recorded in the audit log
    scopes: frozenset[str]
    locations: frozenset[str] = field(default_factory=frozenset)
    role: str | None = None  # accounts only
    display_name: str | None = None
    account_id: int | None = None
    online_locations: frozenset[str] = field(default_factory=frozenset)

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def sees(self, location_id: str | None) -> bool:
        return location_id is not None and location_id in self.locations

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR

    @property
    def sees_online(self) -> bool:
        """Whether the principal owns the location of online questions (chat, Telegram):
        registrations without a location count as theirs."""
        return bool(self.locations & self.online_locations)


def token_actor(name: str, owner: str | None) -> str:
    return f"{owner} (token {name})" if owner else f"token {name}"
