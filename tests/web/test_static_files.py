"""Static files in production: collectstatic with hrflow's storage (WhiteNoise's compressed
manifest) gives hashed names, compressed copies, and WhiteNoise serves a hashed name with a
year-long, immutable cache; before any collectstatic (this suite) pages link the plain names."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from hrflow import settings as hrflow_settings


@pytest.fixture
def collected(tmp_path):
    with override_settings(STORAGES=hrflow_settings.STORAGES, STATIC_ROOT=tmp_path):
        # HRFlow's own files only: the admin's and the API docs' would take a while.
        with override_settings(INSTALLED_APPS=["django.contrib.staticfiles"]):
            call_command("collectstatic", "--noinput", verbosity=0)
        yield tmp_path


def test_collectstatic_gives_hashed_compressed_files_and_pages_link_the_hashed_name(collected):
    url = static("css/hrflow.css")
    assert url != "/static/css/hrflow.css" and url.endswith(".css")
    name = url.removeprefix("/static/")
    assert (collected / name).exists()
    assert (collected / (name + ".gz")).exists()


def test_whitenoise_serves_a_hashed_file_with_a_long_cache_and_gzip(collected, settings):
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    url = static("css/hrflow.css")
    response = Client().get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600


def test_without_collectstatic_pages_link_the_plain_names(tmp_path, client):
    (tmp_path / "empty").mkdir()
    with override_settings(STATIC_ROOT=tmp_path / "empty"):
        assert static("css/hrflow.css") == "/static/css/hrflow.css"
        response = client.get("/static/css/hrflow.css")
        assert response.status_code == 200
