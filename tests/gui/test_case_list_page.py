from PySide6.QtCore import Qt


def _shown_names(page):
    model = page.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_case_list_shows_the_register_sorted_by_name(window):
    page = window.cases
    assert _shown_names(page) == ["ASHWORTH, Mona", "LLEWELLYN, Siân", "WÓJCIK, Łukasz"]
    assert page.count.text() == "3 cases"
    areas = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert areas[0] == "Cases"
    assert window.pages.count() == len(areas)  # one working page behind every area


def test_typing_in_the_search_filters_instantly(window, qtbot):
    page = window.cases
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "woj")
    assert _shown_names(page) == ["WÓJCIK, Łukasz"]  # at once, key by key
    qtbot.waitUntil(lambda: page.count.text() == "1 case")  # the count once typing pauses
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert len(_shown_names(page)) == 3


def test_search_by_condition_and_postcode(window, qtbot):
    page = window.cases
    qtbot.keyClicks(page.search, "dementia")
    assert _shown_names(page) == ["LLEWELLYN, Siân"]
    page.search.clear()
    qtbot.keyClicks(page.search, "SK3 9")
    assert _shown_names(page) == ["ASHWORTH, Mona"]


def test_no_match_explains_itself(window, qtbot):
    page = window.cases
    qtbot.keyClicks(page.search, "zzzz")
    assert page.stack.currentWidget() is page.empty
    assert "No cases match “zzzz”" in page.empty.text()


def test_clicking_a_heading_sorts(window, qtbot):
    page = window.cases
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _shown_names(page)[0] == "WÓJCIK, Łukasz"


def test_keyboard_from_search_into_list_and_open_the_case(window, qtbot):
    page = window.cases
    qtbot.keyClicks(page.search, "ashworth")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.case_form is not None and window.case_form.isVisible())
    assert window.case_form.ui.family_name.text() == "Ashworth"


def test_tab_moves_from_search_through_filters_to_the_list_and_actions(window, qtbot):
    page = window.cases
    page.focus_search()
    seen = []
    for _ in range(5):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        seen.append(window.focusWidget())
    assert seen == [
        page.status,
        page.neighbourhood,
        page.table,
        page.import_button,  # left to right, as they are shown
        page.new_button,
    ]


def test_a_mistyped_database_path_is_refused_not_created(tmp_path, qtbot):
    import pytest

    from mdtdesk.core.errors import DatabaseError
    from mdtdesk.gui.app import create_main_window

    with pytest.raises(DatabaseError, match="There is no database at"):
        create_main_window(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()


def test_closed_cases_are_never_shown_as_overdue(window, qtbot):
    from mdtdesk.core.register import load_case_record, save_case_record

    record = load_case_record(window.db, window.cases.model.case_id(0))
    record.next_review_on = record.referral.referred_on  # in the past
    record.status, record.closed_reason = "closed", "died"
    save_case_record(window.db, "chair", record)
    window.cases.status.setCurrentIndex(window.cases.status.findData("closed"))
    review = window.cases.model.index(0, 4).data()
    assert "overdue" not in review
