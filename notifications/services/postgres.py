"""Every PostgreSQL-only statement of the notifications app, one function each.

Each does in one statement what the ORM path of its caller does in several (the path SQLite
takes, and PostgreSQL too with HRFLOW_POSTGRES_STATEMENTS off: hrflow.sql_paths decides). The
two must write the same rows; tests/notifications/test_sql_parity.py compares them column by
column, so a column added to the models needs adding here too."""

from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.utils import timezone
from psycopg import pq

from hrflow import audit
from hrflow.models import AuditHead

from ..models import Notice

# Who can be reached on a channel: email only with an address, LINE only with a linked account.
_REACHABLE = """(channel.name <> %(email)s OR person.email <> '')
  AND (channel.name <> %(line)s OR EXISTS (
      SELECT 1 FROM notifications_linelink AS line
      WHERE line.employee_id = employee.id AND line.line_user_id <> ''))"""

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

# One notice per acknowledgement of this version × channel it reaches, in the order of the
# channels' setting, its dedupe key outbox.create_notices's (ack:recipient:channel:announce).
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
  AND {reachable}
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
        "type": ContentType.objects.get_for_model(document).pk, "object": document.pk,
        "version": document.version, "hash": document.content_hash, "deadline": deadline,
        "now": timezone.now(), "recipients": list(employee_ids), "kind": Notice.Kind.ANNOUNCE,
        "status": Notice.Status.PENDING, "channels": list(settings.HRFLOW_NOTICE_CHANNELS),
        "email": Notice.Channel.EMAIL, "line": Notice.Channel.LINE,
    }  # fmt: skip
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_ANNOUNCE_ACKS, params)
        count = cursor.rowcount
        cursor.execute(_ANNOUNCE_NOTICES.format(users=users, reachable=_REACHABLE), params)
        notice_ids = [row[0] for row in cursor.fetchall()]
    return count, notice_ids


# notify()'s message notices: one per recipient × channel they can be reached on, in recipient
# then channel order, its key the one outbox.dedupe_key gives; a key already written is skipped
# (what the ORM path's look-up of existing keys does) and not returned.
_MESSAGES = """
INSERT INTO notifications_notice
    (recipient_id, acknowledgement_id, subject, text, link, channel, kind, dedupe_key, status,
     attempts, lease_token, last_error, created_at)
SELECT employee.id, NULL, %(subject)s, %(text)s, %(link)s, channel.name, %(kind)s,
       left('msg:' || %(key)s || ':' || employee.id || ':' || channel.name, 120),
       %(status)s, 0, '', '', %(now)s
FROM unnest(%(recipients)s::bigint[]) AS recipient(id)
JOIN hrflow_employee AS employee ON employee.id = recipient.id
JOIN {users} AS person ON person.id = employee.user_id
CROSS JOIN unnest(%(channels)s::text[]) WITH ORDINALITY AS channel(name, position)
WHERE {reachable}
ORDER BY employee.id, channel.position
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id
"""


def insert_messages(employee_ids, *, subject, text, link, key) -> list[int]:
    """Writes one pending MESSAGE `Notice` row per employee × configured channel the person can
    be reached on (email: has an address; LINE: linked an account), with this subject, text,
    link and the dedupe key `msg:<key>:<employee>:<channel>` (cut to 120), unless a row with
    that key exists: one INSERT … SELECT however many people. Returns the new rows' ids in
    employee × channel order."""
    params = {
        "recipients": list(employee_ids), "subject": subject, "text": text, "link": link,
        "key": key, "kind": Notice.Kind.MESSAGE, "status": Notice.Status.PENDING,
        "now": timezone.now(), "channels": list(settings.HRFLOW_NOTICE_CHANNELS),
        "email": Notice.Channel.EMAIL, "line": Notice.Channel.LINE,
    }  # fmt: skip
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_MESSAGES.format(users=users, reachable=_REACHABLE), params)
        return [row[0] for row in cursor.fetchall()]


