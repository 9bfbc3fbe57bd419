"""Position descriptions and evaluation criteria, each registered once (see
workflows/registry.py for what a registration gives)."""

from django.utils.translation import gettext_lazy as _

from workflows import registry
from workflows.views import DocumentPages

from . import exports, urls
from .forms import EvaluationCriteriaForm, PositionDescriptionForm
from .models import EvaluationCriteria, PositionDescription
from .serializers import EVALUATION_CRITERIA_API, POSITION_DESCRIPTION_API

registry.register(
    registry.Kind(
        PositionDescription,
        order=30,
        pages=DocumentPages(PositionDescription, PositionDescriptionForm),
        api=POSITION_DESCRIPTION_API,
        export=exports.build_position_description,
        public={"label": _("Position descriptions"), "order": 40},
    )
)
registry.register(
    registry.Kind(
        EvaluationCriteria,
        order=40,
        pages=DocumentPages(EvaluationCriteria, EvaluationCriteriaForm),
        api=EVALUATION_CRITERIA_API,
        export=exports.build_evaluation_criteria,
        urls=tuple(urls.urlpatterns),
        public={
            "label": _("Performance evaluation criteria"),
            "fiscal_year_field": "fiscal_year",
            "order": 30,
        },
    )
)
