# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'case_form.ui'
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
    QDialog, QDialogButtonBox, QFormLayout, QFrame,
    QLabel, QLineEdit, QPlainTextEdit, QScrollArea,
    QSizePolicy, QSpacerItem, QTabWidget, QVBoxLayout,
    QWidget)

class Ui_CaseForm(object):
    def setupUi(self, CaseForm):
        if not CaseForm.objectName():
            CaseForm.setObjectName(u"CaseForm")
        CaseForm.resize(760, 660)
        self.dialog_layout = QVBoxLayout(CaseForm)
        self.dialog_layout.setObjectName(u"dialog_layout")
        self.heading = QLabel(CaseForm)
        self.heading.setObjectName(u"heading")

        self.dialog_layout.addWidget(self.heading)

        self.form_problem = QLabel(CaseForm)
        self.form_problem.setObjectName(u"form_problem")
        self.form_problem.setWordWrap(True)

        self.dialog_layout.addWidget(self.form_problem)

        self.tabs = QTabWidget(CaseForm)
        self.tabs.setObjectName(u"tabs")
        self.person_tab = QWidget()
        self.person_tab.setObjectName(u"person_tab")
        self.person_tab_layout = QVBoxLayout(self.person_tab)
        self.person_tab_layout.setObjectName(u"person_tab_layout")
        self.person_tab_layout.setContentsMargins(0, 0, 0, 0)
        self.person_tab_scroll = QScrollArea(self.person_tab)
        self.person_tab_scroll.setObjectName(u"person_tab_scroll")
        self.person_tab_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.person_tab_scroll.setWidgetResizable(True)
        self.person_tab_contents = QWidget()
        self.person_tab_contents.setObjectName(u"person_tab_contents")
        self.person_tab_contents_layout = QVBoxLayout(self.person_tab_contents)
        self.person_tab_contents_layout.setObjectName(u"person_tab_contents_layout")
        self.person_form = QFormLayout()
        self.person_form.setObjectName(u"person_form")
        self.person_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.person_form.setVerticalSpacing(10)
        self.nhs_number_label = QLabel(self.person_tab_contents)
        self.nhs_number_label.setObjectName(u"nhs_number_label")

        self.person_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nhs_number_label)

        self.nhs_number = QLineEdit(self.person_tab_contents)
        self.nhs_number.setObjectName(u"nhs_number")
        self.nhs_number.setMaxLength(16)

        self.person_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nhs_number)

        self.title_label = QLabel(self.person_tab_contents)
        self.title_label.setObjectName(u"title_label")

        self.person_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.title_label)

        self.title = QLineEdit(self.person_tab_contents)
        self.title.setObjectName(u"title")

        self.person_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.title)

        self.given_name_label = QLabel(self.person_tab_contents)
        self.given_name_label.setObjectName(u"given_name_label")

        self.person_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.given_name_label)

        self.given_name = QLineEdit(self.person_tab_contents)
        self.given_name.setObjectName(u"given_name")
        self.given_name.setMaxLength(100)

        self.person_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.given_name)

        self.family_name_label = QLabel(self.person_tab_contents)
        self.family_name_label.setObjectName(u"family_name_label")

        self.person_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.family_name_label)

        self.family_name = QLineEdit(self.person_tab_contents)
        self.family_name.setObjectName(u"family_name")
        self.family_name.setMaxLength(100)

        self.person_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.family_name)

        self.date_of_birth_label = QLabel(self.person_tab_contents)
        self.date_of_birth_label.setObjectName(u"date_of_birth_label")

        self.person_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.date_of_birth_label)

        self.date_of_birth = QLineEdit(self.person_tab_contents)
        self.date_of_birth.setObjectName(u"date_of_birth")
        self.date_of_birth.setMaxLength(20)

        self.person_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.date_of_birth)

        self.sex_label = QLabel(self.person_tab_contents)
        self.sex_label.setObjectName(u"sex_label")

        self.person_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.sex_label)

        self.sex = QComboBox(self.person_tab_contents)
        self.sex.setObjectName(u"sex")

        self.person_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.sex)

        self.address_label = QLabel(self.person_tab_contents)
        self.address_label.setObjectName(u"address_label")

        self.person_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.address_label)

        self.address = QPlainTextEdit(self.person_tab_contents)
        self.address.setObjectName(u"address")
        self.address.setTabChangesFocus(True)
        self.address.setMaximumSize(QSize(16777215, 52))

        self.person_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.address)

        self.postcode_label = QLabel(self.person_tab_contents)
        self.postcode_label.setObjectName(u"postcode_label")

        self.person_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.postcode_label)

        self.postcode = QLineEdit(self.person_tab_contents)
        self.postcode.setObjectName(u"postcode")
        self.postcode.setMaxLength(10)

        self.person_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.postcode)

        self.phone_label = QLabel(self.person_tab_contents)
        self.phone_label.setObjectName(u"phone_label")

        self.person_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.phone_label)

        self.phone = QLineEdit(self.person_tab_contents)
        self.phone.setObjectName(u"phone")

        self.person_form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.phone)

        self.practice_id_label = QLabel(self.person_tab_contents)
        self.practice_id_label.setObjectName(u"practice_id_label")

        self.person_form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.practice_id_label)

        self.practice_id = QComboBox(self.person_tab_contents)
        self.practice_id.setObjectName(u"practice_id")

        self.person_form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.practice_id)

        self.neighbourhood_id_label = QLabel(self.person_tab_contents)
        self.neighbourhood_id_label.setObjectName(u"neighbourhood_id_label")

        self.person_form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.neighbourhood_id_label)

        self.neighbourhood_id = QComboBox(self.person_tab_contents)
        self.neighbourhood_id.setObjectName(u"neighbourhood_id")

        self.person_form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.neighbourhood_id)

        self.conditions_label = QLabel(self.person_tab_contents)
        self.conditions_label.setObjectName(u"conditions_label")

        self.person_form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.conditions_label)

        self.conditions = QLineEdit(self.person_tab_contents)
        self.conditions.setObjectName(u"conditions")

        self.person_form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.conditions)

        self.frailty_score_label = QLabel(self.person_tab_contents)
        self.frailty_score_label.setObjectName(u"frailty_score_label")

        self.person_form.setWidget(12, QFormLayout.ItemRole.LabelRole, self.frailty_score_label)

        self.frailty_score = QComboBox(self.person_tab_contents)
        self.frailty_score.setObjectName(u"frailty_score")

        self.person_form.setWidget(12, QFormLayout.ItemRole.FieldRole, self.frailty_score)

        self.lives_alone_label = QLabel(self.person_tab_contents)
        self.lives_alone_label.setObjectName(u"lives_alone_label")

        self.person_form.setWidget(13, QFormLayout.ItemRole.LabelRole, self.lives_alone_label)

        self.lives_alone = QCheckBox(self.person_tab_contents)
        self.lives_alone.setObjectName(u"lives_alone")

        self.person_form.setWidget(13, QFormLayout.ItemRole.FieldRole, self.lives_alone)

        self.carer_label = QLabel(self.person_tab_contents)
        self.carer_label.setObjectName(u"carer_label")

        self.person_form.setWidget(14, QFormLayout.ItemRole.LabelRole, self.carer_label)

        self.carer = QLineEdit(self.person_tab_contents)
        self.carer.setObjectName(u"carer")

        self.person_form.setWidget(14, QFormLayout.ItemRole.FieldRole, self.carer)

        self.communication_needs_label = QLabel(self.person_tab_contents)
        self.communication_needs_label.setObjectName(u"communication_needs_label")

        self.person_form.setWidget(15, QFormLayout.ItemRole.LabelRole, self.communication_needs_label)

        self.communication_needs = QLineEdit(self.person_tab_contents)
        self.communication_needs.setObjectName(u"communication_needs")

        self.person_form.setWidget(15, QFormLayout.ItemRole.FieldRole, self.communication_needs)


        self.person_tab_contents_layout.addLayout(self.person_form)

        self.person_tab_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.person_tab_contents_layout.addItem(self.person_tab_spacer)

        self.person_tab_scroll.setWidget(self.person_tab_contents)

        self.person_tab_layout.addWidget(self.person_tab_scroll)

        self.tabs.addTab(self.person_tab, "")
        self.referral_tab = QWidget()
        self.referral_tab.setObjectName(u"referral_tab")
        self.referral_tab_layout = QVBoxLayout(self.referral_tab)
        self.referral_tab_layout.setObjectName(u"referral_tab_layout")
        self.referral_tab_layout.setContentsMargins(0, 0, 0, 0)
        self.referral_tab_scroll = QScrollArea(self.referral_tab)
        self.referral_tab_scroll.setObjectName(u"referral_tab_scroll")
        self.referral_tab_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.referral_tab_scroll.setWidgetResizable(True)
        self.referral_tab_contents = QWidget()
        self.referral_tab_contents.setObjectName(u"referral_tab_contents")
        self.referral_tab_contents_layout = QVBoxLayout(self.referral_tab_contents)
        self.referral_tab_contents_layout.setObjectName(u"referral_tab_contents_layout")
        self.referral_form = QFormLayout()
        self.referral_form.setObjectName(u"referral_form")
        self.referral_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.referral_form.setVerticalSpacing(10)
        self.referred_on_label = QLabel(self.referral_tab_contents)
        self.referred_on_label.setObjectName(u"referred_on_label")

        self.referral_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.referred_on_label)

        self.referred_on = QLineEdit(self.referral_tab_contents)
        self.referred_on.setObjectName(u"referred_on")
        self.referred_on.setMaxLength(20)

        self.referral_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.referred_on)

        self.referrer_label = QLabel(self.referral_tab_contents)
        self.referrer_label.setObjectName(u"referrer_label")

        self.referral_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.referrer_label)

        self.referrer = QLineEdit(self.referral_tab_contents)
        self.referrer.setObjectName(u"referrer")

        self.referral_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.referrer)

        self.urgency_label = QLabel(self.referral_tab_contents)
        self.urgency_label.setObjectName(u"urgency_label")

        self.referral_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.urgency_label)

        self.urgency = QComboBox(self.referral_tab_contents)
        self.urgency.setObjectName(u"urgency")

        self.referral_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.urgency)

        self.reason_label = QLabel(self.referral_tab_contents)
        self.reason_label.setObjectName(u"reason_label")

        self.referral_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.reason_label)

        self.reason = QPlainTextEdit(self.referral_tab_contents)
        self.reason.setObjectName(u"reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumSize(QSize(16777215, 52))

        self.referral_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.reason)

        self.question_label = QLabel(self.referral_tab_contents)
        self.question_label.setObjectName(u"question_label")

        self.referral_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.question_label)

        self.question = QPlainTextEdit(self.referral_tab_contents)
        self.question.setObjectName(u"question")
        self.question.setTabChangesFocus(True)
        self.question.setMaximumSize(QSize(16777215, 52))

        self.referral_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.question)

        self.situation_label = QLabel(self.referral_tab_contents)
        self.situation_label.setObjectName(u"situation_label")

        self.referral_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.situation_label)

        self.situation = QPlainTextEdit(self.referral_tab_contents)
        self.situation.setObjectName(u"situation")
        self.situation.setTabChangesFocus(True)
        self.situation.setMaximumSize(QSize(16777215, 52))

        self.referral_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.situation)

        self.background_label = QLabel(self.referral_tab_contents)
        self.background_label.setObjectName(u"background_label")

        self.referral_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.background_label)

        self.background = QPlainTextEdit(self.referral_tab_contents)
        self.background.setObjectName(u"background")
        self.background.setTabChangesFocus(True)
        self.background.setMaximumSize(QSize(16777215, 52))

        self.referral_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.background)

        self.assessment_label = QLabel(self.referral_tab_contents)
        self.assessment_label.setObjectName(u"assessment_label")

        self.referral_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.assessment_label)

        self.assessment = QPlainTextEdit(self.referral_tab_contents)
        self.assessment.setObjectName(u"assessment")
        self.assessment.setTabChangesFocus(True)
        self.assessment.setMaximumSize(QSize(16777215, 52))

        self.referral_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.assessment)

        self.recommendation_label = QLabel(self.referral_tab_contents)
        self.recommendation_label.setObjectName(u"recommendation_label")

        self.referral_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.recommendation_label)

        self.recommendation = QPlainTextEdit(self.referral_tab_contents)
        self.recommendation.setObjectName(u"recommendation")
        self.recommendation.setTabChangesFocus(True)
        self.recommendation.setMaximumSize(QSize(16777215, 52))

        self.referral_form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.recommendation)


        self.referral_tab_contents_layout.addLayout(self.referral_form)

        self.referral_tab_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.referral_tab_contents_layout.addItem(self.referral_tab_spacer)

        self.referral_tab_scroll.setWidget(self.referral_tab_contents)

        self.referral_tab_layout.addWidget(self.referral_tab_scroll)

        self.tabs.addTab(self.referral_tab, "")
        self.case_tab = QWidget()
        self.case_tab.setObjectName(u"case_tab")
        self.case_tab_layout = QVBoxLayout(self.case_tab)
        self.case_tab_layout.setObjectName(u"case_tab_layout")
        self.case_tab_layout.setContentsMargins(0, 0, 0, 0)
        self.case_tab_scroll = QScrollArea(self.case_tab)
        self.case_tab_scroll.setObjectName(u"case_tab_scroll")
        self.case_tab_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.case_tab_scroll.setWidgetResizable(True)
        self.case_tab_contents = QWidget()
        self.case_tab_contents.setObjectName(u"case_tab_contents")
        self.case_tab_contents_layout = QVBoxLayout(self.case_tab_contents)
        self.case_tab_contents_layout.setObjectName(u"case_tab_contents_layout")
        self.case_form = QFormLayout()
        self.case_form.setObjectName(u"case_form")
        self.case_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.case_form.setVerticalSpacing(10)
        self.status_label = QLabel(self.case_tab_contents)
        self.status_label.setObjectName(u"status_label")

        self.case_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.status_label)

        self.status = QComboBox(self.case_tab_contents)
        self.status.setObjectName(u"status")

        self.case_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.status)

        self.closed_reason_label = QLabel(self.case_tab_contents)
        self.closed_reason_label.setObjectName(u"closed_reason_label")

        self.case_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.closed_reason_label)

        self.closed_reason = QComboBox(self.case_tab_contents)
        self.closed_reason.setObjectName(u"closed_reason")

        self.case_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.closed_reason)

        self.key_worker_id_label = QLabel(self.case_tab_contents)
        self.key_worker_id_label.setObjectName(u"key_worker_id_label")

        self.case_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.key_worker_id_label)

        self.key_worker_id = QComboBox(self.case_tab_contents)
        self.key_worker_id.setObjectName(u"key_worker_id")

        self.case_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.key_worker_id)

        self.next_review_on_label = QLabel(self.case_tab_contents)
        self.next_review_on_label.setObjectName(u"next_review_on_label")

        self.case_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.next_review_on_label)

        self.next_review_on = QLineEdit(self.case_tab_contents)
        self.next_review_on.setObjectName(u"next_review_on")
        self.next_review_on.setMaxLength(20)

        self.case_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.next_review_on)

        self.info_sharing_label = QLabel(self.case_tab_contents)
        self.info_sharing_label.setObjectName(u"info_sharing_label")

        self.case_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.info_sharing_label)

        self.info_sharing = QComboBox(self.case_tab_contents)
        self.info_sharing.setObjectName(u"info_sharing")

        self.case_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.info_sharing)

        self.info_sharing_on_label = QLabel(self.case_tab_contents)
        self.info_sharing_on_label.setObjectName(u"info_sharing_on_label")

        self.case_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.info_sharing_on_label)

        self.info_sharing_on = QLineEdit(self.case_tab_contents)
        self.info_sharing_on.setObjectName(u"info_sharing_on")
        self.info_sharing_on.setMaxLength(20)

        self.case_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.info_sharing_on)

        self.info_sharing_recorded_by_label = QLabel(self.case_tab_contents)
        self.info_sharing_recorded_by_label.setObjectName(u"info_sharing_recorded_by_label")

        self.case_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.info_sharing_recorded_by_label)

        self.info_sharing_recorded_by = QLineEdit(self.case_tab_contents)
        self.info_sharing_recorded_by.setObjectName(u"info_sharing_recorded_by")

        self.case_form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.info_sharing_recorded_by)


        self.case_tab_contents_layout.addLayout(self.case_form)

        self.case_tab_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.case_tab_contents_layout.addItem(self.case_tab_spacer)

        self.case_tab_scroll.setWidget(self.case_tab_contents)

        self.case_tab_layout.addWidget(self.case_tab_scroll)

        self.tabs.addTab(self.case_tab, "")

        self.dialog_layout.addWidget(self.tabs)

        self.buttons = QDialogButtonBox(CaseForm)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.dialog_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.nhs_number_label.setBuddy(self.nhs_number)
        self.title_label.setBuddy(self.title)
        self.given_name_label.setBuddy(self.given_name)
        self.family_name_label.setBuddy(self.family_name)
        self.date_of_birth_label.setBuddy(self.date_of_birth)
        self.sex_label.setBuddy(self.sex)
        self.address_label.setBuddy(self.address)
        self.postcode_label.setBuddy(self.postcode)
        self.phone_label.setBuddy(self.phone)
        self.practice_id_label.setBuddy(self.practice_id)
        self.neighbourhood_id_label.setBuddy(self.neighbourhood_id)
        self.conditions_label.setBuddy(self.conditions)
        self.frailty_score_label.setBuddy(self.frailty_score)
        self.lives_alone_label.setBuddy(self.lives_alone)
        self.carer_label.setBuddy(self.carer)
        self.communication_needs_label.setBuddy(self.communication_needs)
        self.referred_on_label.setBuddy(self.referred_on)
        self.referrer_label.setBuddy(self.referrer)
        self.urgency_label.setBuddy(self.urgency)
        self.reason_label.setBuddy(self.reason)
        self.question_label.setBuddy(self.question)
        self.situation_label.setBuddy(self.situation)
        self.background_label.setBuddy(self.background)
        self.assessment_label.setBuddy(self.assessment)
        self.recommendation_label.setBuddy(self.recommendation)
        self.status_label.setBuddy(self.status)
        self.closed_reason_label.setBuddy(self.closed_reason)
        self.key_worker_id_label.setBuddy(self.key_worker_id)
        self.next_review_on_label.setBuddy(self.next_review_on)
        self.info_sharing_label.setBuddy(self.info_sharing)
        self.info_sharing_on_label.setBuddy(self.info_sharing_on)
        self.info_sharing_recorded_by_label.setBuddy(self.info_sharing_recorded_by)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(CaseForm)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(CaseForm)
    # setupUi

    def retranslateUi(self, CaseForm):
        CaseForm.setWindowTitle(QCoreApplication.translate("CaseForm", u"Case", None))
        self.heading.setText(QCoreApplication.translate("CaseForm", u"New case", None))
        self.form_problem.setText("")
        self.nhs_number_label.setText(QCoreApplication.translate("CaseForm", u"&NHS number", None))
        self.nhs_number.setPlaceholderText(QCoreApplication.translate("CaseForm", u"999 123 4567", None))
        self.title_label.setText(QCoreApplication.translate("CaseForm", u"T&itle", None))
        self.title.setPlaceholderText(QCoreApplication.translate("CaseForm", u"Mrs, Mr, Ms, Dr\u2026", None))
        self.given_name_label.setText(QCoreApplication.translate("CaseForm", u"&Given name", None))
        self.family_name_label.setText(QCoreApplication.translate("CaseForm", u"&Family name", None))
        self.date_of_birth_label.setText(QCoreApplication.translate("CaseForm", u"&Date of birth", None))
        self.date_of_birth.setPlaceholderText(QCoreApplication.translate("CaseForm", u"dd/mm/yyyy", None))
        self.sex_label.setText(QCoreApplication.translate("CaseForm", u"Se&x", None))
        self.address_label.setText(QCoreApplication.translate("CaseForm", u"&Address", None))
        self.postcode_label.setText(QCoreApplication.translate("CaseForm", u"&Postcode", None))
        self.postcode.setPlaceholderText(QCoreApplication.translate("CaseForm", u"SK1 3XE", None))
        self.phone_label.setText(QCoreApplication.translate("CaseForm", u"P&hone", None))
        self.practice_id_label.setText(QCoreApplication.translate("CaseForm", u"GP prac&tice", None))
        self.neighbourhood_id_label.setText(QCoreApplication.translate("CaseForm", u"Neigh&bourhood", None))
        self.conditions_label.setText(QCoreApplication.translate("CaseForm", u"Long-term c&onditions", None))
        self.conditions.setPlaceholderText(QCoreApplication.translate("CaseForm", u"Separate with semicolons: COPD; heart failure", None))
        self.frailty_score_label.setText(QCoreApplication.translate("CaseForm", u"Clinical Frailty Sca&le", None))
        self.lives_alone_label.setText("")
        self.lives_alone.setText(QCoreApplication.translate("CaseForm", u"Li&ves alone", None))
        self.carer_label.setText(QCoreApplication.translate("CaseForm", u"Car&er", None))
        self.carer.setPlaceholderText(QCoreApplication.translate("CaseForm", u"Name and relationship, if any", None))
        self.communication_needs_label.setText(QCoreApplication.translate("CaseForm", u"Co&mmunication needs", None))
        self.communication_needs.setPlaceholderText(QCoreApplication.translate("CaseForm", u"e.g. hearing aid, interpreter (Polish)", None))
        self.tabs.setTabText(self.tabs.indexOf(self.person_tab), QCoreApplication.translate("CaseForm", u"&1 Person", None))
        self.referred_on_label.setText(QCoreApplication.translate("CaseForm", u"Referred &on", None))
        self.referred_on.setPlaceholderText(QCoreApplication.translate("CaseForm", u"dd/mm/yyyy", None))
        self.referrer_label.setText(QCoreApplication.translate("CaseForm", u"&Referrer", None))
        self.referrer.setPlaceholderText(QCoreApplication.translate("CaseForm", u"Name and role", None))
        self.urgency_label.setText(QCoreApplication.translate("CaseForm", u"&Urgency", None))
        self.reason_label.setText(QCoreApplication.translate("CaseForm", u"Reason for re&ferral", None))
        self.question_label.setText(QCoreApplication.translate("CaseForm", u"&Question for the MDT", None))
        self.question.setPlaceholderText(QCoreApplication.translate("CaseForm", u"What do you want the team to decide?", None))
        self.situation_label.setText(QCoreApplication.translate("CaseForm", u"&Situation", None))
        self.situation.setPlaceholderText(QCoreApplication.translate("CaseForm", u"S: what is happening now", None))
        self.background_label.setText(QCoreApplication.translate("CaseForm", u"&Background", None))
        self.background.setPlaceholderText(QCoreApplication.translate("CaseForm", u"B: history, conditions, support in place", None))
        self.assessment_label.setText(QCoreApplication.translate("CaseForm", u"&Assessment", None))
        self.assessment.setPlaceholderText(QCoreApplication.translate("CaseForm", u"A: what you think the problem is", None))
        self.recommendation_label.setText(QCoreApplication.translate("CaseForm", u"Recomme&ndation", None))
        self.recommendation.setPlaceholderText(QCoreApplication.translate("CaseForm", u"R: what you are asking for", None))
        self.tabs.setTabText(self.tabs.indexOf(self.referral_tab), QCoreApplication.translate("CaseForm", u"&2 Referral", None))
        self.status_label.setText(QCoreApplication.translate("CaseForm", u"&Status", None))
        self.closed_reason_label.setText(QCoreApplication.translate("CaseForm", u"Reason for &closing", None))
        self.key_worker_id_label.setText(QCoreApplication.translate("CaseForm", u"&Key worker", None))
        self.next_review_on_label.setText(QCoreApplication.translate("CaseForm", u"&Next review", None))
        self.next_review_on.setPlaceholderText(QCoreApplication.translate("CaseForm", u"dd/mm/yyyy", None))
        self.info_sharing_label.setText(QCoreApplication.translate("CaseForm", u"&Information sharing", None))
        self.info_sharing_on_label.setText(QCoreApplication.translate("CaseForm", u"Recorded &on", None))
        self.info_sharing_on.setPlaceholderText(QCoreApplication.translate("CaseForm", u"dd/mm/yyyy", None))
        self.info_sharing_recorded_by_label.setText(QCoreApplication.translate("CaseForm", u"Recorded &by", None))
        self.info_sharing_recorded_by.setPlaceholderText(QCoreApplication.translate("CaseForm", u"Name and role", None))
        self.tabs.setTabText(self.tabs.indexOf(self.case_tab), QCoreApplication.translate("CaseForm", u"&3 Case and consent", None))
    # retranslateUi

