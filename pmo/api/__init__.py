"""The shared base of the REST API (`/api/v1/`), on which every domain declares its
resources in a few lines: a `Resource` viewset with its columns and filters, registered
on the one router. The base brings the permission layer, tokens, throttling, cursor
pagination, `updated_since` and deletions, ETags, CSV and problem details (RFC 9457).
"""
