"""A local fake of LINE's Messaging API push endpoint: a real HTTP server on 127.0.0.1.

It answers like LINE: 200 `{}` for an accepted push, 409 for a retry key it already accepted
(the push is not delivered again), and whatever a test scripts per LINE user id: 429 with
Retry-After, 400, 500. `delivered` holds the pushes it accepted, as a person's phone would."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLine:
    def __init__(self, token="test-channel-token"):  # noqa: S107 (the fake's own)
        self.token = token
        self.lock = threading.Lock()
        self.requests = []  # every push request: (to, retry key, text)
        self.delivered = []  # accepted pushes: (to, text)
        self.accepted_keys = set()
        self.script = {}  # user id ("*": anyone) → statuses to answer before 200
        self.latency = 0.0  # seconds each push takes, as over a real network
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, body, headers):
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"message": "Authentication failed"}, {}
        try:
            push = json.loads(body)
            to, text = push["to"], push["messages"][0]["text"]
        except (ValueError, KeyError, IndexError, TypeError):
            return 400, {"message": "The request body has 1 error(s)"}, {}
        key = headers.get("X-Line-Retry-Key", "")
        with self.lock:
            self.requests.append((to, key, text))
            scripted = self.script.get(to) or self.script.get("*") or []
            status = scripted.pop(0) if scripted else 200
            if status == 429:
                return 429, {"message": "Too many requests"}, {"Retry-After": "2"}
            if status != 200:
                return status, {"message": f"scripted {status}"}, {}
            if key and key in self.accepted_keys:
                return 409, {"message": "The retry key is already accepted"}, {}
            self.accepted_keys.add(key)
            self.delivered.append((to, text))
            return 200, {}, {}

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if fake.latency:
                    time.sleep(fake.latency)
                if self.path != "/v2/bot/message/push":
                    status, payload, extra = 404, {"message": "Not found"}, {}
                else:
                    status, payload, extra = fake.answer(body, self.headers)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
