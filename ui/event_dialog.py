"""The short form of an event added on the map: time (UTC), type, side,
verification, source, URL, strength, precision and a note."""

import datetime
from typing import Optional

from qgis.core import QgsPointXY
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from ..core.events import EVENT_TYPES, SIDES, VERIFICATIONS, Defaults, Event, event_from_values
from ..infra.i18n import tr
from ..layers.events import type_label, verification_label


class EventDialog(QDialog):
    """Asks for an event at ``point``; :meth:`event` is the checked Event after OK."""

    def __init__(self, point: QgsPointXY, day: Optional[datetime.date] = None, source: str = "",
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Add event"))
        self.point = point
        form = QFormLayout(self)
        form.addRow(QLabel(tr("At {:.5f}° E, {:.5f}° N").format(point.x(), point.y())))
        day = day or datetime.date.today()
        self.timeEdit = QDateTimeEdit(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0), Qt.UTC))
        self.timeEdit.setTimeSpec(Qt.UTC)
        self.timeEdit.setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'")
        self.timeEdit.setCalendarPopup(True)
        self.timeEdit.setToolTip(tr("When it happened, in UTC."))
        form.addRow(tr("Time"), self.timeEdit)
        self.typeCombo = QComboBox()
        self.typeCombo.setEditable(True)
        for value in EVENT_TYPES:
            self.typeCombo.addItem(type_label(value), value)
        self.typeCombo.setToolTip(tr("What was reported; type your own kind if none fits."))
        form.addRow(tr("Type"), self.typeCombo)
        self.sideCombo = QComboBox()
        for value in SIDES:
            self.sideCombo.addItem(tr(value), value)
        form.addRow(tr("Side"), self.sideCombo)
        self.verificationCombo = QComboBox()
        for value in VERIFICATIONS:
            self.verificationCombo.addItem(verification_label(value), value)
        self.verificationCombo.setCurrentIndex(VERIFICATIONS.index("unverified"))
        self.verificationCombo.setToolTip(tr("confirmed: geolocated footage or several independent sources; "
                                             "claimed: one party's statement; unverified; refuted."))
        form.addRow(tr("Verification"), self.verificationCombo)
        self.sourceEdit = QLineEdit(source)
        self.sourceEdit.setToolTip(tr("Who reported it."))
        form.addRow(tr("Source"), self.sourceEdit)
        self.urlEdit = QLineEdit()
        self.urlEdit.setToolTip(tr("Where the report is; kept as text, never opened."))
        form.addRow(tr("URL"), self.urlEdit)
        self.strengthSpin = QSpinBox()
        self.strengthSpin.setRange(0, 1000000)
        self.strengthSpin.setSpecialValueText(tr("not given"))
        self.strengthSpin.setToolTip(tr("A count: people, groups or vehicles."))
        form.addRow(tr("Strength"), self.strengthSpin)
        self.precisionSpin = QDoubleSpinBox()
        self.precisionSpin.setRange(0, 100000)
        self.precisionSpin.setDecimals(0)
        self.precisionSpin.setSuffix(" m")
        self.precisionSpin.setSpecialValueText(tr("not given"))
        form.addRow(tr("Precision"), self.precisionSpin)
        self.noteEdit = QPlainTextEdit()
        self.noteEdit.setTabChangesFocus(True)
        self.noteEdit.setMaximumHeight(70)
        form.addRow(tr("Note"), self.noteEdit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self):
        when = self.timeEdit.dateTime().toUTC()
        date, time = when.date(), when.time()
        index = self.typeCombo.currentIndex()
        typed = self.typeCombo.currentText().strip()
        event_type = self.typeCombo.itemData(index) if index >= 0 and typed == self.typeCombo.itemText(index) \
            else typed
        return {
            "time": datetime.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                                      tzinfo=datetime.timezone.utc),
            "type": event_type, "side": self.sideCombo.currentData(),
            "verification": self.verificationCombo.currentData(),
            "source": self.sourceEdit.text().strip(), "url": self.urlEdit.text().strip(),
            "strength": self.strengthSpin.value() or None,
            "precision_m": self.precisionSpin.value() or None,
            "description": self.noteEdit.toPlainText(),
        }

    def checked_event(self) -> Event:
        """The event as typed, checked by the import's rules (raises EventRowError)."""
        return event_from_values(self.values(), (self.point.x(), self.point.y()), Defaults())
