"""Target 1: publishing a circular to 10,000 people (audience, acknowledgements, notices, the
workflow log and the audit event, committed) against a raw multi-row INSERT of the same rows
over the same connection (rolled back). Also: the publish's statements at 100 and 10,000."""

from django.db import connection, transaction

from hrflow.models import AuditEvent
from notifications.models import Acknowledgement, Notice
from workflows.models import TransitionLog

from . import seed
from .measure import Result, counting_queries, median, stopwatch

RUNS = 3


def publish_measured(world, circular):
    with counting_queries() as counts, stopwatch() as took:
        seed.publish(world, circular)
    return counts["n"], took["s"]


def _columns(model):
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def _rows(queryset, model, change):
    columns = _columns(model)
    attnames = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    rows = []
    for values in queryset.values(*attnames):
        change(values)
        rows.append([values[name] for name in attnames])
    return columns, rows


def _insert(cursor, table, columns, rows, chunk=1000):
    """The plainest fast way: multi-row INSERT … VALUES (…), (…), 1,000 rows a statement."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(part))  # noqa: S608
        cursor.execute(sql, [value for row in part for value in row])


def raw_insert_of(circular):
    """The same rows as `circular`'s publish wrote, inserted again raw (with their unique
    columns shifted) and rolled back. Seconds."""
    acks = Acknowledgement.objects.for_document(circular).filter(version=circular.version)

    def shift_ack(values):
        values["version"] += 1000

    def shift_notice(values):
        values["dedupe_key"] += ":raw"

    def shift_event(values):
        values["seq"] += 10**9

    def as_json(values):
        from psycopg.types.json import Jsonb

        shift_event(values)
        values["data"] = Jsonb(values["data"])

    tables = [
        (Acknowledgement, *_rows(acks, Acknowledgement, shift_ack)),
        (Notice, *_rows(Notice.objects.filter(acknowledgement__in=acks), Notice, shift_notice)),
        (TransitionLog, *_rows(TransitionLog.objects.filter(object_id=circular.pk,
                                                          transition="publish"),
                               TransitionLog, lambda v: None)),
        (AuditEvent, *_rows(AuditEvent.objects.filter(subject_id=circular.pk,
                                                      summary__startswith="publish"),
                            AuditEvent, as_json)),
    ]  # fmt: skip
    with stopwatch() as took:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for model, columns, rows in tables:
                    _insert(cursor, model._meta.db_table, columns, rows)
                raise _Rollback
        except _Rollback:
            pass
    return took["s"], sum(len(rows) for _m, _c, rows in tables)


class _Rollback(Exception):
    pass


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
        raw_seconds, rows = raw_insert_of(circular)
        publishes.append(seconds)
        raws.append(raw_seconds)
        large_queries.add(queries)
    publish_s, raw_s = median(publishes), median(raws)
    same = large_queries == {small_queries}
    result = Result(
        "fan-out",
        publish_s / raw_s,
        2,
        "<=",
        details={
            "recipients": big,
            "rows": rows,
            "publish_seconds": [round(s, 3) for s in publishes],
            "raw_insert_seconds": [round(s, 3) for s in raws],
            "queries_at_100": small_queries,
            "queries_at_10000": sorted(large_queries),
        },
        extra_ok=same,
        why=(
            f"publish to {big:,}: {publish_s:.2f} s vs raw INSERT of the same {rows:,} rows "
            f"{raw_s:.2f} s; queries {small_queries} at {len(world.small_ids)} and "
            f"{'/'.join(map(str, sorted(large_queries)))} at {big:,}"
            + ("" if same else " (NOT the same)")
        ),
    )
    return result, small, larges
