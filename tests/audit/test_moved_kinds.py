"""Kinds that moved out of workflows/ into their own apps (circulars/, meetings/, personnel/):
events written before the move keep the label they were hashed with ("workflows.circular") and
still resolve, and the move's migrations relabel the content types without touching ids."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from auditor import reads
from hrflow import audit
from hrflow.models import AuditEvent
from tests.web.conftest import new_draft, walk

# (old label, new label, kind slug) of every model moved out of workflows/.
MOVED = [
    ("workflows.circular", "circulars.circular", "circulars"),
    ("workflows.meetingminutes", "meetings.meetingminutes", "minutes"),
    ("workflows.positiondescription", "personnel.positiondescription", "position-descriptions"),
    ("workflows.evaluationcriteria", "personnel.evaluationcriteria", "evaluation-criteria"),
]


def old_event(document, old_label, by):
    """An event as the trail holds it from before the move: the old label, in the chain."""
    subject = SimpleNamespace(pk=document.pk, _meta=SimpleNamespace(label_lower=old_label))
    return audit.record(
        audit.Kind.TRANSITION, actor=by, subject=subject, version=document.version,
        summary=f"publish (approved → published) · {document.title}",
        data={"transition": "publish", "from": "approved", "to": "published"},
    )  # fmt: skip


def test_every_moved_label_resolves_to_the_model_of_today():
    for old, new, slug in MOVED:
        assert audit.current_label(old) == new
        assert old in audit.labels_of(new) and audit.labels_of(new)[0] == new
        assert reads.kind_by_label(old) is reads.kind_by_label(new) is reads.kind_by_slug(slug)
    for old, new in audit.MOVED_LABELS.items():
        assert apps.get_model(new)._meta.db_table == old.replace(".", "_")  # same table


def test_an_event_under_the_old_label_is_on_the_timeline_search_and_person_pages(org, as_):
    circular = walk(new_draft(org), org, "submit", "approve", "publish")
    event = old_event(circular, "workflows.circular", org.executive.user)
    assert event.subject_type == "workflows.circular"
    new = AuditEvent.objects.filter(subject_type="circulars.circular", subject_id=circular.pk)
    assert new.exists()  # events written today carry the new label
    client = as_(org.auditor)

    timeline = client.get(reverse("auditor:document", args=["circulars", circular.pk]))
    assert f'data-seq="{event.seq}"' in timeline.content.decode()

    found = client.get(reverse("auditor:search"), {"document_kind": "circulars.circular"})
    html = found.content.decode()
    assert f'data-seq="{event.seq}"' in html
    for other in new:
        assert f'data-seq="{other.seq}"' in html
    # The old event links to the circular's timeline and reads as a step in words.
    link = reverse("auditor:document", args=["circulars", circular.pk])
    row = html.split(f'data-seq="{event.seq}"', 1)[1].split("</tr>", 1)[0]
    assert link in row and "Publish: Approved → Published" in row

    person = client.get(reverse("auditor:person", args=[org.executive.pk]))
    row = person.content.decode().split(f'data-seq="{event.seq}"', 1)[1].split("</tr>", 1)[0]
    assert link in row
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_move_migrations_relabel_content_types_keeping_their_ids_both_ways():
    """From the migrations before the move (content types under workflows, as a database of
    that day has them) forward: same ids under the new labels; a content type made for a new
    label by an earlier post_migrate gives way to the old one; and back again."""
    before = [("workflows", "0006_adoption_history_reads_adopted")]
    after = MigrationExecutor(connection).loader.graph.leaf_nodes()
    moved = [(old.split(".")[1], new.split(".")[0]) for old, new in audit.MOVED_LABELS.items()]
    try:
        MigrationExecutor(connection).migrate(before)
        ContentType.objects.clear_cache()
        ids = {}
        for model, app in moved:
            old = ContentType.objects.get(app_label="workflows", model=model)
            stale = ContentType.objects.create(app_label=app, model=model)
            Permission.objects.create(content_type=stale, codename=f"x_{model}", name="x")
            ids[model] = old.pk
        kept = Permission.objects.filter(content_type_id__in=ids.values()).count()
        assert kept  # the default permissions of the old content types

        MigrationExecutor(connection).migrate(after)
        ContentType.objects.clear_cache()
        for model, app in moved:
            assert ContentType.objects.get(app_label=app, model=model).pk == ids[model]
            assert not ContentType.objects.filter(app_label="workflows", model=model).exists()
        assert Permission.objects.filter(content_type_id__in=ids.values()).count() == kept
        assert not Permission.objects.filter(codename__startswith="x_").exists()

        MigrationExecutor(connection).migrate(before)
        ContentType.objects.clear_cache()
        for model, _app in moved:
            assert ContentType.objects.get(app_label="workflows", model=model).pk == ids[model]
    finally:
        call_command("migrate", verbosity=0)
        ContentType.objects.clear_cache()
