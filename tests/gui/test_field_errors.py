from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from mdtdesk.gui.field_errors import FieldErrors, error_above, error_label


def _form(qtbot, names):
    # The form is returned for the test to hold: qtbot keeps only a weak reference to it.
    form = QWidget()
    qtbot.addWidget(form)
    summary = QLabel(form)
    summary.hide()  # as the forms start
    errors = FieldErrors(summary=summary, where="above")
    layout = QVBoxLayout(form)
    fields = {}
    for name in names:
        field, error = QLineEdit(), error_label(name)
        layout.addLayout(error_above(error, field))
        errors.add(name, field, error)
        fields[name] = (field, error)
    form.show()
    return form, errors, summary, fields


def test_each_field_in_error_shows_its_message_and_the_first_in_order_is_named(qtbot):
    _, errors, summary, fields = _form(qtbot, ["name", "role", "email"])
    assert not any(error.isVisible() for _, error in fields.values())

    first = errors.show_all({"email": "Enter an email address.", "role": "Enter their role."})

    assert first == "role"  # the order shown, not the order of the problems
    assert summary.isVisible()
    assert summary.text() == (
        "There are 2 problems to fix before saving. Each is shown in red above its field."
    )
    field, error = fields["email"]
    assert error.isVisible() and error.text() == "Enter an email address."
    assert field.property("invalid") is True
    assert field.accessibleDescription() == "Enter an email address."
    assert not fields["name"][1].isVisible()
    assert fields["name"][0].property("invalid") is False


def test_no_problems_clear_every_message_and_the_count(qtbot):
    _, errors, summary, fields = _form(qtbot, ["name"])
    errors.show_all({"name": "Enter the name."})
    assert summary.text().startswith("There is a problem to fix")

    assert errors.show_all({}) is None

    field, error = fields["name"]
    assert not summary.isVisible()
    assert not error.isVisible() and error.text() == ""
    assert field.property("invalid") is False
    assert field.accessibleDescription() == ""


def test_one_field_can_be_checked_alone(qtbot):
    _, errors, summary, fields = _form(qtbot, ["name", "email"])
    errors.show("email", "Enter an email address like jo.bloggs@example.nhs.uk.")
    assert fields["email"][1].isVisible()
    assert not fields["name"][1].isVisible()
    assert not summary.isVisible()  # the count is for Save, not for leaving a field
