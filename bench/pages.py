"""Target 4: pages that grow with the data. A circular's tracking page at 10,000 recipients
against the same page at 100, and the inbox of a person with 2,000 notices against one with
100: the same statements, and the median time of several requests at most 1.5× (each ratio
is reported; the line shows the worse)."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notice
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
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_notice")
    from hrflow.models import Employee

    users = dict(Employee.objects.filter(pk__in=[few, many]).values_list("pk", "user"))
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.in_bulk([users[few], users[many]])
    inbox = reverse("notifications:inbox")
    i_ratio, i_small, i_large, i_queries = compare(
        client_for(people[users[few]]), inbox, client_for(people[users[many]]), inbox
    )
    same = t_queries[0] == t_queries[1] and i_queries[0] == i_queries[1]
    same &= len(t_queries[0]) == 1 and len(i_queries[0]) == 1

    def q(pair):
        return "/".join(str(n) for n in sorted(pair[0])), "/".join(str(n) for n in sorted(pair[1]))

    return Result(
        "pages",
        max(t_ratio, i_ratio),
        1.5,
        "<=",
        details={
            "tracking_ratio": round(t_ratio, 3),
            "inbox_ratio": round(i_ratio, 3),
            "tracking_ms": [round(t_small * 1000, 1), round(t_large * 1000, 1)],
            "inbox_ms": [round(i_small * 1000, 1), round(i_large * 1000, 1)],
            "tracking_queries": q(t_queries),
            "inbox_queries": q(i_queries),
            "requests": REQUESTS,
        },
        extra_ok=same,
        why=f"tracking {t_ratio:.2f}× ({t_small * 1000:.0f} ms at 100, {t_large * 1000:.0f} ms "
        f"at {big:,}; queries {q(t_queries)[0]} and {q(t_queries)[1]}), inbox {i_ratio:.2f}× "
        f"({i_small * 1000:.0f} ms at 100, {i_large * 1000:.0f} ms at 2,000 notices; queries "
        f"{q(i_queries)[0]} and {q(i_queries)[1]})",
    )
