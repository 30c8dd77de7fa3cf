"""A person's care and support plan, written for them, as plain data (documents/model.py).

The sections follow the PRSB personalised care and support plan: about me and what matters to
me; my goals; who is doing what, and by when; who to contact; what to do if things get worse;
when the plan will be reviewed. The words are for the person, not the team: roles in plain words
("your district nurse"), no codes, and where something is not known yet the plan says so rather
than leaving a gap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtdesk.core.care_plan_data import CarePlanFacts, Contact, care_plan_facts
from mdtdesk.core.dates import format_date
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.team_settings import protective_marking
from mdtdesk.documents.meeting_parts import NO_AUTHOR
from mdtdesk.documents.model import Block, Bullets, Document, Heading, Paragraph, Table

if TYPE_CHECKING:
    from sqlite_utils import Database

TITLE = "My care and support plan"
SECTIONS = (
    "About me and what matters to me",
    "My goals",
    "Who is doing what, and by when",
    "Who to contact",
    "What to do if things get worse",
    "When this plan will be reviewed",
)
# NHS England's standard advice, in the order a person should reach for it.
IF_WORSE = (
    "If you feel more unwell, or your needs change, contact your GP practice or your key worker.",
    "If you need medical help urgently but it is not an emergency, call NHS 111 or go to "
    "111.nhs.uk. NHS 111 is open 24 hours a day, every day.",
    "If you need urgent help for your mental health, call NHS 111 and choose the mental health "
    "option.",
    "In an emergency, such as chest pain, difficulty breathing, heavy bleeding or a bad fall, "
    "call 999.",
)
# Why a case ended, said to the person.
ENDED_BECAUSE = {
    "goals_met": "the goals we agreed with you were met",
    "moved_away": "you moved away from the area",
    "declined": "you chose not to have more support from the team",
    "long_term_care": "you moved into long-term care",
}


def build_care_plan(
    db: Database | sqlite.Connection, nhs_number: str, large_print: bool = False
) -> Document:
    """The care and support plan of the person with this NHS number (spaces allowed);
    ``large_print`` asks the renderers for large print.

    Raises NotFound when no one on the register has the number, ValidationError when it is not a
    valid NHS number, and MdtError for a person whose case closed because they died.
    """
    facts = care_plan_facts(db, nhs_number)
    if facts.closed_reason == "died":
        raise MdtError(
            f"{facts.given_name} {facts.family_name}'s case was closed because they died, so "
            "there is no care plan to print."
        )
    name = " ".join(p for p in (facts.title, facts.given_name, facts.family_name) if p)
    doc = Document(
        title=TITLE,
        subject=f"Care and support plan for {name}",
        author=facts.key_worker.name if facts.key_worker else NO_AUTHOR,
        marking=protective_marking(db),
        large_print=large_print,
    )
    doc.add(*_introduction(facts, name))
    doc.add(Heading(SECTIONS[0]), *_about_me(facts, name))
    doc.add(Heading(SECTIONS[1]), *_goals(facts))
    doc.add(Heading(SECTIONS[2]), *_who_does_what(facts))
    doc.add(Heading(SECTIONS[3]), *_contacts(facts))
    doc.add(Heading(SECTIONS[4]), Bullets(IF_WORSE))
    doc.add(Heading(SECTIONS[5]), Paragraph(_review(facts)))
    return doc


def _team(facts: CarePlanFacts) -> str:
    if facts.neighbourhood:
        return f"your neighbourhood team in {facts.neighbourhood}"
    return "your neighbourhood team"


def _introduction(facts: CarePlanFacts, name: str) -> list[Block]:
    blocks: list[Block] = [Paragraph(f"This plan is for {name}.", style="emphasis")]
    team = _team(facts)
    what = (
        f"It was written by {team}: the health and care staff, such as your GP, district "
        "nurses and social workers, who meet to plan care together."
    )
    if facts.discussed_on:
        what += f" They last talked about your care on {format_date(facts.discussed_on)}."
    else:
        what += (
            " They have not met to talk about your care yet, so some parts are still to fill in."
        )
    blocks.append(Paragraph(what))
    blocks.append(
        Paragraph(
            "If anything in this plan is wrong, or you want to change it, please tell your key "
            "worker or your GP practice."
        )
    )
    return blocks


def _about_me(facts: CarePlanFacts, name: str) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(name, label="My name"),
        Paragraph(format_date(facts.date_of_birth), label="My date of birth"),
        Paragraph(format_nhs_number(facts.nhs_number), label="My NHS number"),
        Paragraph(facts.practice or "Not recorded yet", label="My GP practice"),
    ]
    if facts.referral_reason:
        blocks.append(Paragraph(facts.referral_reason, label="Why the team is involved"))
    blocks.append(
        Paragraph(
            facts.what_matters
            or "Not written down yet. Please tell your key worker what matters most to you.",
            label="What matters to me",
        )
    )
    blocks.append(
        Paragraph(
            facts.communication_needs
            or "Nothing recorded. Tell us if anything would help, such as large print, an "
            "interpreter or someone with you at appointments.",
            label="How I like to communicate",
        )
    )
    if facts.lives_alone:
        blocks.append(Paragraph("I live alone.", label="Where I live"))
    blocks.append(Paragraph(facts.carer or "No carer recorded.", label="Who supports me"))
    return blocks


def _goals(facts: CarePlanFacts) -> list[Block]:
    blocks: list[Block] = []
    if facts.question:
        label = "What we worked on together" if facts.case_status == "closed" else None
        blocks.append(Paragraph(facts.question, label=label or "What we are working on together"))
    if facts.decision:
        on = format_date(facts.decided_on)
        blocks.append(Paragraph(facts.decision, label=f"What the team agreed on {on}"))
    elif facts.no_decision_reason:
        blocks.append(
            Paragraph(
                "The team has not agreed a plan yet and will talk about your care again. "
                f"What held it up: {_lower_first(facts.no_decision_reason.rstrip('. '))}.",
                label="What the team agreed",
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Your goals will be agreed with you after the team first talks about your care.",
                label="What the team agreed",
            )
        )
    return blocks


def plain_role(role: str | None) -> str:
    """A role as said to the person: "your district nurse", "your GP"; an acronym keeps its
    capitals."""
    if not role:
        return "a member of your team"
    spoken = role if role[:2].isupper() else _lower_first(role)
    return f"your {spoken}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def who(name: str | None, role: str | None, organisation: str | None) -> str:
    """ "Siân Evans, your district nurse (Stockport NHS Foundation Trust)"."""
    said = plain_role(role)
    if name:
        said = f"{name}, {said}"
    return f"{said} ({organisation})" if organisation else said


def _who_does_what(facts: CarePlanFacts) -> list[Block]:
    if not facts.open_actions:
        if facts.case_status == "closed":
            return [Paragraph("Nothing is outstanding.")]
        return [
            Paragraph(
                "Nothing has been agreed yet. When the team agrees who will do what, it will "
                "be listed here."
            )
        ]
    rows = tuple(
        (
            a["description"],
            who(a["owner"], a["owner_role"], a["organisation"]),
            format_date(a["due_on"]) or "No date set",
        )
        for a in facts.open_actions
    )
    return [Table(("What", "Who", "By when"), rows, (4, 4, 2))]


def _contact_lines(contact: Contact) -> list[str]:
    lines = []
    if contact.phone:
        lines.append(f"Phone: {contact.phone}")
    if contact.email:
        lines.append(f"Email: {contact.email}")
    return lines


def _contacts(facts: CarePlanFacts) -> list[Block]:
    blocks: list[Block] = []
    worker = facts.key_worker
    if worker:
        blocks.append(
            Paragraph(
                f"{who(worker.name, worker.role, worker.organisation)}. Your key worker "
                "coordinates your care and is the first person to contact about this plan.",
                label="My key worker",
            )
        )
        lines = _contact_lines(worker)
        if lines:
            blocks.append(Bullets(tuple(lines)))
    else:
        blocks.append(
            Paragraph(
                "Not named yet. Until then, contact your GP practice about this plan.",
                label="My key worker",
            )
        )
    practice = facts.practice or "Your GP practice (not recorded yet)"
    blocks.append(Paragraph(practice, label="My GP practice"))
    return blocks


def _review(facts: CarePlanFacts) -> str:
    if facts.case_status == "closed":
        because = ENDED_BECAUSE.get(facts.closed_reason, "the team's work with you finished")
        return (
            f"The team's work with you ended on {format_date(facts.closed_on)}, because "
            f"{because}. There is no review planned. If things change, contact your GP "
            "practice, who can ask the team to help again."
        )
    if facts.next_review_on:
        return f"The team will look at this plan again by {format_date(facts.next_review_on)}."
    if facts.next_meeting_on:
        return (
            "The team will look at this plan again at their next meeting, on "
            f"{format_date(facts.next_meeting_on)}."
        )
    return "The team will look at this plan again at their next meeting."
