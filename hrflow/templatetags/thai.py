"""Template filters for Thai dates: {{ value|thaidate }}, {{ value|thaidatetime }}, {{ n|thainum }}.

Loaded as a builtin (settings.TEMPLATES), so no {% load %} is needed."""

from django import template

from hrflow import thai

register = template.Library()


@register.filter
def thaidate(value):
    return thai.format_date(value, lang=thai.active_lang())


@register.filter
def thaidateshort(value):
    return thai.format_date(value, lang=thai.active_lang(), short=True)


@register.filter
def thaidatetime(value):
    return thai.format_date(value, lang=thai.active_lang(), short=True, with_time=True)


@register.filter
def thainum(value):
    return thai.thai_digits(value)
