"""The fixed choices of the domain, each code with the words a person sees."""

CASE_STATUSES = {"referred": "Referred", "active": "Active", "closed": "Closed"}

CLOSED_REASONS = {
    "goals_met": "Goals met",
    "moved_away": "Moved away",
    "died": "Died",
    "declined": "Declined further support",
    "long_term_care": "Moved into long-term care",
}

URGENCIES = {"routine": "Routine", "soon": "Soon", "urgent": "Urgent"}

INFO_SHARING = {
    "not_recorded": "Not recorded",
    "informed": "Informed, no objection",
    "objected": "Objected to sharing",
    "best_interests": "Best-interests decision",
}

ORGANISATION_KINDS = {
    "gp_practice": "GP practice",
    "nhs_trust": "NHS trust",
    "council": "Council",
    "voluntary": "Voluntary sector",
    "housing": "Housing",
    "other": "Other",
}
