"""Identifiers cut down to what a wider audience may see: initials and the NHS number's last
three digits, as on the shared screen and (later) in redacted minutes."""

from __future__ import annotations

import re


def initials(given_name: str, family_name: str) -> str:
    """ "M.A." for Mona Ashworth; every part of a double-barrelled or spaced name counts once."""
    parts = re.split(r"[\s\-]+", f"{given_name} {family_name}".strip())
    return "".join(f"{part[0].upper()}." for part in parts if part)


def nhs_tail(nhs_number: str) -> str:
    """The NHS number cut to its last three digits: "NHS …567"."""
    digits = re.sub(r"\D", "", nhs_number or "")
    return f"NHS …{digits[-3:]}" if len(digits) >= 3 else "NHS number not known"


def mask_names(text: str, given_name: str, family_name: str) -> str:
    """``text`` with the person's names, whole words in any case, replaced by their initials."""
    names = [p for p in re.split(r"[\s\-]+", f"{given_name} {family_name}") if len(p) > 1]
    if not text or not names:
        return text
    # Longest first, so a name that contains another is masked whole.
    pattern = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.sub(
        rf"(?<!\w)({pattern})(?!\w)",
        lambda m: f"{m.group(0)[0].upper()}.",
        text,
        flags=re.IGNORECASE,
    )
