"""Uploaded files (attachments, evidence): checked by their real content, not their name."""

from django.conf import settings
from django.utils.translation import gettext as _

from hrflow.errors import Invalid
from hrflow.validation import check_file_name

ALLOWED_ATTACHMENT_TYPES = {
    "pdf": (b"%PDF-", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}


def checked_upload(upload) -> str:
    """An attachment or evidence file within the size limit whose first bytes really are a
    PDF, PNG or JPEG (not just its name); returns its content type, else a 400 on "file"."""
    try:
        check_file_name(upload.name)
    except ValueError as error:
        raise Invalid(str(error), field="file") from None
    limit = settings.HRFLOW_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise Invalid(
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
            field="file",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    magic, content_type = ALLOWED_ATTACHMENT_TYPES.get(extension, (None, None))
    head = upload.read(16)
    upload.seek(0)
    if magic is None or not head.startswith(magic):
        raise Invalid(_("Only PDF, PNG and JPEG files can be attached."), field="file")
    return content_type


# An emblem is printed about 3 cm high: a few hundred pixels are plenty, and Pillow refuses
# (DecompressionBombError) far below what a hostile image could claim.
MAX_IMAGE_SIDE = 4000


def checked_image(upload) -> str:
    """A PNG or JPEG (by its first bytes, within the size limit, as checked_upload) that Pillow
    can read and that is at most MAX_IMAGE_SIDE pixels a side; its content type, else a 400
    on "file"."""
    content_type = checked_upload(upload)
    if not content_type.startswith("image/"):
        raise Invalid(_("Only a PNG or JPEG image can be used here."), field="file")
    from PIL import Image

    try:
        with Image.open(upload) as image:
            width, height = image.size
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(
            _("The image could not be read; please upload a PNG or JPEG."), field="file"
        ) from None
    finally:
        upload.seek(0)
    if max(width, height) > MAX_IMAGE_SIDE:
        raise Invalid(
            _("The image is too large (at most %(side)s pixels a side).")
            % {"side": MAX_IMAGE_SIDE},
            field="file",
        )
    return content_type
