"""Errors a user can cause, each with one clear message and an exit status or HTTP status."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base for errors that reach the user as one line, never a traceback."""

    status = 400
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(NewsgraphError):
    """A file or record we cannot read: what was wrong and what to do."""


class NotFound(NewsgraphError):
    status = 404


class BadQuery(NewsgraphError):
    """A filter, date or option the user gave that makes no sense."""

    exit_code = 2


class StoreError(NewsgraphError):
    """The database cannot be opened or written."""

    status = 500
