"""UK postcodes: tidy what people type into ``SK1 3XE`` form."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(text: str) -> str:
    """Return the postcode upper-cased with one space before the inward code.

    Raises ValueError with a message fit to show a user when it is not shaped like a UK postcode.
    """
    compact = re.sub(r"\s+", "", str(text or "")).upper()
    match = _SHAPE.match(compact)
    if not match:
        raise ValueError(f"'{str(text).strip()}' is not a UK postcode, such as SK1 3XE.")
    return f"{match.group(1)} {match.group(2)}"
