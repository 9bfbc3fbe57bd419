"""The test suite's settings: HRFlow's own, with DEBUG off as in production, and a key of the
suite's own (hrflow/settings.py refuses to start without one when DEBUG is off). The key goes
into the environment, so the workers and commands the tests start use the same one."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DEBUG", "0")

from hrflow.settings import *  # noqa: F403
