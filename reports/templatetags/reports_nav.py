from django import template

from reports.services import may_read

register = template.Library()


@register.simple_tag(takes_context=True)
def reads_reports(context) -> bool:
    request = context.get("request")
    return request is not None and may_read(request.user)
