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

MEETING_STATUSES = {"draft": "Draft", "in_progress": "In progress", "closed": "Closed"}

ATTENDANCE = {"present": "Present", "apologies": "Apologies", "absent": "Absent"}

AGENDA_KINDS = {
    "new_referral": "New referral",
    "review": "Review",
    "hospital_discharge": "Hospital discharge",
    "matters_arising": "Matters arising",
    "death_review": "Death review",
    "any_other_business": "Any other business",
}

ITEM_STATUSES = {"pending": "Pending", "discussed": "Discussed", "deferred": "Deferred"}

ACTION_STATUSES = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}

PRIORITIES = {"low": "Low", "normal": "Normal", "high": "High"}

# What a meeting made of an earlier action when it came back as a matter arising.
REVIEW_OUTCOMES = {"done": "Done", "carried_on": "Carried on", "not_done": "Not done"}

# Why an action was not done: at matters arising, in the Actions area, or as its case closes
# (someone who moved away or into long-term care has their actions handed over, not done here).
NOT_DONE_REASONS = {
    "person_declined": "Person declined",
    "service_unavailable": "Service unavailable",
    "no_longer_needed": "No longer needed",
    "handed_over": "Handed over to another team",
    "other": "Other",
}
