"""The evaluation pages and messages speak to staff in the formal register (ท่าน), never the
familiar คุณ / ของฉัน: in the Thai catalogue and on the pages as rendered."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.evaluations.test_api_access import through

pytestmark = pytest.mark.django_db

PO = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.po"
# คุณ as "you"; not the คุณ of คุณสมบัติ (qualifications) or คุณธรรม (integrity), คุณภาพ (quality).
FAMILIAR = re.compile(r"ของฉัน|คุณ(?!สมบัติ|ธรรม|ภาพ|ค่า)")
OURS = ("evaluations/", "templates/evaluations/", "templates/auditor/case.html",
        "templates/public/kinds/evaluation-results.html", "personnel/round_fit.py",
        "public/evaluation_results.py", "auditor/case_timeline.py")  # fmt: skip


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(line for line in block.splitlines() if line.startswith("#:"))
        if "msgstr" in block and any(path in refs for path in OURS):
            yield refs, block.split("msgstr", 1)[1]


def test_the_catalogue_speaks_formally_in_every_evaluation_message():
    found = list(entries())
    assert len(found) > 100  # the evaluation texts are there to check
    familiar = [refs for refs, text in found if FAMILIAR.search(text)]
    assert familiar == []
    assert any("ผลการประเมินของท่าน" in text for _refs, text in found)


def main(response) -> str:
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_evaluation_pages_speak_formally(opened, as_):
    through(opened, "scored")
    case, round_ = opened.case, opened.round
    pages = [
        (case.person, "/evaluations/"),
        (case.person, f"/evaluations/cases/{case.pk}/"),
        (opened.boss, f"/evaluations/cases/{case.pk}/"),
        (opened.boss, f"/evaluations/cases/{case.pk}/scores/"),
        (opened.hr, f"/evaluations/rounds/{round_.pk}/"),
    ]
    for who, url in pages:
        response = as_(who, lang="th").get(url)
        assert response.status_code == 200
        assert not FAMILIAR.search(main(response)), url
    assert "ผลการประเมินของท่าน" in main(as_(case.person, lang="th").get("/evaluations/"))
