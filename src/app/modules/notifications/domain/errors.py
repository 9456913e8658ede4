"""Errors of the notifications module."""


class EmailNotSentError(Exception):
    """The mail server refused the message or could not be reached; a later attempt may
    succeed (the event is delivered again)."""
