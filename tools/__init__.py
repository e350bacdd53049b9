"""Command-line tools and their libraries: audit, operations, evaluation, demos.

They sit above the runtime (they open one to do their work) and below the
web app, which serves the audit report; ``starter.py`` exposes them.
"""
