"""The product's settings plus the test suite's own apps (pyproject's DJANGO_SETTINGS_MODULE):
tests/toykind is a kind of document that exists only here."""

from hrflow.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.toykind"]  # noqa: F405
