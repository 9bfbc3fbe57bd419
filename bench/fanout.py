"""Target 1: publishing a circular to 100,000 people (audience, acknowledgements, notices, the
workflow log and the audit event, committed) against the floor: the database writing the same
acknowledgement and notice rows alone, by bare INSERT … SELECT statements on the same connection
(committed, then removed untimed). Also: the publish's statements at 100 and 100,000."""

from django.db import connection, transaction

from notifications.models import Acknowledgement

from . import seed
from .measure import Result, counting_queries, median, stopwatch

RUNS = 3
SHIFT = 1000  # the copies' version: the same rows, clear of the unique (document, version, person)


def publish_measured(world, circular):
    with counting_queries() as counts, stopwatch() as took:
        seed.publish(world, circular)
    return counts["n"], took["s"]


# The baseline, whole: the publish's acknowledgement and notice rows (in-app, as the bench
# configures), written again by the database alone, one INSERT … SELECT each, in one transaction,
# committed; then removed (untimed).
_FLOOR_ACKS = """
INSERT INTO notifications_acknowledgement
    (content_type_id, object_id, version, content_hash, employee_id, unit_id, deadline,
     requested_at, user_agent, proxy_reason)
SELECT %(type)s, %(object)s, %(version)s + %(shift)s, %(hash)s, employee.id, employee.unit_id,
       %(deadline)s, now(), '', ''
FROM hrflow_employee AS employee WHERE employee.id = ANY(%(recipients)s) ORDER BY employee.id
"""
_FLOOR_NOTICES = """
INSERT INTO notifications_notice
    (recipient_id, acknowledgement_id, subject, text, link, channel, kind, dedupe_key, status,
     attempts, lease_token, last_error, created_at)
SELECT ack.employee_id, ack.id, '', '', '', 'inapp', 'announce',
       ack.id || ':' || ack.employee_id || ':inapp:announce', 'pending', 0, '', '', now()
FROM notifications_acknowledgement AS ack
WHERE ack.content_type_id = %(type)s AND ack.object_id = %(object)s
  AND ack.version = %(version)s + %(shift)s
ORDER BY ack.id
"""
_FLOOR_REMOVE = """
WITH gone AS (
    DELETE FROM notifications_notice WHERE acknowledgement_id IN (
        SELECT id FROM notifications_acknowledgement
        WHERE content_type_id = %(type)s AND object_id = %(object)s
          AND version = %(version)s + %(shift)s))
DELETE FROM notifications_acknowledgement
WHERE content_type_id = %(type)s AND object_id = %(object)s AND version = %(version)s + %(shift)s
"""


def floor_of(circular):
    """Seconds for the database alone to write `circular`'s publish rows again; the rows."""
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(circular).pk
    acks = Acknowledgement.objects.filter(content_type_id=kind, object_id=circular.pk,
                                          version=circular.version)  # fmt: skip
    params = {"type": kind, "object": circular.pk, "version": circular.version, "shift": SHIFT,
              "hash": circular.content_hash,
              "deadline": acks.values_list("deadline", flat=True).first(),
              "recipients": list(acks.values_list("employee_id", flat=True))}  # fmt: skip
    with stopwatch() as took, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_FLOOR_ACKS, params)
        rows = cursor.rowcount
        cursor.execute(_FLOOR_NOTICES, params)
        rows += cursor.rowcount
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_FLOOR_REMOVE, params)
    return took["s"], rows


def run(world, big):
    small = seed.approved_circular(world, world.province, "หนังสือเวียนถึงสำนักงานจังหวัด")
    larges = [
        seed.approved_circular(world, world.ministry, f"หนังสือเวียนถึงทั้งกระทรวง ฉบับที่ {n}")
        for n in range(1, RUNS + 1)
    ]
    small_queries, _seconds = publish_measured(world, small)
    publishes, raws, large_queries = [], [], set()
    for circular in larges:
        queries, seconds = publish_measured(world, circular)
        circular.refresh_from_db()
        raw_seconds, rows = floor_of(circular)
        publishes.append(seconds)
        raws.append(raw_seconds)
        large_queries.add(queries)
    publish_s, raw_s = median(publishes), median(raws)
    same = large_queries == {small_queries}
    result = Result(
        "fan-out",
        publish_s / raw_s,
        1.5,
        "<=",
        details={
            "recipients": big,
            "rows": rows,
            "publish_seconds": [round(s, 3) for s in publishes],
            "floor_seconds": [round(s, 3) for s in raws],
            "queries_at_100": small_queries,
            "queries_at_big": sorted(large_queries),
        },
        extra_ok=same,
        why=(
            f"publish to {big:,}: {publish_s:.2f} s vs INSERT … SELECT of the same {rows:,} rows "
            f"{raw_s:.2f} s; queries {small_queries} at {len(world.small_ids)} and "
            f"{'/'.join(map(str, sorted(large_queries)))} at {big:,}"
            + ("" if same else " (NOT the same)")
        ),
    )
    return result, small, larges
