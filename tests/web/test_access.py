"""Every page, every role: the status each one gets, written down, and nothing changed by
a refused request.

Personas (tests/conftest.py): clerk, executive, head (executive) and employee sit in the office
(employee in its section), which is the draft's owner and the audience of the published circular;
auditor in the audit unit; outsider in another office; admin manages people."""

import pytest
from django.urls import reverse

from circulars.models import Circular
from notifications.models import Acknowledgement, Notice
from workflows.models import TransitionLog

ROLES = ("anonymous", "employee", "clerk", "executive", "head", "auditor", "outsider", "admin")

# page → expected GET status per role, in the order of ROLES.
GET_STATUS = {
    "home": (302, 302, 302, 302, 302, 302, 302, 302),
    "inbox": (302, 200, 200, 200, 200, 200, 200, 200),
    "list": (302, 200, 200, 200, 200, 200, 200, 200),
    "new": (302, 403, 200, 403, 403, 403, 403, 403),
    "draft_detail": (302, 404, 200, 200, 200, 200, 404, 404),
    "draft_edit": (302, 404, 200, 403, 403, 403, 404, 404),
    "published_detail": (302, 200, 200, 200, 200, 200, 404, 404),
    "published_attachment": (302, 200, 200, 200, 200, 200, 404, 404),
    "tracking": (302, 403, 200, 200, 200, 200, 404, 404),
    "tracking_csv": (302, 403, 200, 200, 200, 200, 404, 404),
    "tracking_xlsx": (302, 403, 200, 200, 200, 200, 404, 404),
    "signoff": (302, 403, 200, 200, 200, 200, 404, 404),
    # the scan of a paper sheet kept with a proxy acknowledgement: as the tracking
    "paper_scan": (302, 403, 200, 200, 200, 200, 404, 404),
    "acknowledgement": (302, 200, 404, 404, 404, 404, 404, 404),
    "email_link": (302, 200, 403, 403, 403, 403, 403, 403),
    "draft_docx": (302, 404, 200, 200, 200, 200, 404, 404),
    "published_pdf": (302, 200, 200, 200, 200, 200, 404, 404),
    "audit_search": (302, 403, 403, 403, 403, 200, 403, 200),
    "audit_csv": (302, 403, 403, 403, 403, 200, 403, 200),
    "audit_pdf": (302, 403, 403, 403, 403, 200, 403, 200),
    "audit_document": (302, 403, 403, 403, 403, 200, 403, 200),
    "audit_person": (302, 403, 403, 403, 403, 200, 403, 200),
}


def persona(org, role):
    return None if role == "anonymous" else getattr(org, role)


def snapshot():
    """What a refused request must not change."""
    return (
        list(Circular.objects.order_by("pk").values_list("pk", "state", "lock_version", "title")),
        TransitionLog.objects.count(),
        list(Acknowledgement.objects.order_by("pk").values_list("pk", "acknowledged_at")),
        list(Notice.objects.order_by("pk").values_list("pk", "read_at")),
        Notice.objects.count(),
    )


@pytest.mark.parametrize("page", sorted(GET_STATUS))
@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_every_role_with_the_status_written_down(page, role, org, world, as_):
    client = as_(persona(org, role))
    before = snapshot()
    response = client.get(world[page])
    assert response.status_code == GET_STATUS[page][ROLES.index(role)], (page, role)
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert snapshot()[:-2] == before[:-2]  # opening a page may mark notices read, nothing else


def test_the_login_page_is_the_only_staff_page_an_anonymous_visitor_can_open(client, db):
    response = client.get(reverse("login"))  # no language preference: Thai
    assert response.status_code == 200
    assert "ชื่อผู้ใช้" in response.content.decode()  # Thai by default (Django's own catalogue)
    # … and it shows the way to what the public may read (tests/public/).
    assert f'href="{reverse("public:index")}"' in response.content.decode()


# POSTs: (url name, args from the world, data) → expected status per role (anonymous left out:
# the login redirect is covered above). 302 means it was carried out.
POST_STATUS = {
    "submit_draft": (404, 302, 403, 403, 403, 404, 404),
    "remind": (403, 302, 302, 302, 403, 404, 404),
    "acknowledge": (302, 404, 404, 404, 403, 404, 404),
    "create": (403, 400, 403, 403, 403, 403, 403),
    "edit_draft": (404, 409, 403, 403, 403, 404, 404),
    "attach": (404, 400, 403, 403, 403, 404, 404),
    "notices_read": (302, 302, 302, 302, 403, 302, 302),
    "revise": (403, 302, 403, 403, 403, 404, 404),
    "proxy": (403, 302, 302, 302, 403, 404, 404),
}
POST_ROLES = ROLES[1:]


def post_target(page, world, org):
    draft, published = world["draft"], world["published"]
    return {
        "submit_draft": (reverse("workflows:circular-transition", args=[draft.pk, "submit"]), {}),
        "remind": (reverse("workflows:circular-remind", args=[published.pk]), {}),
        "acknowledge": (world["acknowledgement"], {}),
        "create": (world["new"], {"title": ""}),
        "edit_draft": (
            world["draft_edit"],
            {"title": "แก้ไข", "audience_units": [org.office.pk], "lock_version": "99"},
        ),
        "attach": (reverse("workflows:circular-attach", args=[draft.pk]), {}),
        "notices_read": (reverse("notifications:notices-read"), {}),
        "revise": (reverse("workflows:circular-revise", args=[published.pk]), {}),
        "proxy": (
            reverse("workflows:circular-proxy", args=[published.pk, world["ack"].pk]),
            {"reason": "ลงนามรับทราบในสำเนาหนังสือแล้ว"},
        ),
    }[page]


@pytest.mark.parametrize("page", sorted(POST_STATUS))
@pytest.mark.parametrize("role", POST_ROLES)
def test_every_post_answers_every_role_and_a_refusal_changes_nothing(page, role, org, world, as_):
    client = as_(persona(org, role))
    url, data = post_target(page, world, org)
    before = snapshot()
    response = client.post(url, data)
    expected = POST_STATUS[page][POST_ROLES.index(role)]
    assert response.status_code == expected, (page, role, response.content[:300])
    if expected != 302:
        assert snapshot() == before


@pytest.mark.parametrize("role", POST_ROLES)
def test_an_auditor_cannot_post_anywhere_but_reads_everything(role, org, world, as_):
    client = as_(persona(org, role))
    response = client.post(
        reverse("workflows:circular-transition", args=[world["published"].pk, "withdraw"]),
        {"note": "ทดสอบ"},
    )
    if role == "auditor":
        assert response.status_code == 403
        assert "Auditors can read everything" in response.content.decode()
    assert Circular.objects.get(pk=world["published"].pk).state == (
        "withdrawn" if role in {"executive", "head"} else "published"
    )
