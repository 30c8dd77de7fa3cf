"""Errors the core raises for a person to read: plain English, what happened and what to do."""


class MdtError(Exception):
    """A problem a user can act on. ``str(error)`` is the message to show."""


class DatabaseError(MdtError):
    """The database cannot be opened, read or written."""


class ValidationError(MdtError):
    """Input was refused. ``problems`` maps each field name to a message for that field."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))


class NotFound(MdtError):
    """The record asked for does not exist (perhaps deleted or never created)."""
