# DRF's authtoken stored API tokens in clear and kept them for ever; knox's (hashed, expiring)
# replace them. The old ones stop working with the upgrade (README, "API tokens"), so their table
# and its migration records go, and with them the secrets they held.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hrflow", "0007_login_failure_pending"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS authtoken_token",
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
