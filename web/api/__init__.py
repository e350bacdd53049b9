"""The HTTP API (``/api``), as specified in API.md."""
