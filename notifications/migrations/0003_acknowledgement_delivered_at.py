"""Acknowledgement.delivered_at: when the announcement first reached the person, so tracking
counts the notified without joining the notices. Backfilled from the delivered notices."""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def backfill(apps, schema_editor):
    Acknowledgement = apps.get_model("notifications", "Acknowledgement")
    Notice = apps.get_model("notifications", "Notice")
    first_sent = (
        Notice.objects.filter(acknowledgement=OuterRef("pk"), kind="announce", status="sent")
        .values("acknowledgement")
        .annotate(first=Min("sent_at"))
        .values("first")
    )
    Acknowledgement.objects.filter(
        pk__in=Notice.objects.filter(kind="announce", status="sent").values("acknowledgement")
    ).update(delivered_at=Subquery(first_sent))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_message_notices")]
    operations = [
        migrations.AddField(
            model_name="acknowledgement",
            name="delivered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
