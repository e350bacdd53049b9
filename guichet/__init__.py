"""Guichet: an agentic case-processing engine for public services."""
