"""{% document_kinds as kinds %}: the menu entries of every kind of document for this user."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def document_kinds(context):
    from workflows import registry

    user = context["request"].user
    return [
        {
            "label": pages.label,
            "new_label": pages.label_singular,
            "list_url": reverse(pages.url_name("list")),
            "new_url": reverse(pages.url_name("new")) if pages.model.may_create(user) else "",
            "slug": pages.slug,
        }
        for pages in (kind.pages for kind in registry.with_pages())
    ]


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


@register.simple_tag(takes_context=True)
def follows_rounds(context) -> bool:
    """Whether the menu offers the compliance page of the evaluation rounds."""
    from personnel.compliance import followed_units

    return followed_units(context["request"].user) != set()


@register.filter
def tracking_url(document) -> str:
    """A document's tracking page: where an escalation's head of unit sees who is late."""
    try:
        return reverse(f"workflows:{document._meta.model_name}-tracking", args=[document.pk])
    except NoReverseMatch:
        return ""  # a kind without the generic pages
