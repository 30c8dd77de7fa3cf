"""Chair mode's case card: what the chair sees of the person on the current item."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from mdtdesk.core import agenda, meetings
from mdtdesk.core.db import connect, wrap
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.register import save_case_record
from mdtdesk.gui.app import application
from mdtdesk.gui.case_card_view import AOB_NOTE, NO_ITEM, CaseCardView, frailty_text
from tests.helpers import build_team, nhs, plan_meeting, record

TODAY = dt.date(2026, 11, 23)
OVERRIDE = "Safeguarding concern: at risk of harm at home"
LONG_QUESTION = ("Can she stay safely at home with more support, and who will visit? " * 80)[:5000]


@pytest.fixture
def agenda_ready(db, db_path):
    """A closed meeting two weeks ago that decided about case 0 and could not decide about case
    1; today's meeting with cases 0, 1, the objector, Łukasz, Siân and any other business."""
    hood, _, cases = build_team(db, TODAY)
    first = plan_meeting(db, hood, TODAY - dt.timedelta(days=14))
    decided = agenda.add_item(db, "chair", first, cases[0], "new_referral")
    agenda.save_discussion(db, "chair", decided, {"decision": "Refer to falls clinic"})
    undecided = agenda.add_item(db, "chair", first, cases[1], "new_referral")
    agenda.save_discussion(
        db, "chair", undecided, {"no_decision_reason": "Waiting for the hospital letter"}
    )
    for item in (decided, undecided):
        agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", first)

    lukasz = record(
        20,
        given_name="Łukasz",
        family_name="Wójcik",
        neighbourhood_id=hood,
        frailty_score=6,
        lives_alone=True,
        carer="Daughter, Anna, visits daily",
        communication_needs="Speaks Polish: book an interpreter",
        info_sharing="informed",
        info_sharing_on=TODAY - dt.timedelta(days=30),
        info_sharing_recorded_by="Nurse Evans",
    )
    lukasz.referral.question = LONG_QUESTION
    lukasz.referral.urgency = "urgent"
    sian = record(21, given_name="Siân", family_name="Llewellyn", neighbourhood_id=hood)
    # One unbroken run, as a pasted link would be: it must wrap, not widen the card.
    sian.referral.question = "https://example.org/" + "x" * 400 + " <b>not bold</b> & more"
    extra = [save_case_record(db, "chair", r, TODAY).case_id for r in (lukasz, sian)]

    today = plan_meeting(db, hood, TODAY)
    ids = {
        "mona": agenda.add_item(db, "chair", today, cases[0], "review"),
        "undecided": agenda.add_item(db, "chair", today, cases[1], "review"),
        "objected": agenda.add_item(
            db, "chair", today, cases[-1], "review", sharing_override_reason=OVERRIDE
        ),
        "lukasz": agenda.add_item(db, "chair", today, extra[0], "new_referral"),
        "sian": agenda.add_item(db, "chair", today, extra[1], "new_referral"),
        "aob": agenda.add_item(
            db, "chair", today, None, "any_other_business", title="Winter pressures plan"
        ),
        "first_meeting_item": decided,
    }
    conn = connect(db_path, create=False)
    yield conn, first, today, ids
    conn.close()


@pytest.fixture
def card(qtbot, agenda_ready):
    application()
    conn, *_ = agenda_ready
    view = CaseCardView(conn, lambda: wrap(conn), "chair")
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.show()
    return view


def _show(view, agenda_ready, key, read_only=False):
    conn, first, today, ids = agenda_ready
    meeting = first if key == "first_meeting_item" else today
    item = next(i for i in agenda.items(conn, meeting) if i["id"] == ids[key])
    view.show_item(meeting, item, None, read_only)


def _text(label) -> str:
    """What the label says, as a person reads it (no-break spaces are spaces)."""
    return label.text().replace("\u00a0", " ")


def _shown(label) -> bool:
    return not label.isHidden()


def test_the_card_shows_who_the_person_is_and_what_is_asked(card, agenda_ready):
    _show(card, agenda_ready, "mona")
    assert _text(card.name) == "Mona ASHWORTH"
    assert _text(card.identity) == (
        f"NHS number {format_nhs_number(nhs(0))} · 88 years, born 4 March 1938"
    )
    assert _text(card.place) == "SK3 9AB"
    assert _shown(card.question_box)
    assert _text(card.question) == "Can she stay safely at home with more support?"
    assert card.question.accessibleName() == "Can she stay safely at home with more support?"
    assert _text(card.last_decision) == "Last decided, 9 November 2026: Refer to falls clinic"
    assert _text(card.facts["conditions"]) == "Conditions: COPD; heart failure"
    assert _text(card.facts["key_worker"]) == "Key worker: none named yet"
    # Routine urgency, no frailty score, not living alone: nothing to say, so nothing shown.
    assert not _shown(card.urgency)
    assert not _shown(card.facts["frailty"]) and not _shown(card.facts["lives_alone"])
    # Never asked about sharing: a gentle warning, not the red banner.
    assert _shown(card.warning) and "Not recorded" in card.warning.text()
    assert not _shown(card.banner)
    assert card.saved is not None  # part of the panel contract, never emitted


def test_the_last_meeting_without_a_decision_says_why(card, agenda_ready):
    _show(card, agenda_ready, "undecided")
    assert _text(card.last_decision) == (
        "Last discussed, 9 November 2026: no decision. Waiting for the hospital letter"
    )
    _show(card, agenda_ready, "first_meeting_item")
    assert _text(card.last_decision) == "No decision yet at an earlier meeting"


