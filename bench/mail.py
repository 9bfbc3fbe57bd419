"""Target delivery-email: one worker sending N emails of a publish to a local SMTP server the
bench starts (bench/smtp_sink.py, aiosmtpd), against the floor: a bare smtplib loop sending the
same messages (built beforehand, untimed) over one connection. The product's side also renders
each message and marks each row sent as soon as the server accepted it (the outbox's promise)."""

import smtplib
import subprocess
import sys
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from notifications.channels import EmailChannel
from notifications.models import Acknowledgement, Notice
from notifications.services import enqueue
from notifications.services.outbox import create_notices

from .measure import Result, stopwatch


class SmtpSink:
    def __init__(self, var_dir, port):
        self.port = port
        self.log = Path(var_dir) / "smtp-sink.log"
        self.log.write_text("")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter)
            # Run as a script away from the project's root: HRFlow's `public` app would hide
            # the `public` package aiosmtpd imports.
            [sys.executable, str(Path(__file__).with_name("smtp_sink.py")), str(self.port),
             str(self.log)],
            cwd=self.log.parent, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        return self

    def received(self) -> list[str]:
        return self.log.read_text().splitlines()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def email_notices(large, count) -> list[int]:
    """Email notices for the first `count` people `large` was published to (the publish wrote
    in-app ones only: the bench's HRFLOW_NOTICE_CHANNELS)."""
    acks = list(
        Acknowledgement.objects.for_document(large)
        .filter(version=large.version)
        .order_by("pk")[:count]
    )
    with override_settings(HRFLOW_NOTICE_CHANNELS=["email"]):
        return create_notices(acks, Notice.Kind.ANNOUNCE, "announce", {}, fresh=True)


def floor(sink, notice_ids) -> float:
    """The baseline, whole: the same messages (built untimed) sent by a bare smtplib loop over
    one connection."""
    notices = Notice.objects.filter(pk__in=notice_ids).select_related(
        "recipient__user", "acknowledgement__content_type"
    )
    messages = [EmailChannel().build(n).message() for n in notices]
    with stopwatch() as took:
        smtp = smtplib.SMTP("127.0.0.1", sink.port)
        for message in messages:
            smtp.send_message(message, from_addr=settings.DEFAULT_FROM_EMAIL)
        smtp.quit()
    return took["s"]


def run(worker, sink, large, count):
    ids = email_notices(large, count)
    before = len(sink.received())
    enqueue(ids)
    seconds = worker.run_queued(len(ids))
    arrived = sink.received()[before:]
    marked = Notice.objects.filter(pk__in=ids, status=Notice.Status.SENT).count()
    by_person = Counter(line.split("\t")[0] for line in arrived)
    twice = sum(n - 1 for n in by_person.values() if n > 1)
    floor_s = floor(sink, ids)
    n = len(ids)
    rate, floor_rate = n / seconds, n / floor_s
    return Result(
        "delivery-email",
        rate / floor_rate,
        0.8,
        ">=",
        details={
            "emails": n,
            "arrived": len(arrived),
            "sent_twice": twice,
            "marked": marked,
            "seconds": round(seconds, 3),
            "floor_seconds": round(floor_s, 3),
            "per_second": round(rate),
            "floor_per_second": round(floor_rate),
        },
        extra_ok=len(arrived) == n and twice == 0 and marked == n,
        why=f"{rate:,.0f} emails/s ({len(arrived):,}/{n:,} arrived, {twice} twice, {marked:,} "
        f"marked) vs a bare smtplib loop {floor_rate:,.0f}/s",
    )
