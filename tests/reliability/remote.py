"""Run in a subprocess against the private PostgreSQL cluster (DATABASE_URL says which):

python -m tests.reliability.remote seed <run> <count>   → JSON: tokens and acknowledgement ids
python -m tests.reliability.remote check < ids.json     → JSON: what was stored
"""

import json
import os
import sys


def seed(run, count):
    from hrflow import tokens as api_tokens
    from hrflow.models import Employee
    from notifications.models import Acknowledgement
    from tests import factories
    from tests.factories import DepartmentFactory, make_person

    from .faults import people, publish_to

    # Each run seeds the same database from a fresh process: keep factory codes apart.
    for name in dir(factories):
        factory = getattr(factories, name)
        if name.endswith("Factory") and hasattr(factory, "reset_sequence"):
            factory.reset_sequence(run * 100_000)

    office = DepartmentFactory(code=f"R{run}", name=f"กองทดสอบ {run}")

    class Org:
        clerk = make_person(f"clerk{run}", roles=["employee", "clerk"], unit=office)
        executive = make_person(f"executive{run}", roles=["employee", "executive"], unit=office)

    unit = people(count, prefix=f"r{run}p")
    circular = publish_to(Org, unit)
    employees = Employee.objects.filter(unit=unit).select_related("user")
    tokens = {e.pk: api_tokens.issue(e.user)[1] for e in employees}
    acks = Acknowledgement.objects.for_document(circular).values_list("pk", "employee_id")
    return {"circular": circular.pk, "acks": [[pk, tokens[emp]] for pk, emp in acks]}


def check(ack_ids):
    from hrflow import audit
    from hrflow.models import AuditEvent
    from notifications.models import Acknowledgement

    stored = set(
        Acknowledgement.objects.filter(pk__in=ack_ids, acknowledged_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    events = {}
    for data in AuditEvent.objects.filter(kind=audit.Kind.ACKNOWLEDGEMENT).values_list(
        "data", flat=True
    ):
        events[data["acknowledgement"]] = events.get(data["acknowledgement"], 0) + 1
    return {
        "stored": sorted(stored),
        "events": {str(pk): n for pk, n in events.items() if pk in set(ack_ids)},
        "verified": audit.verify().ok,
    }


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings")
    import django

    django.setup()
    if sys.argv[1] == "seed":
        print(json.dumps(seed(int(sys.argv[2]), int(sys.argv[3]))))
    elif sys.argv[1] == "check":
        print(json.dumps(check(json.load(sys.stdin))))


if __name__ == "__main__":
    main()
