from django.db import migrations, models


def backfill_acting_chairs(apps, schema_editor):
    """Meetings chaired so far keep their chair: whoever chaired a meeting of a series may chair
    it still — except its secretary, who drafts the minutes and so never approves them."""
    MeetingSeries = apps.get_model("workflows", "MeetingSeries")
    MeetingMinutes = apps.get_model("workflows", "MeetingMinutes")
    for series in MeetingSeries.objects.all():
        chairs = set(
            MeetingMinutes.objects.filter(series=series).values_list("chair_id", flat=True)
        )
        chairs -= {series.chair_id, series.secretary_id}
        series.acting_chairs.add(*chairs)


class Migration(migrations.Migration):
    dependencies = [
        ("hrflow", "0006_audittext"),
        ("workflows", "0004_public_position_descriptions_criteria"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingseries",
            name="acting_chairs",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="hrflow.employee", verbose_name="may also chair"
            ),
        ),
        migrations.RunPython(backfill_acting_chairs, migrations.RunPython.noop),
    ]
