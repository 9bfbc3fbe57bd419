"""Acknowledgement.unit: the person's unit when asked, filled from their unit now for the
acknowledgements already made; and the indexes tracking and the inbox read in order."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Acknowledgement = apps.get_model("notifications", "Acknowledgement")
    Employee = apps.get_model("hrflow", "Employee")
    Acknowledgement.objects.update(
        unit=Subquery(Employee.objects.filter(pk=OuterRef("employee_id")).values("unit_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('hrflow', '0006_audittext'),
        ('notifications', '0003_acknowledgement_delivered_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='acknowledgement',
            name='unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='hrflow.department'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='acknowledgement',
            index=models.Index(condition=models.Q(('acknowledged_at__isnull', True)), fields=['content_type', 'object_id', 'version', 'unit', 'employee'], name='ack_outstanding_by_unit'),
        ),
        migrations.AddIndex(
            model_name='notice',
            index=models.Index(models.F('recipient'), models.F('channel'), models.F('status'), models.OrderBy(models.F('read_at'), descending=True), models.OrderBy(models.F('sent_at'), descending=True), models.OrderBy(models.F('id'), descending=True), name='notice_inbox_order'),
        ),
    ]
