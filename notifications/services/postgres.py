"""Every PostgreSQL-only statement of the notifications app, one function each.

Each does in one statement what the ORM path of its caller does in several (the path SQLite
takes, and PostgreSQL too with HRFLOW_POSTGRES_STATEMENTS off: hrflow.sql_paths decides). The
two must write the same rows; tests/notifications/test_sql_parity.py compares them column by
column, so a column added to the models needs adding here too."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from hrflow import audit

from ..models import Notice

# In the order the recipients were given, as the ORM path's bulk_create writes them (the ids,
# and so the notices' order, follow it).
_ANNOUNCE_ACKS = """
INSERT INTO notifications_acknowledgement
    (content_type_id, object_id, version, content_hash, employee_id, unit_id, deadline,
     requested_at, user_agent, proxy_reason)
SELECT %(type)s, %(object)s, %(version)s, %(hash)s, employee.id, employee.unit_id, %(deadline)s,
       %(now)s, '', ''
FROM unnest(%(recipients)s::bigint[]) WITH ORDINALITY AS recipient(id, position)
JOIN hrflow_employee AS employee ON employee.id = recipient.id
ORDER BY recipient.position
"""

# One notice per acknowledgement of this version × channel, in the order of the channels'
# setting; email only to people with an address, LINE only to people who linked an account.
# The dedupe key is the one outbox.create_notices gives (ack:recipient:channel:announce).
_ANNOUNCE_NOTICES = """
INSERT INTO notifications_notice
    (recipient_id, acknowledgement_id, subject, text, link, channel, kind, dedupe_key, status,
     attempts, lease_token, last_error, created_at)
SELECT ack.employee_id, ack.id, '', '', '', channel.name, %(kind)s,
       ack.id || ':' || ack.employee_id || ':' || channel.name || ':announce',
       %(status)s, 0, '', '', %(now)s
FROM notifications_acknowledgement AS ack
JOIN hrflow_employee AS employee ON employee.id = ack.employee_id
JOIN {users} AS person ON person.id = employee.user_id
CROSS JOIN unnest(%(channels)s::text[]) WITH ORDINALITY AS channel(name, position)
WHERE ack.content_type_id = %(type)s AND ack.object_id = %(object)s
  AND ack.version = %(version)s AND ack.employee_id = ANY(%(recipients)s::bigint[])
  AND (channel.name <> %(email)s OR person.email <> '')
  AND (channel.name <> %(line)s OR EXISTS (
      SELECT 1 FROM notifications_linelink AS line
      WHERE line.employee_id = ack.employee_id AND line.line_user_id <> ''))
ORDER BY ack.id, channel.position
RETURNING id
"""


def insert_announcement(document, employee_ids, *, deadline) -> tuple[int, list[int]]:
    """Writes one `Acknowledgement` row per recipient (this version of `document`, the
    recipient's unit, `deadline`, asked now) and one pending ANNOUNCE `Notice` row per
    acknowledgement × configured channel the person can be reached on (email: has an address;
    LINE: linked an account), two INSERT … SELECTs in all. Returns (acknowledgements written,
    the notices' ids in acknowledgement × channel order)."""
    params = {
        "type": ContentType.objects.get_for_model(document).pk,
        "object": document.pk,
        "version": document.version,
        "hash": document.content_hash,
        "deadline": deadline,
        "now": timezone.now(),
        "recipients": list(employee_ids),
        "kind": Notice.Kind.ANNOUNCE,
        "status": Notice.Status.PENDING,
        "channels": list(settings.HRFLOW_NOTICE_CHANNELS),
        "email": Notice.Channel.EMAIL,
        "line": Notice.Channel.LINE,
    }
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_ANNOUNCE_ACKS, params)
        count = cursor.rowcount
        cursor.execute(_ANNOUNCE_NOTICES.format(users=users), params)
        notice_ids = [row[0] for row in cursor.fetchall()]
    return count, notice_ids


# The acknowledgement, its notices read (what acknowledgements.mark_read does) and the audit
# trail's next number, taken (and its head locked) only if this acknowledged — all only while
# the document is published, whose state and title come back with them.
_ACKNOWLEDGE = """
WITH document AS (
    SELECT state, title FROM {document_table} WHERE id = %(document)s
), acked AS (
    UPDATE notifications_acknowledgement
    SET acknowledged_at = %(now)s, acknowledged_ip = %(ip)s::inet, user_agent = %(user_agent)s
    WHERE id = %(ack)s AND acknowledged_at IS NULL
      AND EXISTS (SELECT 1 FROM document WHERE state = %(published)s)
    RETURNING id
), seen AS (
    UPDATE notifications_notice SET read_at = %(now)s
    WHERE acknowledgement_id = %(ack)s AND recipient_id = %(employee)s AND channel = %(inapp)s
      AND status = %(sent)s AND read_at IS NULL
      AND EXISTS (SELECT 1 FROM document WHERE state = %(published)s)
), head AS (
    {head_claim}
)
SELECT (SELECT count(*) FROM acked), (SELECT seq FROM head), (SELECT hash FROM head),
       (SELECT state FROM document), (SELECT title FROM document)
"""


def acknowledge_and_read(ack, employee, document_model, now, ip, user_agent):
    """Writes, in one statement, while the acknowledged document (a row of `document_model`)
    is published: the `Acknowledgement` row's acknowledged_at, acknowledged_ip and user_agent
    (only if not acknowledged yet); read_at of the employee's sent in-app `Notice` rows about
    it that are unread; and, only if it acknowledged, the audit head's next number
    (hrflow.audit.head_claim_sql: the head stays locked for the event the caller records).
    Returns (acknowledgements written: 0 or 1, the locked head or None, the document's state
    (None if it is gone), its title)."""
    params = {"now": now, "ip": ip, "user_agent": user_agent, "ack": ack.pk,
              "employee": employee.pk, "inapp": Notice.Channel.INAPP,
              "sent": Notice.Status.SENT, "document": ack.object_id,
              "published": "published"}  # fmt: skip
    statement = _ACKNOWLEDGE.format(
        document_table=connection.ops.quote_name(document_model._meta.db_table),
        head_claim=audit.head_claim_sql("EXISTS (SELECT 1 FROM acked)"),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        updated, seq, head_hash, state, title = cursor.fetchone()
    head = audit.LockedHead(seq, head_hash) if seq is not None else None
    return updated, head, state, title


# One email accepted by the mail server: its notice sent and, for an announcement, its
# acknowledgement delivered (once) — what delivery.deliver's mark_sent does in a transaction.
_MARK_SENT = """
WITH sent AS (
    UPDATE notifications_notice
    SET status = %(sent)s, sent_at = %(now)s, lease_until = NULL, last_error = ''
    WHERE id = %(notice)s
    RETURNING acknowledgement_id, kind
)
UPDATE notifications_acknowledgement SET delivered_at = %(now)s
WHERE delivered_at IS NULL
  AND id = (SELECT acknowledgement_id FROM sent WHERE kind = %(announce)s)
"""


def mark_sent(notice_id, now):
    """Writes, in one statement: the `Notice` row's status (sent), sent_at, lease_until (none)
    and last_error (empty); and, if it is an announcement, its `Acknowledgement` row's
    delivered_at unless already set."""
    params = {"notice": notice_id, "now": now, "sent": Notice.Status.SENT,
              "announce": Notice.Kind.ANNOUNCE}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SENT, params)
