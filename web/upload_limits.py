"""Where uploads arrive and how large their requests may be.

Apart from :mod:`web.uploads` so the hardening middleware can read them
without importing the request context (which imports the middleware's
limits).
"""

from __future__ import annotations

from guichet.files import MAX_FILE_BYTES

UPLOAD_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024
"""Largest upload request body: one file at the limit, its headers and a few fields."""

UPLOAD_PATHS = r"^(/api/cases/[^/]+/documents|/chat/documents)$"
"""The upload routes: the API's and the chat page's."""
