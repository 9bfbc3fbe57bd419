"""Every API URL × every role, with the expected status written down. A refused request
leaves the database as it was."""

import datetime as dt

import pytest

from notifications.models import Acknowledgement

PERSONAS = ("anonymous", "employee", "clerk", "executive", "head", "auditor", "outsider", "admin")

# method, path ({draft}, {published}, {ack}: the employee's acknowledgement), body, statuses in
# the order of PERSONAS.
MATRIX = [
    ("get", "/api/me/", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/me/notices/", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/me/acknowledgements/", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/api/me/acknowledgements/{ack}/", {}, (403, 200, 404, 404, 404, 403, 404, 404)),
    ("get", "/api/schema/", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/circulars/", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/api/circulars/", "create", (403, 403, 201, 403, 403, 403, 403, 403)),
    ("get", "/api/circulars/{draft}/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("get", "/api/circulars/{published}/", None, (403, 200, 200, 200, 200, 200, 404, 404)),
    ("patch", "/api/circulars/{draft}/", "edit", (403, 404, 200, 403, 403, 403, 404, 404)),
    ("put", "/api/circulars/{draft}/", "create", (403, 404, 200, 403, 403, 403, 404, 404)),
    ("patch", "/api/circulars/{published}/", "edit", (403, 403, 409, 403, 403, 403, 404, 404)),
    ("delete", "/api/circulars/{draft}/", None, (403, 405, 405, 405, 405, 403, 405, 405)),
    ("get", "/api/circulars/{draft}/transitions/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    (
        "post",
        "/api/circulars/{draft}/transitions/submit/",
        {},
        (403, 404, 200, 403, 403, 403, 404, 404),
    ),
    (
        "post",
        "/api/circulars/{published}/transitions/withdraw/",
        {"note": "ผิดพลาด"},
        (403, 403, 403, 200, 200, 403, 404, 404),
    ),
    ("get", "/api/circulars/{draft}/history/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("post", "/api/circulars/{published}/revise/", {}, (403, 403, 201, 403, 403, 403, 404, 404)),
    ("post", "/api/circulars/{draft}/revise/", {}, (403, 404, 409, 403, 403, 403, 404, 404)),
    (
        "get",
        "/api/circulars/{published}/history/",
        None,
        (403, 200, 200, 200, 200, 200, 404, 404),
    ),
    (
        "get",
        "/api/circulars/{published}/acknowledgements/",
        None,
        (403, 403, 200, 200, 200, 200, 404, 404),
    ),
]

CASES = [
    pytest.param(method, path, body, persona, status, id=f"{method} {path} as {persona}")
    for method, path, body, statuses in MATRIX
    for persona, status in zip(PERSONAS, statuses, strict=True)
]


def body_for(kind, org):
    if kind == "create":
        return {
            "title": "ประกาศ",
            "body": "<p>ทดสอบ</p>",
            "deadline": (dt.date.today() + dt.timedelta(days=7)).isoformat(),
            "audience": [{"kind": "everyone"}],
        }
    if kind == "edit":
        return {"title": "แก้ไข"}
    return kind


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "persona", "expected"), CASES)
def test_every_url_answers_each_role_as_written_down(
    login, org, make_circular, unchanged, method, path, body, persona, expected
):
    draft = make_circular("draft")
    published = make_circular("published")
    ack = Acknowledgement.objects.for_document(published).get(employee=org.employee)
    path = path.format(draft=draft.pk, published=published.pk, ack=ack.pk)
    client = login(None if persona == "anonymous" else getattr(org, persona))
    request = getattr(client, method)
    kwargs = {} if body is None else {"data": body_for(body, org), "format": "json"}

    if expected >= 400:
        with unchanged():
            response = request(path, **kwargs)
    else:
        response = request(path, **kwargs)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400 and path != "/api/schema/":
        assert response.json()["detail"]
