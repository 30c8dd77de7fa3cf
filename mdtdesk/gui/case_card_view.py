"""Chair mode's case card: who the person on the current item is, and what the MDT is asked.

Read-only and built once: moving to the next item only refills the labels, so it paints within a
frame on a 50,000-person register. Every label is plain text, never rich text: user text cannot
turn into markup, and plain labels lay out several times faster than rich ones.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from mdtdesk.core import chair, objections
from mdtdesk.core.dates import format_date
from mdtdesk.core.errors import MdtError
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.vocabulary import INFO_SHARING, URGENCIES
from mdtdesk.gui.chair_panel import ChairPanel
from mdtdesk.gui.objection_gate import ObjectionGate

# Clinical Frailty Scale (version 2.0) names, as clinicians say them.
FRAILTY = {
    1: "very fit",
    2: "fit",
    3: "managing well",
    4: "living with very mild frailty",
    5: "living with mild frailty",
    6: "living with moderate frailty",
    7: "living with severe frailty",
    8: "living with very severe frailty",
    9: "terminally ill",
}
AOB_NOTE = "Any other business: no person on this item."
NO_ITEM = "No item to show."
# An objection recorded after the person was put on the agenda leaves the item with no reason.
OBJECTED_LATE = "Objected to information sharing after being put on this agenda."
HELD_BACK = "No reason is recorded for discussing them: give one before the discussion."
NONE_RECORDED = "No reason was recorded for discussing them."

# A run of characters with no space cannot wrap, so one pasted link or code would widen the card
# past its window; a zero-width space every so often gives the layout somewhere to break.
_UNBROKEN = re.compile(r"\S{40,}")
_BREAK_EVERY = 20


def wrappable(text: str | None) -> str:
    """User text that can wrap anywhere it must: long unbroken runs get break opportunities."""
    if not text:
        return ""
    return _UNBROKEN.sub(
        lambda m: "\u200b".join(
            m.group()[i : i + _BREAK_EVERY] for i in range(0, len(m.group()), _BREAK_EVERY)
        ),
        text.strip(),
    )


def frailty_text(score: int | None) -> str:
    """``Frailty 6 (living with moderate frailty)``; empty when no score is recorded."""
    if score is None:
        return ""
    name = FRAILTY.get(score)
    return f"Frailty {score} ({name})" if name else f"Frailty {score}"


def last_decision_text(last: chair.LastDecision | None) -> str:
    """What the last meeting that heard the case decided, in plain words."""
    if last is None:
        return "No decision yet at an earlier meeting"
    when = format_date(last.meeting_date)
    if last.decision:
        return f"Last decided, {when}: {last.decision}"
    return f"Last discussed, {when}: no decision. {last.no_decision_reason or ''}".strip()


def _scaled(base: QFont, factor: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    return font


class CaseCardView(ChairPanel):
    """The key facts of the person on the current agenda item, in large calm type."""

    def _build(self) -> None:
        self.setAccessibleName("Case card")

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setAccessibleName("Case card")
        body = QWidget()
        body.setFont(_scaled(self.font(), 1.2))
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.scroll.setWidget(body)
        base = body.font()

        self.name = self._label(layout, "Name", "card_name", _scaled(base, 1.7, bold=True))
        self.identity = self._label(layout, "NHS number and age", font=_scaled(base, 1.1))
        self.place = self._label(layout, "Practice and postcode")
        self.note = self._label(layout, "Note", "hint")
        layout.addSpacing(6)
        self.banner = self._label(layout, "Information sharing", "card_banner")
        self.banner.setProperty("role", "error")
        self.gate = ObjectionGate(self._writer, self._actor)
        layout.addWidget(self.gate)
        self.reason_needed = False  # the shown item's discussion waits for a reason (H-05)
        self.warning = self._label(layout, "Information sharing", "card_warning")
        self.sharing = self._label(layout, "Information sharing")

        self.question_box = QFrame()
        self.question_box.setObjectName("card_question")
        self.question_box.setFrameShape(QFrame.Shape.Box)
        self.question_box.setAccessibleName("Question for the MDT")
        box = QVBoxLayout(self.question_box)
        box.setContentsMargins(12, 10, 12, 10)
        heading = self._label(box, "Question for the MDT", font=_scaled(base, 1.0, bold=True))
        heading.setText("Question for the MDT")
        self.urgency = self._label(box, "Urgency", font=_scaled(base, 1.0, bold=True))
        self.question = self._label(box, "Question for the MDT", font=_scaled(base, 1.15))
        self.referral_reason = self._label(box, "Reason for referral")
        layout.addSpacing(4)
        layout.addWidget(self.question_box)
        layout.addSpacing(4)

        self.last_decision = self._label(layout, "Last decision", font=_scaled(base, 1.0, True))
        self.facts = {
            key: self._label(layout, words)
            for key, words in (
                ("conditions", "Conditions"),
                ("frailty", "Frailty"),
                ("lives_alone", "Lives alone"),
                ("carer", "Carer"),
                ("communication", "Communication needs"),  # bold: see below
                ("key_worker", "Key worker"),
                ("next_review", "Next review"),
            )
        }
        # Bold: who tells the person, and how, depends on it.
        self.facts["communication"].setFont(_scaled(base, 1.0, bold=True))
        layout.addStretch(1)
        self._card_widgets = [
            self.identity,
            self.place,
            self.banner,
            self.gate,
            self.warning,
            self.sharing,
            self.question_box,
            self.last_decision,
            *self.facts.values(),
        ]
        self.show_item(0, None, None, True)

    def _label(
        self, layout: QVBoxLayout, name: str, object_name: str = "", font: QFont | None = None
    ) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # never AutoText: user text may hold "<"
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setAccessibleDescription(name)
        if object_name:
            label.setObjectName(object_name)
        if font is not None:
            label.setFont(font)
        layout.addWidget(label)
        return label

    def show_item(
        self, meeting_id: int, item: dict | None, reason: str | None, read_only: bool
    ) -> None:
        """Show the card for ``item`` (a row of ``agenda.items``), or a note when it has none.

        Sets ``reason_needed`` when the person objected to information sharing and the item,
        not yet discussed, has no reason recorded for discussing them (read fresh: the objection
        may have been recorded since the agenda was read).
        """
        self.scroll.verticalScrollBar().setValue(0)
        self.reason_needed = False
        self._item, self._amendment, self._read_only = item, reason, read_only
        if item is None:
            self._show_note("", NO_ITEM)
            return
        if item.get("case_id") is None:
            self._show_note(item.get("title") or "Any other business", AOB_NOTE)
            return
        try:
            card = chair.case_card(self._conn, item["id"])
        except MdtError as exc:
            self._show_note("", str(exc))
            return
        if card is None:
            self._show_note(item.get("title") or "Any other business", AOB_NOTE)
            return
        self._show_card(card)

    def focus_reason(self) -> None:
        """Put the keyboard in the objection's reason field, scrolled into view."""
        self.scroll.ensureWidgetVisible(self.gate)
        self.gate.focus_reason()

    def _show_note(self, title: str, note: str) -> None:
        for widget in self._card_widgets:
            widget.hide()
        self._fill(self.name, title)
        self._fill(self.note, note)
        self.scroll.setAccessibleDescription(f"{title}. {note}" if title else note)

    def _show_card(self, card: chair.CaseCard) -> None:
        self.note.hide()
        name = f"{card.given_name} {card.family_name.upper()}"
        self._fill(self.name, name)
        # No-break spaces: a number or a date split over two lines is misread.
        nhs = format_nhs_number(card.nhs_number).replace(" ", "\u00a0")
        born = format_date(card.date_of_birth).replace(" ", "\u00a0")
        identity = f"NHS number {nhs} · {card.age} years, born {born}"
        self._fill(self.identity, identity)
        place = " · ".join(p for p in (card.practice, card.postcode) if p)
        self._fill(self.place, place)
        self._show_sharing(card)

        self._fill(
            self.urgency,
            f"Urgency: {URGENCIES.get(card.urgency, card.urgency)}"
            if card.urgency and card.urgency != "routine"
            else "",
        )
        question = card.question or "No question recorded with the referral."
        self._fill(self.question, question)
        self._fill(
            self.referral_reason,
            f"Referred for: {card.referral_reason}" if card.referral_reason else "",
        )
        self.question_box.show()
        self._fill(self.last_decision, last_decision_text(card.last_decision))

        facts = self.facts
        self._fill(facts["conditions"], f"Conditions: {card.conditions}" if card.conditions else "")
        self._fill(facts["frailty"], frailty_text(card.frailty_score))
        self._fill(facts["lives_alone"], "Lives alone" if card.lives_alone else "")
        self._fill(facts["carer"], f"Carer: {card.carer}" if card.carer else "")
        needs = card.communication_needs
        self._fill(facts["communication"], f"Communication needs: {needs}" if needs else "")
        self._fill(facts["key_worker"], f"Key worker: {card.key_worker or 'none named yet'}")
        review = card.next_review_on
        self._fill(facts["next_review"], f"Next review {format_date(review)}" if review else "")
        self.scroll.setAccessibleDescription(f"{name}. {identity}. Question: {question}")

    def _show_sharing(self, card: chair.CaseCard) -> None:
        banner = warning = sharing = ""
        item = self._item
        status = item.get("status", "pending")
        reason = card.sharing_override_reason
        self.reason_needed = objections.needs_reason(card.info_sharing, reason, status)
        asking = card.info_sharing == "objected" and not reason and not self._read_only
        if card.info_sharing == "objected" and reason:
            banner = f"Objected to information sharing. Discussed because: {reason}"
        elif self.reason_needed:
            held = HELD_BACK if asking else NONE_RECORDED
            banner = f"{OBJECTED_LATE} {held}"
        elif card.info_sharing == "objected":
            banner = f"Objected to information sharing. {NONE_RECORDED}"
        elif card.info_sharing == "not_recorded":
            warning = (
                "Information sharing: Not recorded. Check with the person before sharing "
                "their details outside the MDT."
            )
        else:
            words = INFO_SHARING.get(card.info_sharing, card.info_sharing)
            on = f" ({format_date(card.info_sharing_on)})" if card.info_sharing_on else ""
            sharing = f"Information sharing: {words}{on}"
        self._fill(self.banner, banner)
        if asking:
            self.gate.show_for(item["id"], status, self.reason_needed, self._amendment)
        else:
            self.gate.hide()
        self._fill(self.warning, warning)
        self._fill(self.sharing, sharing)

    @staticmethod
    def _fill(label: QLabel, text: str) -> None:
        """Show ``text`` in ``label``, or hide the label when there is nothing to say."""
        label.setText(wrappable(text))
        # Screen readers get the words without the break hints; the field's name describes them.
        label.setAccessibleName(text or label.accessibleDescription())
        label.setVisible(bool(text))
