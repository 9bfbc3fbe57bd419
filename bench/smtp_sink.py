"""A local SMTP server for the email delivery line (aiosmtpd: a real SMTP conversation).

python bench/smtp_sink.py PORT LOG (a script: see mail.SmtpSink): every message accepted appends
one line to LOG, the recipient and the Message-ID, so the bench counts what arrived (twice).
Its directory comes first on sys.path, so no module of bench/ may be named like a package
aiosmtpd imports (`public`: tests/test_bench.py)."""

import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path):
        self.log = open(path, "a", encoding="utf-8")  # open for the server's life

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        message_id = ""
        for line in envelope.content.split(b"\r\n"):
            if not line:
                break
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode("ascii", "replace")
        for rcpt in envelope.rcpt_tos:
            self.log.write(f"{rcpt}\t{message_id}\n")
        self.log.flush()
        return "250 OK"


def main(port, path):
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=int(port))
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main(*sys.argv[1:3])