# The acknowledgement, its notices read (what acknowledgements.mark_read does) and its audit
# event (hrflow.audit.append_sql) — all only while the document is published, whose state comes
# back with them — in one statement that commits by itself: nothing runs while the trail's head
# is locked but this statement and its commit.
_ACKNOWLEDGE = """
WITH document AS (
    SELECT state, title FROM {document_table} WHERE id = %(document)s
), acked AS (
    UPDATE notifications_acknowledgement
    SET acknowledged_at = %(now)s, acknowledged_ip = %(ip)s::inet, user_agent = %(user_agent)s
    WHERE id = %(ack)s AND acknowledged_at IS NULL
      AND EXISTS (SELECT 1 FROM document WHERE state = %(published)s)
      AND EXISTS (SELECT 1 FROM {heads} WHERE id = 1)
    RETURNING id
), seen AS (
    UPDATE notifications_notice SET read_at = %(now)s
    WHERE acknowledgement_id = %(ack)s AND recipient_id = %(employee)s AND channel = %(inapp)s
      AND status = %(sent)s AND read_at IS NULL
      AND EXISTS (SELECT 1 FROM document WHERE state = %(published)s)
), {append}
SELECT (SELECT count(*) FROM acked), (SELECT state FROM document),
       EXISTS (SELECT 1 FROM {heads} WHERE id = 1)
"""


def acknowledge_and_record(ack, employee, document_model, now, ip, user_agent, *, by, event):
    """Writes, in one statement, while the acknowledged document (a row of `document_model`)
    is published: the `Acknowledgement` row's acknowledged_at, acknowledged_ip and user_agent
    (only if not acknowledged yet); read_at of the employee's sent in-app `Notice` rows about
    it that are unread; and, only if it acknowledged, its audit event `event(summary)` (the
    keyword arguments of hrflow.audit.append_sql, given the summary's SQL). Returns
    (acknowledgements written: 0 or 1, the document's state (None if it is gone)); the trail's
    head row must exist (audit.ensure_head)."""
    params = {"now": now, "ip": ip, "user_agent": user_agent, "ack": ack.pk,
              "employee": employee.pk, "inapp": Notice.Channel.INAPP,
              "sent": Notice.Status.SENT, "document": ack.object_id,
              "published": "published", "name": employee.full_name}  # fmt: skip
    append, audit_params = audit.append_sql(
        condition="EXISTS (SELECT 1 FROM acked)",
        summary="%(name)s || ' · ' || (SELECT title FROM document)", actor=by, **event,
    )  # fmt: skip
    tables = {
        name: connection.ops.quote_name(model._meta.db_table)
        for name, model in (("document_table", document_model), ("heads", AuditHead))
    }
    statement = _ACKNOWLEDGE.format(**tables, append=append)
    with connection.cursor() as cursor:
        cursor.execute(statement, {**params, **audit_params})
        updated, state, has_head = cursor.fetchone()
    if not has_head:  # nothing was written: the trail has no head row yet
        audit.ensure_head()
        return acknowledge_and_record(ack, employee, document_model, now, ip, user_agent,
                                      by=by, event=event)  # fmt: skip
    return updated, state


# One email accepted by the mail server: its notice sent and, for an announcement, its
# acknowledgement delivered (once) — what delivery.deliver's mark_sent does in a transaction.
# libpq's own placeholders ($1 the notice, $2 now, $3 sent, $4 announce): SentMarks sends it.
_MARK_SENT = """
WITH sent AS (
    UPDATE notifications_notice
    SET status = $3, sent_at = $2, lease_until = NULL, last_error = ''
    WHERE id = $1
    RETURNING acknowledgement_id, kind
)
UPDATE notifications_acknowledgement SET delivered_at = $2
WHERE delivered_at IS NULL AND id = (SELECT acknowledgement_id FROM sent WHERE kind = $4)
"""


