"""Target 4: pages that grow with the data. A circular's tracking page at 100,000 recipients
against the same page at 100; the inbox of a person with 2,000 notices against one with 100;
the work queue (งานรอดำเนินการ) of a person asked to acknowledge 1,000 documents against one
asked 10; the people picker's search answering a word that 100,000 staff share against one
that names one person: the same statements, and the median time of several requests at most
1.5× (each ratio is reported; the line shows the worst)."""

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Acknowledgement, Notice
from workflows.urls import PAGES

from .measure import Result, counting_queries, median, stopwatch

REQUESTS = 9


def inbox_owner(world, employee_id, notices):
    """`notices` delivered in-app messages for one person over the years, half of them read."""
    now = timezone.now()
    Notice.objects.bulk_create(
        Notice(recipient_id=employee_id, channel=Notice.Channel.INAPP, kind=Notice.Kind.MESSAGE,
               subject=f"แจ้งเตือนเรื่องที่ {n}", text="โปรดตรวจสอบ", link="/inbox/",
               dedupe_key=f"bench:{employee_id}:{n}", status=Notice.Status.SENT, attempts=1,
               created_at=now, sent_at=now, read_at=now if n % 2 else None)
        for n in range(notices)
    )  # fmt: skip


def queue_owner(source, employee_id, count):
    """`count` published copies of the circular `source`, each asking one person (still
    unacknowledged): what waits on them in the work queue."""
    model, now = type(source), timezone.now()
    fields = {f.attname: getattr(source, f.attname) for f in model._meta.concrete_fields
              if not f.primary_key and f.attname != "number"}  # fmt: skip
    copies = model.objects.bulk_create(
        model(**{**fields, "title": f"{source.title} ฉบับที่ {n}", "number": None})
        for n in range(count)
    )
    kind = ContentType.objects.get_for_model(model)
    Acknowledgement.objects.bulk_create(
        Acknowledgement(content_type=kind, object_id=copy.pk, version=copy.version,
                        employee_id=employee_id, content_hash="ab" * 32, requested_at=now)
        for copy in copies
    )  # fmt: skip


def _timed(client, path):
    with counting_queries() as counts, stopwatch() as took:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return counts["n"], took["s"]


def compare(client_small, path_small, client_large, path_large):
    for _ in range(2):  # warm-up: templates, the connection, caches
        _timed(client_small, path_small)
        _timed(client_large, path_large)
    small, large = [], []
    for _ in range(REQUESTS):  # alternated, so a busy moment hits both
        small.append(_timed(client_small, path_small))
        large.append(_timed(client_large, path_large))
    queries = ({q for q, _s in small}, {q for q, _s in large})
    small_s, large_s = median([s for _q, s in small]), median([s for _q, s in large])
    return large_s / small_s, small_s, large_s, queries


def client_for(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def compare_owners(few, many, path, *models):
    """`compare` of the page at `path` as the employee `few` and as `many` (ids), once the
    rows just made for them (of `models`) have their statistics."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from hrflow.models import Employee

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(model._meta.db_table for model in models)}")
    users = dict(Employee.objects.filter(pk__in=[few, many]).values_list("pk", "user"))
    people = get_user_model().objects.in_bulk([users[few], users[many]])
    return compare(client_for(people[users[few]]), path, client_for(people[users[many]]), path)


def run(world, small_circular, large_circular, big):
    from django.db import connection

    with connection.cursor() as cursor:
        # A live database has statistics (autovacuum keeps them); rows just bulk-loaded do not.
        cursor.execute("ANALYZE")
    circulars = PAGES[0]
    tracking = circulars.url_name("tracking")
    clerk = client_for(world.clerk.user)
    t_ratio, t_small, t_large, t_queries = compare(
        clerk, reverse(tracking, args=[small_circular.pk]),
        clerk, reverse(tracking, args=[large_circular.pk]),
    )  # fmt: skip
    few, many = world.small_ids[0], world.small_ids[1]
    inbox_owner(world, few, 100)
    inbox_owner(world, many, 2000)
    i_ratio, i_small, i_large, i_queries = compare_owners(
        few, many, reverse("notifications:inbox"), Notice
    )
    few, many = world.big_ids[0], world.big_ids[1]
    queue_owner(small_circular, few, 10)
    queue_owner(small_circular, many, 1000)
    w_ratio, w_small, w_large, w_queries = compare_owners(
        few, many, reverse("work"), Acknowledgement, type(small_circular)
    )
    search = reverse("staff-search")
    s_ratio, s_small, s_large, s_queries = compare(
        clerk, f"{search}?q=p-000007", clerk, f"{search}?q=ทดสอบm"
    )
    pairs = (t_queries, i_queries, w_queries, s_queries)
    same = all(pair[0] == pair[1] and len(pair[0]) == 1 for pair in pairs)

    def q(pair):
        return "/".join(str(n) for n in sorted(pair[0])), "/".join(str(n) for n in sorted(pair[1]))

    return Result(
        "pages",
        max(t_ratio, i_ratio, w_ratio, s_ratio),
        1.5,
        "<=",
        details={
            "tracking_ratio": round(t_ratio, 3),
            "inbox_ratio": round(i_ratio, 3),
            "work_queue_ratio": round(w_ratio, 3),
            "search_ratio": round(s_ratio, 3),
            "tracking_ms": [round(t_small * 1000, 1), round(t_large * 1000, 1)],
            "inbox_ms": [round(i_small * 1000, 1), round(i_large * 1000, 1)],
            "tracking_queries": q(t_queries),
            "inbox_queries": q(i_queries),
            "work_queue_ms": [round(w_small * 1000, 1), round(w_large * 1000, 1)],
            "work_queue_queries": q(w_queries),
            "search_ms": [round(s_small * 1000, 1), round(s_large * 1000, 1)],
            "search_queries": q(s_queries),
            "requests": REQUESTS,
        },
        extra_ok=same,
        why=f"tracking {t_ratio:.2f}× ({t_small * 1000:.0f} ms at 100, {t_large * 1000:.0f} ms "
        f"at {big:,}; queries {q(t_queries)[0]} and {q(t_queries)[1]}), inbox {i_ratio:.2f}× "
        f"({i_small * 1000:.0f} ms at 100, {i_large * 1000:.0f} ms at 2,000 notices; queries "
        f"{q(i_queries)[0]} and {q(i_queries)[1]}), work queue {w_ratio:.2f}× "
        f"({w_small * 1000:.0f} ms for 10, {w_large * 1000:.0f} ms for 1,000 to acknowledge; "
        f"queries {q(w_queries)[0]} and {q(w_queries)[1]}), search {s_ratio:.2f}× "
        f"({s_small * 1000:.0f} ms for 1 match, {s_large * 1000:.0f} ms for {big:,}; queries "
        f"{q(s_queries)[0]} and {q(s_queries)[1]})",
    )
