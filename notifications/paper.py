"""A proxy acknowledgement given on paper (ใบลงนามรับทราบ): the day the sheet was signed and its
scan, checked before anything is written. Kept apart from services.py, which records the
acknowledgement itself."""

import uuid

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.errors import Invalid
from hrflow.uploads import checked_upload


class PaperError(Exception):
    """Bad paper date or scan: a 400 with the message."""

    status = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def paper_fields(document, signed_on, scan) -> dict:
    """The paper's date and stored scan for a proxy acknowledgement, checked (400 otherwise)."""
    fields = {}
    if signed_on is not None:
        if signed_on > timezone.localdate():
            raise PaperError(_("The paper cannot have been signed in the future."))
        published = getattr(document, "published_at", None)
        if published and signed_on < timezone.localdate(published):
            raise PaperError(
                _("The paper cannot have been signed before the document was published.")
            )
        fields["paper_signed_on"] = signed_on
    if scan is not None:
        try:
            checked_upload(scan)
        except Invalid as error:
            raise PaperError(error.message) from None
        fields["paper_scan"] = default_storage.save(
            f"acknowledgements/{timezone.localdate():%Y}/{uuid.uuid4().hex}-{scan.name}", scan
        )
    return fields