def test_an_objection_shows_a_red_banner_with_the_override_reason(card, agenda_ready):
    _show(card, agenda_ready, "objected")
    assert _shown(card.banner)
    assert card.banner.objectName() == "card_banner"
    assert card.banner.property("role") == "error"
    assert _text(card.banner) == f"Objected to information sharing. Discussed because: {OVERRIDE}"
    assert not _shown(card.warning) and not _shown(card.sharing)
    # The next person's card does not keep the banner.
    _show(card, agenda_ready, "mona")
    assert not _shown(card.banner)


def test_key_facts_and_urgency(card, agenda_ready):
    _show(card, agenda_ready, "lukasz")
    assert _text(card.name) == "Łukasz WÓJCIK"
    assert _text(card.facts["frailty"]) == "Frailty 6 (living with moderate frailty)"
    assert _text(card.facts["lives_alone"]) == "Lives alone"
    assert _text(card.facts["carer"]) == "Carer: Daughter, Anna, visits daily"
    communication = card.facts["communication"]
    assert _text(communication) == "Communication needs: Speaks Polish: book an interpreter"
    assert communication.font().bold() and not card.facts["carer"].font().bold()
    assert _text(card.urgency) == "Urgency: Urgent"
    assert _text(card.sharing) == "Information sharing: Informed, no objection (24 October 2026)"
    assert not _shown(card.warning) and not _shown(card.banner)
    assert frailty_text(9) == "Frailty 9 (terminally ill)" and frailty_text(None) == ""


def test_user_text_never_becomes_markup(card, agenda_ready):
    _show(card, agenda_ready, "sian")
    assert _text(card.name) == "Siân LLEWELLYN"
    assert card.question.textFormat() == Qt.TextFormat.PlainText
    assert card.question.text().endswith(" <b>not bold</b> & more")
    # The pasted link gets break hints for the layout; screen readers get it as typed.
    assert "\u200b" in card.question.text() and "\u200b" not in card.question.accessibleName()


@pytest.mark.parametrize("key", ["lukasz", "sian"])
def test_long_text_and_accents_wrap_inside_the_parent(qtbot, agenda_ready, key):
    application()
    conn, *_ = agenda_ready
    parent = QWidget()
    parent.setFixedSize(420, 500)
    view = CaseCardView(conn, lambda: wrap(conn), "chair")
    QVBoxLayout(parent).addWidget(view)
    qtbot.addWidget(parent)
    parent.show()
    qtbot.waitExposed(parent)
    _show(view, agenda_ready, key)
    QApplication.processEvents()
    assert view.minimumSizeHint().width() <= 420
    assert view.width() <= 420
    body = view.scroll.widget()
    assert body.width() <= view.scroll.viewport().width()
    assert view.question.width() <= body.width()
    # The long question scrolls inside the card rather than stretching the window.
    if key == "lukasz":
        assert len(view.question.text()) >= 5000
        assert body.height() > view.scroll.viewport().height()
        assert view.scroll.verticalScrollBar().maximum() > 0


def test_any_other_business_shows_its_title_and_a_calm_note(card, agenda_ready):
    _show(card, agenda_ready, "objected")
    _show(card, agenda_ready, "aob")
    assert _text(card.name) == "Winter pressures plan"
    assert _text(card.note) == AOB_NOTE
    for widget in (card.identity, card.banner, card.question_box, card.last_decision):
        assert not _shown(widget)
    card.show_item(1, None, None, True)
    assert _text(card.note) == NO_ITEM and not _shown(card.name)


def test_a_late_objection_asks_for_the_reason_or_says_none_was_recorded(card, agenda_ready, db):
    from tests.test_objections import record_objection

    conn, first, today, ids = agenda_ready
    case = conn.execute("SELECT case_id FROM agenda_items WHERE id = ?", [ids["mona"]]).fetchone()
    record_objection(db, case[0], on=TODAY)
    item = next(i for i in agenda.items(conn, today) if i["id"] == ids["mona"])

    card.show_item(today, item, None, False)
    assert card.reason_needed
    assert _text(card.banner) == (
        "Objected to information sharing after being put on this agenda. No reason is recorded "
        "for discussing them: give one before the discussion."
    )
    assert _shown(card.gate) and _shown(card.gate.defer_button) and _shown(card.gate.hint)
    assert not _shown(card.sharing) and not _shown(card.warning)

    # Locked (a closed meeting not being amended): said, not asked.
    card.show_item(today, item, None, True)
    assert _text(card.banner) == (
        "Objected to information sharing after being put on this agenda. No reason was "
        "recorded for discussing them."
    )
    assert not _shown(card.gate)

    # Discussed before the objection came to light: not held; a reason may still be given.
    card.show_item(today, {**item, "status": "discussed"}, None, False)
    assert not card.reason_needed
    assert _text(card.banner) == (
        "Objected to information sharing. No reason was recorded for discussing them."
    )
    assert _shown(card.gate) and not _shown(card.gate.defer_button)
    assert "discussed them anyway" in card.gate.label.text()

    # The next person's card keeps none of it.
    _show(card, agenda_ready, "lukasz")
    assert not card.reason_needed and not _shown(card.gate) and not _shown(card.banner)
