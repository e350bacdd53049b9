"""Jinja2 templates of the notification e-mails, and the phrases they insert."""
