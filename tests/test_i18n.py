"""The Thai catalogue is complete and compiled: every user-facing text in the code and the
templates has a Thai translation, and the committed .mo matches the .po."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.conftest import service_missing

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale/th/LC_MESSAGES/django.po"
MO = ROOT / "locale/th/LC_MESSAGES/django.mo"


@pytest.fixture
def gettext_tools():
    if not shutil.which("msgfmt") or not shutil.which("xgettext"):
        service_missing("needs GNU gettext (Debian package gettext)")


def statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_the_committed_catalogue_has_no_untranslated_or_fuzzy_entry(gettext_tools):
    report = statistics(PO)
    assert "untranslated" not in report and "fuzzy" not in report, report


def test_every_text_in_the_code_and_templates_is_in_the_catalogue(gettext_tools, tmp_path):
    # makemessages over a copy of the sources, merged into a copy of the catalogue: anything
    # new shows up as untranslated.
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "tests", "staticfiles", "node_modules", "*.pyc"
        ),
    )
    subprocess.run(
        # This interpreter (the project's environment), whatever python the PATH names.
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "th",
            "--no-obsolete",
            "--ignore=bench",
        ],
        cwd=copy,
        env={
            "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
            "HRFLOW_VAR_DIR": str(tmp_path / "var"),
            "DEBUG": "1",  # a development command: no SECRET_KEY needed
        },
        capture_output=True,
        check=True,
    )
    report = statistics(copy / "locale/th/LC_MESSAGES/django.po")
    assert "untranslated" not in report and "fuzzy" not in report, (
        f"{report} — run `make messages` and translate the new entries"
    )


def test_the_compiled_catalogue_matches_its_source(gettext_tools, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        ), "run `make messages` to recompile django.mo"


def test_pages_speak_thai_by_default():
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Acknowledge") == "รับทราบ"
