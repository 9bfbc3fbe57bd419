"""Meeting minutes, registered once (see workflows/registry.py for what a registration gives)."""

from workflows import registry

from . import exports, followups, urls
from .api.meetings import urlpatterns as api_urls
from .api.minutes import MINUTES_API
from .forms import MinutesForm
from .models import MeetingMinutes
from .views import MinutesPages

registry.register(
    registry.Kind(
        MeetingMinutes,
        order=20,
        pages=MinutesPages(MeetingMinutes, MinutesForm),
        api=MINUTES_API,
        export=exports.build,
        urls=tuple(urls.urlpatterns),
        api_urls=tuple(api_urls),
    )
)

# The engine calls MeetingMinutes.on_published inside the publishing transaction; the write it
# stands for is a service's, handed to the model here rather than imported by it.
MeetingMinutes.publish_hooks = (followups.tell_owners,)
