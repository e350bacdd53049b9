"""Jinja2 templates of the notification e-mails (their words are in the catalogues)."""
