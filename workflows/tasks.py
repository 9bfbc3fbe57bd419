"""Thin Celery tasks of the workflow engine."""

from celery import shared_task

from .exports import stored


@shared_task(acks_late=True, ignore_result=True, time_limit=300)
def render_published(label, pk):
    """A published version's kept files (workflows.exports.stored.render_published)."""
    return stored.render_published(label, pk)
