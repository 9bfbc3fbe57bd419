from django.db import migrations


def adoption_reads_adopted(apps, schema_editor):
    """Adoptions recorded before logged "published → published"; the workflow's history (not
    the audit trail, which is never rewritten) now says what happened: "published → adopted"."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    TransitionLog = apps.get_model("workflows", "TransitionLog")
    minutes = ContentType.objects.filter(app_label="workflows", model="meetingminutes")
    TransitionLog.objects.filter(
        content_type__in=minutes, transition="adopt", to_state="published"
    ).update(to_state="adopted")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("workflows", "0005_meeting_series_acting_chairs"),
    ]

    operations = [migrations.RunPython(adoption_reads_adopted, migrations.RunPython.noop)]
