"""An email backend for worker subprocesses: one line per message accepted, appended to the
file HRFLOW_CHAOS_MAIL_LOG names, so the test counts what a mail server would have received,
even from a worker it killed. Addresses at HRFLOW_CHAOS_BOUNCE_DOMAIN are refused, like a
mail server that rejects them every time; HRFLOW_CHAOS_MAIL_SECONDS is how long a real mail
server takes to accept one message."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        bounce = os.environ.get("HRFLOW_CHAOS_BOUNCE_DOMAIN", "")
        path = os.environ["HRFLOW_CHAOS_MAIL_LOG"]
        latency = float(os.environ.get("HRFLOW_CHAOS_MAIL_SECONDS", "0"))
        sent = 0
        for message in messages:
            time.sleep(latency)  # the mail server's round trip, not a wait for the test
            recipients = message.recipients()
            if bounce and any(address.endswith("@" + bounce) for address in recipients):
                raise OSError(f"550 mailbox unavailable: {', '.join(recipients)}")
            line = "\t".join([",".join(recipients), message.subject]) + "\n"
            # One write per message on an O_APPEND descriptor: whole lines, even across workers.
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)
            sent += 1
        return sent


def received(path) -> list[str]:
    """Recipients of every message the sink accepted, one entry per message."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as lines:
        return [line.split("\t", 1)[0] for line in lines if line.strip()]
