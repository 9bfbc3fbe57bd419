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

# The suite renders pages with DEBUG off, where hrflow's manifest storage needs the manifest
# that collectstatic writes; running collectstatic (compressing the admin's and the API docs'
# assets) before every test run would cost minutes on a shared machine, so the suite keeps
# Django's plain storage. tests/web/test_static_files.py runs collectstatic with the production
# storage and checks the hashed names, the compressed copies and their year-long cache.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
