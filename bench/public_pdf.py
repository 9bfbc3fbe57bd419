"""Target public-pdf: 32 anonymous clients downloading a published integrity report's PDF and the
public index (one of each, in turn) from gunicorn as docker-compose runs it, against WhiteNoise
on the same server serving two static files of the same sizes (the PDF's bytes and the index's
bytes, copied into STATIC_ROOT). Rounds alternate the two sides; the ratio is the median
round's. No Chromium may start during the run: the PDF was made when the report was published
(what the worker runs, workflows.tasks.render_published), and every process counts its starts in
VAR_DIR (hrflow.exports.pdf.starts_log)."""

import http.client
import os
import threading
import time
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hrflow.exports import pdf
from hrflow.thai import fiscal_year
from reports import services as reports
from reports.models import IntegrityReport
from workflows import services, tasks

from .ack import CLIENTS, Gunicorn, client_details, on_clients, percentile
from .measure import Result, counting_queries

ROUNDS = 7
PER_CLIENT = 10  # requests per client per round (half the PDF, half the index)


def published_report(world):
    """This year's integrity report, built from the seeded records, published as HR does."""
    fy = fiscal_year(timezone.localdate())
    report = reports.report_build(fy, by=world.clerk.user)
    report = services.apply_transition(report, "submit", by=world.clerk.user)
    report = services.apply_transition(report, "approve", by=world.executive.user)
    return services.apply_transition(report, "publish", by=world.executive.user)


def fetch(port, work):
    """`work`: paths, spread over CLIENTS threads, each with its own keep-alive connection.
    Returns (seconds, [(path, status, bytes, seconds)])."""
    answers, lock = [], threading.Lock()

    def client(mine):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for path in mine:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "localhost"})
                response = conn.getresponse()
                size = len(response.read())
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                status, size = 0, 0
            with lock:
                answers.append((path, status, size, time.perf_counter() - start))
        conn.close()

    return on_clients(client, work), answers


def statements(path):
    """The statements one anonymous request for `path` runs, in this process."""
    with counting_queries() as counted:
        status = Client().get(path).status_code
    assert status == 200, (path, status)
    return counted["n"]


def run(var_dir, world):
    report = published_report(world)
    # What the worker runs once the publish commits (the bench starts no worker here).
    tasks.render_published.run(report._meta.label_lower, report.pk)
    pdf_url = reverse("public:download", args=[report.fiscal_year, IntegrityReport.kind_slug,
                                               report.pk, "pdf"])  # fmt: skip
    index_url = reverse("public:index")
    client = Client()
    pdf_bytes = b"".join(client.get(pdf_url).streaming_content)
    index_bytes = client.get(index_url).content
    queries = {"pdf": statements(pdf_url), "index": statements(index_url)}
    static_root = Path(var_dir) / "static"
    (static_root / "bench").mkdir(parents=True, exist_ok=True)
    (static_root / "bench" / "report.pdf").write_bytes(pdf_bytes)
    (static_root / "bench" / "index.html").write_bytes(index_bytes)
    sizes = {pdf_url: len(pdf_bytes), index_url: len(index_bytes),
             "/static/bench/report.pdf": len(pdf_bytes),
             "/static/bench/index.html": len(index_bytes)}  # fmt: skip
    product = [pdf_url, index_url] * (CLIENTS * PER_CLIENT // 2)
    floor = ["/static/bench/report.pdf", "/static/bench/index.html"] * (CLIENTS * PER_CLIENT // 2)
    os.environ["STATIC_ROOT"] = str(static_root)  # the server's WhiteNoise serves these
    try:
        server = Gunicorn(var_dir).start()
    finally:
        del os.environ["STATIC_ROOT"]
    starts_before = pdf.starts_recorded()
    rounds = []
    try:
        fetch(server.port, floor[: CLIENTS * 2])
        fetch(server.port, product[: CLIENTS * 2])
        for _n in range(ROUNDS):
            base_s, base = fetch(server.port, floor)
            product_s, answers = fetch(server.port, product)
            rounds.append((base_s / product_s, base_s, product_s, base, answers))
    finally:
        server.stop()
    starts = pdf.starts_recorded() - starts_before
    ratio, base_s, product_s, base, answers = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    wrong = sum(1 for r in rounds for (path, status, size, _s) in r[3] + r[4]
                if status != 200 or size != sizes[path])  # fmt: skip
    latencies = [s for *_rest, s in answers]
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    rps, base_rps = len(answers) / product_s, len(base) / base_s
    return Result(
        "public-pdf",
        ratio,
        0.5,
        ">=",
        details={
            **client_details(rounds, len(product), rps, base_rps, latencies),
            "pdf_bytes": len(pdf_bytes),
            "index_bytes": len(index_bytes),
            "statements": queries,
            "chromium_starts": starts,
            "wrong_answers": wrong,
        },
        extra_ok=starts == 0 and wrong == 0,
        why=f"{rps:.0f} req/s p50 {p50 * 1000:.0f} ms p99 {p99 * 1000:.0f} ms vs WhiteNoise "
        f"{base_rps:.0f} req/s (PDF {len(pdf_bytes):,} B, index {len(index_bytes):,} B; "
        f"{queries['pdf']}+{queries['index']} statements); {starts} Chromium starts, {wrong} "
        "wrong answers; rounds " + " ".join(f"{r[0]:.2f}" for r in rounds),
    )
