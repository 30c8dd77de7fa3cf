# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'member_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_MemberForm(object):
    def setupUi(self, MemberForm):
        if not MemberForm.objectName():
            MemberForm.setObjectName(u"MemberForm")
        MemberForm.resize(620, 400)
        self.dialog_layout = QVBoxLayout(MemberForm)
        self.dialog_layout.setSpacing(10)
        self.dialog_layout.setObjectName(u"dialog_layout")
        self.dialog_layout.setContentsMargins(20, 16, 20, 16)
        self.heading = QLabel(MemberForm)
        self.heading.setObjectName(u"heading")

        self.dialog_layout.addWidget(self.heading)

        self.form_problem = QLabel(MemberForm)
        self.form_problem.setObjectName(u"form_problem")
        self.form_problem.setWordWrap(True)

        self.dialog_layout.addWidget(self.form_problem)

        self.member_form = QFormLayout()
        self.member_form.setObjectName(u"member_form")
        self.member_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignBottom)
        self.member_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.member_form.setVerticalSpacing(10)
        self.name_label = QLabel(MemberForm)
        self.name_label.setObjectName(u"name_label")

        self.member_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_box = QVBoxLayout()
        self.name_box.setSpacing(2)
        self.name_box.setObjectName(u"name_box")
        self.name_error = QLabel(MemberForm)
        self.name_error.setObjectName(u"name_error")
        self.name_error.setWordWrap(True)
        self.name_error.setProperty(u"role", u"error")

        self.name_box.addWidget(self.name_error)

        self.name = QLineEdit(MemberForm)
        self.name.setObjectName(u"name")
        self.name.setMaxLength(100)

        self.name_box.addWidget(self.name)


        self.member_form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.name_box)

        self.role_label = QLabel(MemberForm)
        self.role_label.setObjectName(u"role_label")

        self.member_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role_box = QVBoxLayout()
        self.role_box.setSpacing(2)
        self.role_box.setObjectName(u"role_box")
        self.role_error = QLabel(MemberForm)
        self.role_error.setObjectName(u"role_error")
        self.role_error.setWordWrap(True)
        self.role_error.setProperty(u"role", u"error")

        self.role_box.addWidget(self.role_error)

        self.role = QComboBox(MemberForm)
        self.role.setObjectName(u"role")
        self.role.setEditable(True)
        self.role.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role.setMaxVisibleItems(14)

        self.role_box.addWidget(self.role)


        self.member_form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.role_box)

        self.organisation_id_label = QLabel(MemberForm)
        self.organisation_id_label.setObjectName(u"organisation_id_label")

        self.member_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.organisation_id_label)

        self.organisation_id_box = QVBoxLayout()
        self.organisation_id_box.setSpacing(2)
        self.organisation_id_box.setObjectName(u"organisation_id_box")
        self.organisation_id_error = QLabel(MemberForm)
        self.organisation_id_error.setObjectName(u"organisation_id_error")
        self.organisation_id_error.setWordWrap(True)
        self.organisation_id_error.setProperty(u"role", u"error")

        self.organisation_id_box.addWidget(self.organisation_id_error)

        self.organisation_row = QHBoxLayout()
        self.organisation_row.setObjectName(u"organisation_row")
        self.organisation_id = QComboBox(MemberForm)
        self.organisation_id.setObjectName(u"organisation_id")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.organisation_id.sizePolicy().hasHeightForWidth())
        self.organisation_id.setSizePolicy(sizePolicy)
        self.organisation_id.setMinimumContentsLength(24)
        self.organisation_id.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.organisation_id.setMaxVisibleItems(16)

        self.organisation_row.addWidget(self.organisation_id)

        self.add_organisation = QPushButton(MemberForm)
        self.add_organisation.setObjectName(u"add_organisation")
        self.add_organisation.setAutoDefault(False)

        self.organisation_row.addWidget(self.add_organisation)


        self.organisation_id_box.addLayout(self.organisation_row)


        self.member_form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.organisation_id_box)

        self.email_label = QLabel(MemberForm)
        self.email_label.setObjectName(u"email_label")

        self.member_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.email_label)

        self.email_box = QVBoxLayout()
        self.email_box.setSpacing(2)
        self.email_box.setObjectName(u"email_box")
        self.email_error = QLabel(MemberForm)
        self.email_error.setObjectName(u"email_error")
        self.email_error.setWordWrap(True)
        self.email_error.setProperty(u"role", u"error")

        self.email_box.addWidget(self.email_error)

        self.email = QLineEdit(MemberForm)
        self.email.setObjectName(u"email")
        self.email.setMaxLength(100)

        self.email_box.addWidget(self.email)


        self.member_form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.email_box)

        self.phone_label = QLabel(MemberForm)
        self.phone_label.setObjectName(u"phone_label")

        self.member_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone_box = QVBoxLayout()
        self.phone_box.setSpacing(2)
        self.phone_box.setObjectName(u"phone_box")
        self.phone_error = QLabel(MemberForm)
        self.phone_error.setObjectName(u"phone_error")
        self.phone_error.setWordWrap(True)
        self.phone_error.setProperty(u"role", u"error")

        self.phone_box.addWidget(self.phone_error)

        self.phone = QLineEdit(MemberForm)
        self.phone.setObjectName(u"phone")
        self.phone.setMaxLength(100)

        self.phone_box.addWidget(self.phone)


        self.member_form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.phone_box)

        self.is_core = QCheckBox(MemberForm)
        self.is_core.setObjectName(u"is_core")

        self.member_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.is_core)

        self.has_left_box = QVBoxLayout()
        self.has_left_box.setSpacing(2)
        self.has_left_box.setObjectName(u"has_left_box")
        self.has_left = QCheckBox(MemberForm)
        self.has_left.setObjectName(u"has_left")

        self.has_left_box.addWidget(self.has_left)

        self.left_hint = QLabel(MemberForm)
        self.left_hint.setObjectName(u"left_hint")
        self.left_hint.setWordWrap(True)

        self.has_left_box.addWidget(self.left_hint)


        self.member_form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.has_left_box)


        self.dialog_layout.addLayout(self.member_form)

        self.push_buttons_down = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.dialog_layout.addItem(self.push_buttons_down)

        self.buttons = QDialogButtonBox(MemberForm)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.dialog_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.name_label.setBuddy(self.name)
        self.role_label.setBuddy(self.role)
        self.organisation_id_label.setBuddy(self.organisation_id)
        self.email_label.setBuddy(self.email)
        self.phone_label.setBuddy(self.phone)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name, self.role)
        QWidget.setTabOrder(self.role, self.organisation_id)
        QWidget.setTabOrder(self.organisation_id, self.add_organisation)
        QWidget.setTabOrder(self.add_organisation, self.email)
        QWidget.setTabOrder(self.email, self.phone)
        QWidget.setTabOrder(self.phone, self.is_core)
        QWidget.setTabOrder(self.is_core, self.has_left)

        self.retranslateUi(MemberForm)

        QMetaObject.connectSlotsByName(MemberForm)
    # setupUi

    def retranslateUi(self, MemberForm):
        MemberForm.setWindowTitle(QCoreApplication.translate("MemberForm", u"Member", None))
        self.heading.setText(QCoreApplication.translate("MemberForm", u"New member", None))
        self.name_label.setText(QCoreApplication.translate("MemberForm", u"&Name", None))
        self.role_label.setText(QCoreApplication.translate("MemberForm", u"&Role", None))
        self.organisation_id_label.setText(QCoreApplication.translate("MemberForm", u"&Organisation", None))
        self.add_organisation.setText(QCoreApplication.translate("MemberForm", u"&Add organisation\u2026", None))
#if QT_CONFIG(tooltip)
        self.add_organisation.setToolTip(QCoreApplication.translate("MemberForm", u"Add an organisation that is not in the list", None))
#endif // QT_CONFIG(tooltip)
        self.email_label.setText(QCoreApplication.translate("MemberForm", u"&Email", None))
        self.email.setPlaceholderText(QCoreApplication.translate("MemberForm", u"jo.bloggs@example.nhs.uk", None))
        self.phone_label.setText(QCoreApplication.translate("MemberForm", u"&Phone", None))
        self.phone.setPlaceholderText(QCoreApplication.translate("MemberForm", u"0161 496 0000", None))
        self.is_core.setText(QCoreApplication.translate("MemberForm", u"Core &member of the MDT", None))
#if QT_CONFIG(tooltip)
        self.is_core.setToolTip(QCoreApplication.translate("MemberForm", u"Core members are expected at every meeting", None))
#endif // QT_CONFIG(tooltip)
        self.has_left.setText(QCoreApplication.translate("MemberForm", u"Has &left the MDT", None))
#if QT_CONFIG(tooltip)
        self.has_left.setToolTip(QCoreApplication.translate("MemberForm", u"No longer offered for attendance or new actions; their history is kept", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

