"""Filters of the document pages: a step's and a state's label, a kind's plural name, the
tracking page. (The menu is hrflow/menu.py, filled by each app's menu.py.)"""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def step_label(document, name):
    """{{ document|step_label:entry.transition }}: the step's label for the document's kind."""
    return document.step_label(name)


@register.filter
def state_label(document, value):
    """{{ document|state_label:entry.to_state }}: the state's label for the document's kind."""
    return document.state_label(value)


@register.filter
def verbose_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def tracking_url(document) -> str:
    """A document's tracking page: where an escalation's head of unit sees who is late."""
    try:
        return reverse(f"workflows:{document._meta.model_name}-tracking", args=[document.pk])
    except NoReverseMatch:
        return ""  # a kind without the generic pages
