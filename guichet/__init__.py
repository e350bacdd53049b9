"""Guichet: an agentic case-processing engine for public services."""

from guichet.ast_guard import serialise_ast_parse

# Before any thread starts: see guichet.ast_guard for the CPython bug.
serialise_ast_parse()