# The claim (pending rows, or rows whose lease ran out) and, for the in-app rows among them,
# their delivery: marked sent at once and, for an announcement, the acknowledgement delivered
# (once). Rows of the channels that reach outside HRFlow keep the lease for the worker to send.
# What delivery._claim_token then delivery._deliver_inapp write, in one statement. The status
# is tested in a CASE so that the planner finds the rows by their ids: just after a publish the
# statistics still say few rows are pending, and it read the whole status index instead (3,000
# pages for a batch of 500 in the bench).
_CLAIM_AND_DELIVER_INAPP = """
WITH claimed AS (
    UPDATE notifications_notice
    SET status = CASE WHEN channel = %(inapp)s THEN %(sent)s ELSE %(sending)s END,
        sent_at = CASE WHEN channel = %(inapp)s THEN %(now)s ELSE sent_at END,
        lease_until = CASE WHEN channel = %(inapp)s THEN NULL ELSE %(lease_until)s END,
        last_error = CASE WHEN channel = %(inapp)s THEN '' ELSE last_error END,
        lease_token = %(token)s,
        attempts = attempts + 1
    WHERE id = ANY(%(ids)s::bigint[]) AND attempts < %(max_attempts)s
      AND CASE status WHEN %(pending)s THEN true
                      WHEN %(sending)s THEN lease_until < %(now)s ELSE false END
    RETURNING channel, kind, acknowledgement_id
), delivered AS (
    UPDATE notifications_acknowledgement SET delivered_at = %(now)s
    WHERE delivered_at IS NULL AND id IN (
        SELECT acknowledgement_id FROM claimed WHERE channel = %(inapp)s AND kind = %(announce)s)
)
SELECT count(*) FILTER (WHERE channel = %(inapp)s), count(*) FILTER (WHERE channel <> %(inapp)s)
FROM claimed
"""


def claim_and_deliver_inapp(notice_ids, *, token, now, lease_until) -> tuple[int, int]:
    """Writes, in one statement, for each `Notice` row of `notice_ids` that is pending (or
    whose lease ran out) and has attempts left: attempts + 1 and lease_token; if in-app, status
    sent, sent_at, lease_until (none) and last_error (empty), and its announcement's
    `Acknowledgement` row's delivered_at unless already set; otherwise status sending until
    `lease_until`. Returns (in-app rows delivered, other rows claimed)."""
    params = {"ids": list(notice_ids), "token": token, "now": now, "lease_until": lease_until,
              "max_attempts": settings.HRFLOW_NOTICE_MAX_ATTEMPTS,
              "inapp": Notice.Channel.INAPP, "announce": Notice.Kind.ANNOUNCE,
              "pending": Notice.Status.PENDING, "sending": Notice.Status.SENDING,
              "sent": Notice.Status.SENT}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_AND_DELIVER_INAPP, params)
        inapp, others = cursor.fetchone()
    return inapp, others


@contextmanager
def quick_commits():
    """Commits on this connection return before the commit reaches the disk (PostgreSQL's
    synchronous_commit off) until the block ends. For the marks of messages sent: each still
    commits before the next message goes, so a killed worker resends at most the one in
    flight; only a crash of PostgreSQL itself can lose the last moment's marks (up to three
    times wal_writer_delay, 0.6 s by default), and then those messages go again — sent twice,
    never lost. The wait for the disk was a third of an email's time (bench/README.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


class SentMarks:
    """_MARK_SENT for a run of messages, each statement sent without waiting for its answer, so
    that its round trip to PostgreSQL overlaps the next message's conversation with the mail
    server. Each mark is still its own statement, in the server's hands before the next message
    goes out (a worker killed then still resends at most the message in flight). Its answer is
    read before the next mark, before any other query on the connection (an execute wrapper)
    and when the block ends; a failed mark raises there."""

    waiting, wrapper = False, None

    def __enter__(self):
        connection.ensure_connection()
        self.pgconn = connection.connection.pgconn
        self.wrapper = connection.execute_wrapper(self._answer_first)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        try:
            self.finish()
        finally:
            self.wrapper.__exit__(*exc)

    def _answer_first(self, execute, sql, params, many, context):
        self.finish()
        return execute(sql, params, many, context)

    def mark(self, notice_id, now):
        self.finish()
        params = [str(notice_id), now.isoformat(), Notice.Status.SENT, Notice.Kind.ANNOUNCE]
        self.pgconn.send_query_params(_MARK_SENT.encode(), [p.encode() for p in params])
        self.waiting = True

    def finish(self):
        if not self.waiting:
            return
        self.waiting, error = False, None
        while (result := self.pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.COMMAND_OK:
                error = (result.error_message or b"").decode("utf-8", "replace")
        if error is not None:
            raise DatabaseError(f"marking a sent notice failed: {error}")
