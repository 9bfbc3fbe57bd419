"""Circulars, registered once (see workflows/registry.py for what a registration gives)."""

from django.utils.translation import gettext_lazy as _

from workflows import registry
from workflows.views import DocumentPages

from . import exports
from .forms import CircularForm
from .models import Circular
from .serializers import CIRCULAR_API

registry.register(
    registry.Kind(
        Circular,
        order=10,
        pages=DocumentPages(Circular, CircularForm),
        api=CIRCULAR_API,
        export=exports.build,
        public={"label": _("Circulars"), "order": 20},
    )
)
