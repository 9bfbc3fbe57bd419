"""Template filters for Thai dates: {{ value|thaidate }}, {{ value|thaidatetime }}, {{ n|thainum }}.

Loaded as a builtin (settings.TEMPLATES), so no {% load %} is needed."""

from django import template
from django.utils import translation

from hrflow import thai

register = template.Library()


def _lang():
    return "th" if (translation.get_language() or "th").startswith("th") else "en"


@register.filter
def thaidate(value):
    return thai.format_date(value, lang=_lang())


@register.filter
def thaidateshort(value):
    return thai.format_date(value, lang=_lang(), short=True)


@register.filter
def thaidatetime(value):
    return thai.format_date(value, lang=_lang(), short=True, with_time=True)


@register.filter
def thainum(value):
    return thai.thai_digits(value)
