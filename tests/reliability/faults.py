"""What the fault tests share: publishing to a unit and counting what arrived."""

from collections import Counter

from django.test import Client

from circulars import services as circular_services
from circulars.models import Circular
from notifications.models import Acknowledgement, Notice
from tests.factories import bulk_people as people  # noqa: F401  (used by the fault tests)
from workflows import services

from .mailsink import received


def publish_to(org, unit, *, title="ประกาศแจ้งเวียนทุกคนในหน่วยงาน"):
    """A circular to everyone in `unit`, walked to published by the personas (in process)."""
    circular = circular_services.circular_create(
        by=org.clerk.user, title=title, audience=[{"kind": "unit", "id": unit.pk}]
    )
    services.apply_transition(circular, "submit", by=org.clerk.user)
    services.apply_transition(circular, "approve", by=org.executive.user)
    return services.apply_transition(circular, "publish", by=org.executive.user)


def approved_to(org, unit):
    circular = circular_services.circular_create(
        by=org.clerk.user, title="ประกาศรอเผยแพร่", audience=[{"kind": "unit", "id": unit.pk}]
    )
    services.apply_transition(circular, "submit", by=org.clerk.user)
    return services.apply_transition(circular, "approve", by=org.executive.user)


def warm_up(org, circular):
    """One request first, so a timed one measures the request and not this process's first
    request ever (middleware set-up, imports of the views)."""
    client = Client()
    client.force_login(org.executive.user)
    assert client.get(f"/api/{Circular.kind_slug}/{circular.pk}/transitions/").status_code == 200


def publish_over_api(org, circular):
    """The executive presses publish through the API: returns the response."""
    client = Client()
    client.force_login(org.executive.user)
    return client.post(f"/api/{Circular.kind_slug}/{circular.pk}/transitions/publish/")


def sent(channel, kind=Notice.Kind.ANNOUNCE):
    """The publish's own notices sent (submitting also told the approvers: workflows/hooks.py);
    `kind=Notice.Kind.MESSAGE` for a plain `notify()`."""
    return Notice.objects.filter(kind=kind, channel=channel, status=Notice.Status.SENT)


def delivery_counts(circular, mail_log):
    """lost: notices (or acknowledgement requests) of the audience that never arrived;
    duplicated: in-app notices or acknowledgement requests beyond one per person and version;
    duplicated_emails: messages the mail sink received beyond one per notice."""
    asked = Acknowledgement.objects.for_document(circular)
    audience = asked.count()
    per_person = Counter(asked.values_list("employee_id", flat=True))
    inapp = Notice.objects.filter(channel="inapp", acknowledgement__in=asked)
    inapp_per_ack = Counter(inapp.values_list("acknowledgement_id", flat=True))
    emails_expected = Notice.objects.filter(channel="email", acknowledgement__in=asked).count()
    # Only the audience's mail: submitting also wrote to the approvers (workflows/hooks.py).
    addresses = set(asked.values_list("employee__user__email", flat=True))
    mails = Counter(to for to in received(mail_log) if to in addresses)
    lost_inapp = audience - inapp.filter(status=Notice.Status.SENT).count()
    lost_email = emails_expected - len(mails)
    return {
        "lost": lost_inapp + lost_email,
        "duplicated": sum(n - 1 for n in per_person.values())
        + sum(n - 1 for n in inapp_per_ack.values()),
        "duplicated_emails": sum(n - 1 for n in mails.values()),
    }


def publish_to_units(org, units):
    circular = circular_services.circular_create(
        by=org.clerk.user,
        title="ประกาศถึงหลายหน่วยงาน",
        audience=[{"kind": "unit", "id": unit.pk} for unit in units],
    )
    services.apply_transition(circular, "submit", by=org.clerk.user)
    services.apply_transition(circular, "approve", by=org.executive.user)
    return services.apply_transition(circular, "publish", by=org.executive.user)
