"""Throw-away Redis and PostgreSQL servers started from the installed binaries, so the faults
(a stop, a restart, a kill) never touch the shared servers other engineers and CI use."""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("HRFLOW_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(condition, *, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


def postgres_available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


class RedisServer:
    """redis-server on a free port; `appendonly` keeps the queue across a restart, as the
    production compose file does."""

    def __init__(self, *, appendonly=False):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="hrflow-chaos-redis-")
        self.appendonly = appendonly
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--dir", self.dir, "--logfile", os.path.join(self.dir, "redis.log")]
        if self.appendonly:
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        self.process = subprocess.Popen([*args, "--daemonize", "no"])
        wait_for(lambda: listening(self.port), timeout=10, what="redis-server to listen")
        return self

    def stop(self, sig=signal.SIGTERM):
        """SIGTERM: Redis shuts down cleanly (flushing its append-only file); SIGKILL: a crash."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=15)
        wait_for(lambda: not listening(self.port), timeout=5, what="redis-server to stop")

    def restart(self, sig=signal.SIGTERM):
        self.stop(sig)
        return self.start()

    def close(self):
        self.stop(signal.SIGKILL)
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary directory (initdb refuses root, so as root
    it runs as the `postgres` OS user)."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="hrflow-chaos-pg-"))
        self.data = self.dir / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)

    def url(self, name="hrflow"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args, check=True):
        command = [str(a) for a in args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self):
        self._run(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--no-sync")  # fmt: skip
        return self

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-o", options,
                  "-l", self.dir / "postgres.log", "-w", "-t", "60", "start")  # fmt: skip
        wait_for(lambda: listening(self.port), timeout=30, what="PostgreSQL to listen")
        return self

    def stop(self, mode="fast"):
        """fast: connections are cut and the server shuts down; immediate: a crash."""
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def restart(self, mode="fast"):
        self.stop(mode)
        return self.start()

    def createdb(self, name="hrflow"):
        self._run(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)

    def close(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
