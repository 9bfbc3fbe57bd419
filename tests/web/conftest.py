import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from circulars import services as circular_services
from notifications import services as notices
from notifications.links import acknowledgement_token
from notifications.models import Acknowledgement
from workflows import services


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def new_draft(org, title="ร่างประกาศเรื่องการแต่งกาย", **fields):
    return circular_services.circular_create(
        by=org.clerk.user,
        title=title,
        body=fields.pop("body", "<p>ร่างเนื้อหา</p>"),
        deadline=fields.pop("deadline", timezone.localdate() + dt.timedelta(days=7)),
        audience=fields.pop("audience", [{"kind": "unit", "id": org.office.pk, "subunits": True}]),
        **fields,
    )


@pytest.fixture
def draft(org):
    return new_draft(org)


def walk(circular, org, *steps):
    by = {"submit": org.clerk, "approve": org.executive, "publish": org.executive}
    for step in steps:
        circular = services.apply_transition(circular, step, by=by[step].user)
    return circular


def revised_circular(org, title="ประกาศเรื่องเวลาทำงาน"):
    """A circular published as version 1 ("08.30"), acknowledged by the employee, then
    corrected ("08.00") and published again as version 2: (version 1, version 2)."""

    first = walk(
        new_draft(org, title, body="<p>เข้างานเวลา 08.30 น.</p>"),
        org,
        "submit",
        "approve",
        "publish",
    )
    ack = Acknowledgement.objects.for_document(first).get(employee=org.employee)
    notices.acknowledge(ack, user=org.employee.user, ip="10.1.1.1")
    second = services.document_revise(first, by=org.clerk.user)
    circular_services.circular_update(
        second,
        by=org.clerk.user,
        lock_version=second.lock_version,
        body="<p>เข้างานเวลา 08.00 น.</p>",
    )
    return first, walk(second, org, "submit", "approve", "publish")


@pytest.fixture
def published(org):
    """Published to the office and its section: head, clerk, executive and employee."""
    return walk(new_draft(org, "ประกาศเรื่องวันหยุดราชการ"), org, "submit", "approve", "publish")


@pytest.fixture
def employee_ack(org, published):
    return Acknowledgement.objects.get(employee=org.employee, object_id=published.pk)


@pytest.fixture
def world(org, draft, published, settings, tmp_path):
    """A draft and a published circular (with an attachment) of the office."""
    attached = circular_services.circular_create(
        by=org.clerk.user,
        title="ประกาศพร้อมไฟล์แนบ",
        audience=[{"kind": "unit", "id": org.office.pk, "subunits": True}],
    )
    circular_services.circular_attach(
        attached,
        by=org.clerk.user,
        upload=SimpleUploadedFile("คำสั่ง.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    for step, persona in (("submit", org.clerk), ("approve", org.executive)):
        services.apply_transition(attached, step, by=persona.user)
    attached = services.apply_transition(attached, "publish", by=org.executive.user)
    ack = Acknowledgement.objects.get(employee=org.employee, object_id=published.pk)
    # The head signed the paper sheet; HR recorded it with the sheet's scan.
    paper, _created = notices.acknowledge_by_proxy(
        Acknowledgement.objects.get(employee=org.head, object_id=published.pk),
        by=org.clerk.user,
        reason="ลงนามในใบลงนามรับทราบ",
        signed_on=timezone.localdate(),
        scan=SimpleUploadedFile("ใบลงนาม.pdf", b"%PDF-1.4 scan", "application/pdf"),
    )
    return {
        "home": reverse("home"),
        "inbox": reverse("notifications:inbox"),
        "list": reverse("workflows:circular-list"),
        "new": reverse("workflows:circular-new"),
        "draft_detail": reverse("workflows:circular-detail", args=[draft.pk]),
        "draft_edit": reverse("workflows:circular-edit", args=[draft.pk]),
        "published_detail": reverse("workflows:circular-detail", args=[published.pk]),
        "published_attachment": reverse(
            "workflows:circular-attachment", args=[attached.pk, attached.attachments.get().pk]
        ),
        "tracking": reverse("workflows:circular-tracking", args=[published.pk]),
        "tracking_csv": reverse("workflows:circular-tracking-csv", args=[published.pk]),
        "tracking_xlsx": reverse("workflows:circular-tracking-xlsx", args=[published.pk]),
        "signoff": reverse("workflows:circular-signoff", args=[published.pk, ack.unit_id]),
        "paper_scan": reverse("workflows:circular-paper-scan", args=[published.pk, paper.pk]),
        "acknowledgement": reverse("notifications:acknowledgement", args=[ack.pk]),
        "email_link": reverse("notifications:confirm-link", args=[acknowledgement_token(ack)]),
        "draft_docx": reverse("workflows:circular-export-docx", args=[draft.pk]),
        "published_pdf": reverse("workflows:circular-export-pdf", args=[published.pk]),
        "audit_search": reverse("auditor:search") + "?kind=transition",
        "audit_csv": reverse("auditor:export-csv"),
        "audit_pdf": reverse("auditor:export-pdf"),
        "audit_document": reverse("auditor:document", args=["circulars", published.pk]),
        "audit_person": reverse("auditor:person", args=[org.employee.pk]),
        "draft": draft,
        "published": published,
        "ack": ack,
    }
