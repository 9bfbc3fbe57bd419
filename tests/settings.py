"""The test suite's settings (pyproject's DJANGO_SETTINGS_MODULE): HRFlow's own, with DEBUG off
as in production, a key of the suite's own (hrflow/settings.py refuses to start without one when
DEBUG is off) and the suite's own apps — tests/toykind is a kind of document that exists only
here. The key goes into the environment, so the workers and commands the tests start use the
same one."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DEBUG", "0")

from hrflow.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.toykind"]  # noqa: F405

# Every test sees the public index's years and the agency's digits as its own data has them
# (one test keeps them: tests/reports/test_public_pdf.py).
HRFLOW_PUBLIC_CACHE_SECONDS = 0
# …and each request asks the chain's number (statement counts do not depend on the clock).
HRFLOW_PUBLIC_RECHECK_SECONDS = 0
