"""Thin Celery tasks of the organisation core."""

from celery import shared_task

from . import login_throttle


@shared_task(ignore_result=True)
def forget_old_login_failures():
    return login_throttle.forget_old()
