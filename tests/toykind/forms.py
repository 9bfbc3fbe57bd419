from django import forms

from workflows.forms import DocumentForm

from . import services
from .models import ToyNote


class ToyNoteForm(DocumentForm):
    model = ToyNote
    fieldsets = [(None, ["title", "body", "is_public"])]

    title = forms.CharField(max_length=300)
    body = forms.CharField(required=False, widget=forms.Textarea)
    is_public = forms.BooleanField(required=False)

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.FIELDS}

    def create(self, *, by):
        return services.toy_create(by=by, **self.service_kwargs())

    def update(self, document, *, by):
        return services.toy_update(
            document, by=by, lock_version=self.cleaned_data.get("lock_version"),
            **self.service_kwargs(),
        )  # fmt: skip

    @classmethod
    def initial_for(cls, document) -> dict:
        values = {name: getattr(document, name) for name in services.FIELDS}
        return {**super().initial_for(document), **values}
