"""Caseworker accounts, sessions and applicant access to cases."""

from guichet.accounts.service import AccountError, AccountService

__all__ = ["AccountError", "AccountService"]
