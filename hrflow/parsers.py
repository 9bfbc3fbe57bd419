"""The API's JSON parser (its own module: DRF loads parsers from settings while its views
are still importing, so it cannot live beside the views in hrflow/api.py)."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from hrflow.validation import MAX_JSON_DEPTH, has_nul, json_depth


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing with a 400 what it would otherwise crash on (a body nested
    50,000 deep overflows the decoder's stack) or hand to views that expect an object."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            too_deep = json_depth(data) > MAX_JSON_DEPTH
        except RecursionError:
            too_deep = True
        if too_deep:
            raise ParseError(
                _("The JSON is nested too deeply (at most %(depth)s levels).")
                % {"depth": MAX_JSON_DEPTH}
            )
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        if has_nul(data):
            raise ParseError(_("The input contains a NUL character, which cannot be stored."))
        return data
