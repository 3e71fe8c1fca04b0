"""Cursor pagination: stable while rows are added or changed between pages, which is what
a sync needs (an offset would skip or repeat rows). Up to 1,000 rows a page."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "id"
    cursor_query_param = "cursor"

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        # The next page in a header too, for a client reading CSV (Power Query, Excel).
        if next_url := self.get_next_link():
            response["Link"] = f'<{next_url}>; rel="next"'
        return response
