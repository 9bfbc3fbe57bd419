"""The web server the acknowledgement benchmark talks to: HRFlow's own settings and URLs, plus
one minimal login-required view (the baseline) on the same server."""

from hrflow.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
