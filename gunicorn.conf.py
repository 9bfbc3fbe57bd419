"""gunicorn's settings for HRFlow's web service, read from the working directory by
`gunicorn hrflow.wsgi:application` (the Dockerfile, docker-compose.yml's web service and the
benchmark's server all start it so). Flags on the command line win over this file."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers, gunicorn's own advice of two per core and one: a worker waiting on PostgreSQL
# (a query, a commit's flush) leaves its core to another. With two on two cores, every
# acknowledgement's commit left a core idle (bench/README.md, issue 19).
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
timeout = 120
backlog = 2048
