"""The engine's own kinds: circulars, meeting minutes, position descriptions and evaluation
criteria, each registered once (see workflows/registry.py for what a registration gives)."""

from django.utils.translation import gettext_lazy as _

from . import registry
from .api.minutes import MINUTES_API
from .api.serializers_hr import EVALUATION_CRITERIA_API, POSITION_DESCRIPTION_API
from .exports import measure6 as measure6_export
from .exports import minutes as minutes_export
from .forms_hr import EvaluationCriteriaForm, PositionDescriptionForm
from .forms_minutes import MinutesForm
from .models import EvaluationCriteria, MeetingMinutes, PositionDescription
from .views import DocumentPages
from .views.minutes import MinutesPages

registry.register(
    registry.Kind(
        MeetingMinutes,
        order=20,
        pages=MinutesPages(MeetingMinutes, MinutesForm),
        api=MINUTES_API,
        export=minutes_export.build,
    )
)
registry.register(
    registry.Kind(
        PositionDescription,
        order=30,
        pages=DocumentPages(PositionDescription, PositionDescriptionForm),
        api=POSITION_DESCRIPTION_API,
        export=measure6_export.build_position_description,
        public={"label": _("Position descriptions"), "order": 40},
    )
)
registry.register(
    registry.Kind(
        EvaluationCriteria,
        order=40,
        pages=DocumentPages(EvaluationCriteria, EvaluationCriteriaForm),
        api=EVALUATION_CRITERIA_API,
        export=measure6_export.build_evaluation_criteria,
        public={
            "label": _("Performance evaluation criteria"),
            "fiscal_year_field": "fiscal_year",
            "order": 30,
        },
    )
)
