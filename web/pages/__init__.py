"""Server-rendered pages (Jinja2, htmx for partial updates)."""
