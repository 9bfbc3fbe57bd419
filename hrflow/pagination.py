"""The API's paging, in a module of its own: DRF reads DEFAULT_PAGINATION_CLASS while its
generic views are imported, which hrflow.api's schema class does."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's paging, whose schema also says pages count from 1 (page 0 is a 404)."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
