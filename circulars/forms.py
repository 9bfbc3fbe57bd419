"""The circular's page form: subject, text, deadline, public flag and the audience chooser."""

import re

from django import forms
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from hrflow.forms import DeadlineField
from workflows.forms import AudienceFields, DocumentForm

from . import services
from .models import Circular

# Plain text has no tags; a clerk who types paragraphs should get paragraphs, not one run-on line.
_LOOKS_LIKE_HTML = re.compile(r"<\s*[a-zA-Z!/]")


class CircularForm(AudienceFields, DocumentForm):
    model = Circular
    fieldsets = [
        (None, ["title", "body", "deadline", "is_public"]),
        (_("How it is printed"), ["letter_form", "urgency", "addressee", "reference"]),
        (_("Who must acknowledge it"), AudienceFields.AUDIENCE_FIELDS),
    ]

    title = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text, or simple HTML (no scripts)."),
    )
    deadline = DeadlineField(label=_("Acknowledge by"), required=False)
    is_public = forms.BooleanField(
        label=_("Public (shown to everyone once published)"), required=False
    )

    letter_form = forms.ChoiceField(
        label=_("Form"),
        choices=Circular.Form.choices,
        initial=Circular.Form.MEMO,
        required=False,  # left out: a memo
        help_text=_(
            "An internal memo (บันทึกข้อความ) within the agency, or a letter (หนังสือภายนอก) "
            "with the emblem at the top centre and the agency's address."
        ),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Circular.Urgency.choices, required=False
    )
    addressee = forms.CharField(
        label=_("To (เรียน)"),
        max_length=300,
        required=False,
        help_text=_("As the letter addresses them, e.g. หัวหน้าส่วนราชการทุกส่วน."),
    )
    reference = forms.CharField(label=_("Reference (อ้างถึง)"), max_length=500, required=False)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if body and not _LOOKS_LIKE_HTML.search(body):
            body = linebreaks(body, autoescape=True)
        return body

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "deadline": data["deadline"],
            "is_public": data["is_public"],
            "audience": self.audience_targets(),
            **{name: data.get(name, "") for name in services.LETTER_FIELDS},
        }

    def create(self, *, by):
        return services.circular_create(by=by, **self.service_kwargs())

    def update(self, document, *, by):
        return services.circular_update(
            document, by=by, lock_version=self.cleaned_data.get("lock_version"),
            **self.service_kwargs(),
        )  # fmt: skip

    @classmethod
    def initial_for(cls, document) -> dict:
        return {
            **super().initial_for(document),
            "title": document.title,
            "body": document.body,
            "deadline": document.deadline,
            "is_public": document.is_public,
            **{name: getattr(document, name) for name in services.LETTER_FIELDS},
            **cls.audience_initial(document.audience),
        }

    attach = staticmethod(services.circular_attach)
