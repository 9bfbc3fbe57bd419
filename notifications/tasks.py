"""Thin Celery tasks: ids in, a service call, nothing else."""

from celery import shared_task
from django.conf import settings

from .services import delivery, reminders


@shared_task(acks_late=True, ignore_result=True, time_limit=settings.HRFLOW_DELIVERY_TIME_LIMIT)
def deliver_notices(notice_ids):
    return delivery.deliver(notice_ids)


@shared_task(ignore_result=True)
def sweep():
    return delivery.sweep()


@shared_task(ignore_result=True)
def remind_and_escalate():
    return reminders.remind_and_escalate()
