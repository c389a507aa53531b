"""Errors of account work; each message is a clear sentence for the person or the CLI."""

from __future__ import annotations


class AccountError(ValueError):
    """An account, location or token operation that cannot be done; the message says why."""


class LoginFailed(AccountError):
    """Wrong user name or password, a locked or a disabled account: one message for all."""
