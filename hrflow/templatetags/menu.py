"""{% main_menu as groups %} and {% work_count as n %}: the header's menu and its badge."""

from django import template

from hrflow import menu, workqueue

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context) -> list:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return menu.for_request(request)


@register.simple_tag(takes_context=True)
def work_count(context) -> int:
    request = context.get("request")
    return workqueue.count_for(request) if request is not None else 0
