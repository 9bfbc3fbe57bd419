from contextlib import contextmanager

import pytest
from django.db import connection

from tests.notifications.conftest import publish  # noqa: F401  (the fixture, shared)


@pytest.fixture
def tamper():
    """tamper() → a context in which the test may rewrite the trail as an attacker with the
    database owner's powers would: on PostgreSQL the append-only trigger is switched off inside
    the test's transaction (and comes back with its rollback)."""

    @contextmanager
    def _tamper():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The deferred foreign-key checks of this transaction's inserts must run first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE hrflow_auditevent DISABLE TRIGGER USER")
                cursor.execute("ALTER TABLE hrflow_audittext DISABLE TRIGGER USER")
        yield
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE hrflow_auditevent ENABLE TRIGGER USER")
                cursor.execute("ALTER TABLE hrflow_audittext ENABLE TRIGGER USER")

    return _tamper
