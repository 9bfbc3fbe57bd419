"""The daily check of the audit trail, and who hears when it fails."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

from . import audit, roles

log = logging.getLogger(__name__)


def admin_emails() -> list[str]:
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=roles.ADMIN), is_active=True
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def verify_and_alert() -> bool:
    verdict = audit.verify()
    if verdict.ok:
        log.info("audit trail OK: %s events, head %s", verdict.count, verdict.head_hash)
        return True
    message = (
        f"HRFlow's audit trail does not verify: the first event that does not match is "
        f"number {verdict.first_bad_seq} ({verdict.reason}). Run `manage.py verify_audit` and "
        f"compare the head hash with the copy kept outside HRFlow."
    )
    log.error(message)
    recipients = admin_emails()
    if recipients:
        send_mail(
            "[HRFlow] audit trail verification FAILED",
            message,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=True,
        )
    return False
