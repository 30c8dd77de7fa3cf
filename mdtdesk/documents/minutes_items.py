"""The minutes of one agenda item: who it was about, what was asked, said and decided, the
actions agreed and the outcome. documents/minutes.py puts the items in order around the rest.

Every piece of free text passes through ``redact`` (the identity function for full minutes), so
redacted minutes cannot forget a field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from mdtdesk.core.dates import format_date
from mdtdesk.core.objections import UnreasonedItem
from mdtdesk.core.vocabulary import AGENDA_KINDS, CLOSED_REASONS
from mdtdesk.documents.meeting_parts import heading_person, identifiers, member
from mdtdesk.documents.minutes_actions import status_at_meeting
from mdtdesk.documents.model import Block, Heading, Paragraph, Table

Redact = Callable[[str | None], str | None]

# Status says what became of the action at the meeting itself (documents/minutes_actions.py).
ACTION_HEADER = ("Action", "Owner", "Organisation", "Due", "Status")
ACTION_WIDTHS = (3.4, 2.3, 2.3, 2.1, 2.7)


def labelled(label: str, text: str | None) -> list[Block]:
    """A labelled paragraph ("Decision: …"), one paragraph per line of what was typed; nothing
    for empty text."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return []
    return [Paragraph(lines[0], label=label), *(Paragraph(line) for line in lines[1:])]


def case_item(
    number: int,
    item: dict,
    raised: list[dict],
    redacted: bool,
    redact: Redact,
    objection: UnreasonedItem | None = None,
    meeting_day: dt.date | None = None,
):
    """The blocks for an item about a person: a heading (an outline entry) naming them in full
    or by initials, then the discussion in the order the meeting had it.

    ``raised`` is the item's list from ``minutes_actions.raised_at_meeting``: each action is
    shown with what became of it at the meeting ("Open", "Done", "Not done: …").

    ``objection`` is the item's entry in ``objections.without_reason`` when the person objected
    to information sharing and no reason was recorded: the minutes say so rather than nothing.
    """
    kind = AGENDA_KINDS.get(item["kind"], item["kind"])
    blocks: list[Block] = [
        Heading(f"{number}. {heading_person(item, redacted)} ({kind.lower()})", level=2),
        Paragraph(identifiers(item, redacted)),
    ]
    if item["presenter"]:
        blocks.append(Paragraph(item["presenter"], label="Presented by"))
    sharing = sharing_note(item, objection, meeting_day, redact)
    if sharing is not None:
        blocks.append(sharing)
    blocks += labelled("Question for the MDT", redact(item["question"]))
    if item["status"] == "deferred":
        blocks.append(Paragraph("Deferred to the next meeting.", label="Outcome", style="emphasis"))
    elif item["status"] == "pending":
        blocks.append(Paragraph("Not yet discussed.", label="Outcome", style="emphasis"))
    blocks += labelled("Situation", redact(item["situation"]))
    blocks += labelled("Discussion", redact(item["notes"]))
    if item["decision"]:
        blocks += labelled("Decision", redact(item["decision"]))
    elif item["no_decision_reason"]:
        blocks += labelled("No decision", redact(item["no_decision_reason"]))
    elif item["status"] == "discussed":
        blocks.append(Paragraph("None recorded.", label="Decision"))
    blocks += labelled("What matters to the person", redact(item["what_matters"]))
    blocks += labelled("Who tells the person", redact(item["who_tells_person"]))
    if raised:
        rows = tuple(
            (
                redact(a["description"]),
                member(a["owner"], a["owner_role"]),
                a["organisation"] or "Not recorded",
                format_date(a["due_on"]) or "No date",
                status_at_meeting(a, redact),
            )
            for a in raised
        )
        blocks.append(Table(ACTION_HEADER, rows, ACTION_WIDTHS, caption="New actions"))
    elif item["status"] == "discussed":
        blocks.append(Paragraph("None.", label="New actions"))
    outcome = item_outcome(item)
    if outcome:
        blocks.append(Paragraph(outcome, label="Outcome"))
    return blocks


def sharing_note(
    item: dict, objection: UnreasonedItem | None, meeting_day: dt.date | None, redact: Redact
) -> Paragraph | None:
    """What the minutes say of the person's objection to information sharing: the reason the
    team discussed them anyway, or that none was recorded (an objection recorded after they were
    put on the agenda, before chair mode asked for one); None when they did not object."""
    if item["sharing_override_reason"]:
        return Paragraph(
            "The person objected to sharing their information. Discussed because: "
            + redact(item["sharing_override_reason"]),
            label="Information sharing",
        )
    if objection is None:
        return None
    on = objection.objected_on
    if on is not None and meeting_day is not None and on > meeting_day:
        # Minutes are built again whenever they are exported: an objection made since must not
        # read as one the meeting overrode.
        return Paragraph(
            f"The person objected to sharing their information on {format_date(on)}, after "
            "this meeting.",
            label="Information sharing",
        )
    return Paragraph(
        "The person objected to sharing their information. No reason was recorded for "
        "discussing them anyway.",
        label="Information sharing",
        style="emphasis",
    )


def item_outcome(item: dict) -> str | None:
    """ "Review again on 22 December 2026" or "Case closed: goals met"; None when the item set
    no outcome (deferred, pending, or none recorded)."""
    if item["close_reason"]:
        reason = CLOSED_REASONS.get(item["close_reason"], item["close_reason"])
        return f"Case closed: {reason[0].lower()}{reason[1:]}."
    if item["next_review_on"]:
        return f"Review again on {format_date(item['next_review_on'])}."
    if item["status"] == "discussed":
        return "Not recorded."
    return None


def other_business(number: int, item: dict, redact: Redact) -> list[Block]:
    """An item of any other business: its number and title as a heading (numbered as on the
    agenda), then what was said and agreed."""
    title = redact(item["title"]) or "Untitled item"
    blocks: list[Block] = [Heading(f"{number}. {title}", level=2)]
    if item["presenter"]:
        blocks.append(Paragraph(item["presenter"], label="Raised by"))
    if item["status"] == "deferred":
        blocks.append(Paragraph("Deferred to the next meeting.", style="emphasis"))
    elif item["status"] == "pending":
        blocks.append(Paragraph("Not yet discussed.", style="emphasis"))
    blocks += labelled("Update", redact(item["situation"]))
    blocks += labelled("Discussion", redact(item["notes"]))
    blocks += labelled("Agreed", redact(item["decision"]))
    blocks += labelled("No decision", redact(item["no_decision_reason"]))
    return blocks
