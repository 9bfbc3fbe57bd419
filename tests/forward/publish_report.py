"""Run by the PREVIOUS main's `manage.py shell -c` after seed_demo (which publishes no integrity
report): build, submit, approve and publish the report of the demo's past fiscal year through
that code's own services, so the migrated database holds a published report and its trail."""

import datetime as dt

from django.contrib.auth import get_user_model

from hrflow.thai import fiscal_year
from reports import services as report_services
from workflows.services import apply_transition

users = get_user_model().objects
clerk, executive = users.get(username="clerk"), users.get(username="executive")
report = report_services.report_build(fiscal_year(dt.date.today()) - 1, by=clerk)
report = apply_transition(report, "submit", by=clerk)
report = apply_transition(report, "approve", by=executive)
report = apply_transition(report, "publish", by=executive)
print("PUBLISHED", report.pk, report.state)
