"""Audit tools: replay, timeline, what-if, revisions, export, report and CLI.

They read a case's histories (from Temporal or the archive) with the
project's data converter. The archive's hash chain and the archiving itself,
which the store and the activities use, live in :mod:`guichet.audit`.
"""
