"""Pydantic contracts that cross workflow, activity, API and storage boundaries."""
