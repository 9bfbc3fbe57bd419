"""Every API URL of position descriptions and evaluation criteria × every role, with the
expected status written down; a refused request leaves the database as it was. One table
holds for both kinds (tests/hr_world.py puts every persona in the same relation to both)."""

import pytest

from personnel.models import EvaluationCriteria
from tests.hr_world import KINDS, build, snapshot

PERSONAS = ("anonymous", "employee", "clerk", "executive", "head", "auditor", "outsider", "admin")

ROWS = [
    ("get", "", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "", "create", (403, 403, 201, 403, 403, 403, 403, 403)),
    ("get", "{draft}/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("get", "{published}/", None, (403, 200, 200, 200, 200, 200, 404, 404)),
    ("patch", "{draft}/", "edit", (403, 404, 200, 403, 403, 403, 404, 404)),
    ("put", "{draft}/", "create", (403, 404, 200, 403, 403, 403, 404, 404)),
    ("patch", "{published}/", "edit", (403, 403, 409, 403, 403, 403, 404, 404)),
    ("delete", "{draft}/", None, (403, 405, 405, 405, 405, 403, 405, 405)),
    ("get", "{draft}/transitions/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("post", "{draft}/transitions/submit/", {}, (403, 404, 200, 403, 403, 403, 404, 404)),
    (
        "post",
        "{published}/transitions/withdraw/",
        {"note": "ผิดพลาด"},
        (403, 403, 403, 200, 200, 403, 404, 404),
    ),
    ("get", "{draft}/history/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("get", "{published}/history/", None, (403, 200, 200, 200, 200, 200, 404, 404)),
    ("post", "{published}/revise/", {}, (403, 403, 201, 403, 403, 403, 404, 404)),
    ("post", "{draft}/revise/", {}, (403, 404, 409, 403, 403, 403, 404, 404)),
    ("get", "{published}/acknowledgements/", None, (403, 403, 200, 200, 200, 200, 404, 404)),
]
# The rows per kind, as /api/<kind>/… paths (tests/web/test_url_coverage.py reads these).
MATRIX = [
    (method, f"/api/{model.kind_slug}/{path}", body, statuses, model)
    for model in KINDS
    for method, path, body, statuses in ROWS
]
CASES = [
    pytest.param(*row, persona, status, id=f"{row[0]} {row[1]} as {persona}")
    for row in MATRIX
    for persona, status in zip(PERSONAS, row[3], strict=True)
]


def body_for(kind, model, org):
    if kind == "edit":
        return {"title": "แก้ไข"}
    if kind != "create":
        return kind
    if model is EvaluationCriteria:
        return {
            "title": "เกณฑ์การประเมิน",
            "fiscal_year": 2580,
            "round": 1,
            "employment_types": ["civil_servant"],
        }
    return {
        "title": "รายละเอียดของตำแหน่ง",
        "position": org.employee.position_id,
        "duties": [{"text": "งานหลัก", "share": 100}],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body", "statuses", "model", "persona", "expected"), CASES
)
def test_every_url_of_both_kinds_answers_each_role_as_written_down(
    login, org, method, path, body, statuses, model, persona, expected
):
    world = build(org)[model]
    path = path.format(draft=world.draft.pk, published=world.published.pk)
    client = login(None if persona == "anonymous" else getattr(org, persona))
    kwargs = {} if body is None else {"data": body_for(body, model, org), "format": "json"}
    before = snapshot()
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response.json()["detail"]
        assert snapshot() == before
