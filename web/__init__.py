"""Guichet's web app: applicant chat, caseworker queue and the HTTP API.

Build it with :func:`web.app.create_app`.
"""
