"""Thin Celery tasks of the organisation core."""

from celery import shared_task

from . import audit_alerts, login_throttle, tokens


@shared_task(ignore_result=True)
def forget_old_login_failures():
    return login_throttle.forget_old()


@shared_task(ignore_result=True)
def forget_expired_tokens():
    return tokens.forget_expired()


@shared_task(ignore_result=True)
def verify_audit():
    return audit_alerts.verify_and_alert()
