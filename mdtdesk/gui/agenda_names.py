"""How the screens name an agenda item's person. Names are added here, in the window, and never
to the core's messages: exception messages must not carry patient data (they can reach logs)."""

from __future__ import annotations

from mdtdesk.core.nhs_number import format_nhs_number


def who(row: dict) -> str:
    """The person on an agenda row as the chair reads it ("ASHWORTH, Mona"), or its title."""
    if row.get("family_name") is None:
        return row.get("title") or "Any other business"
    return f"{row['family_name'].upper()}, {row['given_name']}"


def who_and_number(row: dict) -> str:
    """As ``who``, with the NHS number: "ASHWORTH, Mona (999 123 4567)"."""
    if row.get("family_name") is None:
        return who(row)
    return f"{who(row)} ({format_nhs_number(row['nhs_number'])})"


def naming_pending(message: str, pending: list[dict]) -> str:
    """The core's refusal to close a meeting, with the pending items named where it counts
    them."""
    if not pending:
        return message
    names = "; ".join(who(row) for row in pending)
    if " still pending." in message:
        return message.replace(" still pending.", f" still pending: {names}.", 1)
    return f"{message} Still pending: {names}."
