"""The people picker's search at an agency's size: a unit of 10,000 staff answers a name with
one page of results in the same number of queries as a unit of 10, and on PostgreSQL the
search reads the trigram indexes (hrflow/migrations/0011), not every employee."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import bulk_people

PEOPLE = reverse("staff-search")


def search(client, text, page=1):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(PEOPLE, {"q": text, "page": page})
        took = time.perf_counter() - started
    assert response.status_code == 200
    return response.json(), captured, took


def test_a_name_in_10_or_10000_staff_comes_as_one_page_in_the_same_queries(org, as_):
    bulk_people(10, prefix="few")
    client = as_(org.clerk)
    one, few_queries, _took = search(client, "พนักงาน7")
    assert [row["hint"].split(" · ")[0] for row in one["results"]] == ["few-00007"]
    page, few_page_queries, _took = search(client, "ทดสอบ")
    assert (len(page["results"]), page["has_more"]) == (10, False)

    bulk_people(10_000, prefix="many")
    found, many_queries, took = search(client, "พนักงาน1234")
    assert [row["hint"].split(" · ")[0] for row in found["results"]] == ["many-01234"]
    assert len(many_queries) == len(few_queries)
    full, many_page_queries, _took = search(client, "ทดสอบ")
    assert (len(full["results"]), full["has_more"]) == (20, True)
    assert len(many_page_queries) == len(few_page_queries)
    last, _queries, _took = search(client, "ทดสอบ", page=501)  # 10,010 people: the last page
    assert (len(last["results"]), last["has_more"]) == (10, False)
    print(f"search of 10,010 staff by name: {took * 1000:.0f} ms, {len(many_queries)} queries")


@pytest.mark.postgres
def test_on_postgresql_a_thai_name_is_found_through_the_trigram_indexes(org, as_):
    bulk_people(10_000, prefix="many")
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('พนักงาน')")
        assert cursor.fetchone()[0], "pg_trgm makes no trigrams of Thai under this locale"
        # What autovacuum does after a bulk load: the rows still in the GIN indexes' pending
        # lists (all of them, inside the test's transaction) would make the planner shun them.
        for column in ("first_name", "last_name", "staff_id"):
            cursor.execute(f"SELECT gin_clean_pending_list('hrflow_employee_{column}_trgm')")
        cursor.execute("ANALYZE hrflow_employee")
    _found, queries, _took = search(as_(org.clerk), "พนักงาน1234")
    sql = queries[-1]["sql"]
    assert "hrflow_employee" in sql and "LIMIT" in sql
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on hrflow_employee_first_name_trgm" in plan, plan
    assert "Seq Scan on hrflow_employee" not in plan, plan
    print(plan.splitlines()[-1])
