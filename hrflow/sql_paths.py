"""Which way a write with two ways goes: PostgreSQL's one-statement path, or the portable ORM
path that SQLite takes. Every such write asks here (the audit chain's append and verification,
the outbox's fan-out, an acknowledgement), so HRFLOW_POSTGRES_STATEMENTS sends them all the ORM
way at once: the parity test runs both ways on PostgreSQL and compares the rows they wrote."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


def in_database(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True when this connection takes the PostgreSQL statements."""
    return connections[using].vendor == "postgresql" and settings.HRFLOW_POSTGRES_STATEMENTS
