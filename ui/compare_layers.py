"""The Situation tab's "Compare with": ground gained and lost between a second
date and the day the map shows, as a styled layer that follows the clock: each
step of the date navigator measures it again (``situationmapper:changes`` in
the background; the panel computes nothing). The row's date and whether it is
on are saved with the project (layers/project_state.py) and come back when it
is read: the layer is then measured again (a saved memory layer comes back empty)."""

import datetime
from typing import Optional

from qgis.core import Qgis, QgsProject
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, QObject, QTimer
from qgis.PyQt.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout

from .. import store
from ..infra.i18n import tr
from ..layers.change_style import PROPERTY_FOLLOWS_CANVAS_DAY, style_changes
from ..layers.project_state import CompareState, ProjectStateWatcher, read_compare_state, write_compare_state
from ..layers.situation_layers import situation_group
from ..store.schema import STATUS_OCCUPIED
from .algorithm_runner import AlgorithmRun
from .messages import show_message

PROPERTY_COMPARE = PROPERTY_FOLLOWS_CANVAS_DAY


class CompareWithDate(QObject):
    """A "Compare with [date]" row in ``layout``; the layer of the change from
    that date to the clock's day in the project's Situation group."""

    def __init__(self, layout, clock, context, message_bar=None, parent=None):
        super().__init__(parent)
        self.clock, self.context, self.message_bar = clock, context, message_bar
        self.project = QgsProject.instance()
        self.run: Optional[AlgorithmRun] = None
        self.layer_id = ""
        self._pending = False
        row = QHBoxLayout()
        self.checkBox = QCheckBox(tr("Compare with"))
        self.checkBox.setObjectName("compareCheckBox")
        self._tooltip = tr("Show the ground gained (red) and lost (blue) between this date and the day the "
                           "map shows; it follows the day as you step.")
        self.checkBox.setToolTip(self._tooltip)
        self.dateEdit = QDateEdit()
        self.dateEdit.setObjectName("compareDateEdit")
        self.dateEdit.setCalendarPopup(True)
        self.dateEdit.setDisplayFormat("yyyy-MM-dd")
        # no date chosen yet: the minimum, shown as words; checking the box then takes 30 days before the day
        self.dateEdit.setMinimumDate(QDate(2000, 1, 1))
        self.dateEdit.setSpecialValueText(tr("30 days before"))
        self.dateEdit.setDate(self.dateEdit.minimumDate())
        self.dateEdit.setToolTip(tr("The other date (earlier or later than the day shown)."))
        row.addWidget(self.checkBox)
        row.addWidget(self.dateEdit, 1)
        layout.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)  # stepping quickly measures once, for the day the user stops on
        self.timer.timeout.connect(self.update)
        self.checkBox.toggled.connect(self._toggled)
        self.dateEdit.dateChanged.connect(lambda _date: self.request())
        self.clock.dayChanged.connect(self._day_changed)
        # saved with the project, restored when it is read, off when it is closed
        self.state_watcher = ProjectStateWatcher(self.restore_state, self.clear, self.project, self,
                                                 current_state=self.state, read=read_compare_state,
                                                 write=write_compare_state)
        saved = read_compare_state(self.project)
        if saved.day is not None:  # made while a project is open (the plugin reloaded)
            self.restore_state(saved)

    # -- project state -------------------------------------------------------------
    def state(self) -> CompareState:
        """The row as saved in the project: its date (None before one is chosen) and whether it is on."""
        chosen = self.dateEdit.date() != self.dateEdit.minimumDate()
        return CompareState(self.compare_day() if chosen else None, self.checkBox.isChecked() and chosen)

    def restore_state(self, state: CompareState) -> None:
        """Show the saved row; when it is on, the change is measured again (the
        compare layer the project brought back is replaced)."""
        # the layer saved with the project is the one the next measurement replaces
        # (not removed here: the project is still being read)
        saved = [layer for layer in self.project.mapLayers().values() if layer.customProperty(PROPERTY_COMPARE)]
        self.layer_id = saved[0].id() if saved else ""
        if state.day is not None:
            self.set_compare_day(state.day)
        self.checkBox.setChecked(state.on)
        if state.on:
            self.request()

    def clear(self) -> None:
        """The project was closed: the row is off (its layer went with the project)."""
        self.timer.stop()
        self.layer_id = ""
        self.checkBox.setChecked(False)
        self.dateEdit.setDate(self.dateEdit.minimumDate())

    def compare_day(self) -> datetime.date:
        return self.dateEdit.date().toPyDate()

    def set_compare_day(self, day: datetime.date) -> None:
        self.dateEdit.setDate(QDate(day.year, day.month, day.day))

    def _toggled(self, checked: bool):
        if checked:
            day = self.clock.day()
            if day is not None and self.dateEdit.date() == self.dateEdit.minimumDate():
                self.set_compare_day(day - datetime.timedelta(days=30))
            self.request()
        else:
            self.remove_layer()

    def _day_changed(self, _day):
        if self.checkBox.isChecked():
            self.request()

    def request(self):
        if self.checkBox.isChecked():
            self.timer.start()

    def update(self) -> Optional[AlgorithmRun]:
        """Measure the change from the compare date to the day shown (in the background)."""
        day, location = self.clock.day(), self.context.store_location
        if day is None or not location or not self.checkBox.isChecked():
            return None
        if self.run is not None and self.run.is_running():
            self._pending = True  # measured again when this one ends
            return None
        other = self.compare_day()
        first, last = sorted((other, day))
        problem = self._no_snapshot_problem(location, first)
        if problem:
            self.remove_layer()
            self.checkBox.setToolTip(problem)
            if self.message_bar is not None:
                show_message(self.message_bar, problem, Qgis.Warning)
            return None
        self.checkBox.setToolTip(self._tooltip)
        self.run = AlgorithmRun("situationmapper:changes", {
            "CONTROL": location, "DATE_A": first.isoformat(), "DATE_B": last.isoformat(),
            "STATUSES": "occupied", "OUTPUT": "TEMPORARY_OUTPUT"},
            tr("Compare with {}").format(other.isoformat()), self.message_bar, self)
        self.run.finished.connect(lambda ok, results, a=first, b=last: self._measured(ok, results, a, b))
        if not self.run.start():
            return None
        return self.run

    @staticmethod
    def _no_snapshot_problem(location: str, first: datetime.date) -> str:
        """Why the change from ``first`` cannot be measured ("" when it can): no
        occupied ground is known on that day (everything would count as gained)."""
        try:
            series = [s for s in store.list_series(location) if s.status == STATUS_OCCUPIED]
        except store.StoreError as error:
            return str(error)
        if not series:
            return tr("The store has no occupied ground to compare.")
        start = min(s.first_day for s in series)
        if first < start:
            return tr("No snapshot is valid on {}: the store's snapshots start on {}; compare with a later "
                      "date.").format(first.isoformat(), start.isoformat())
        return ""

    def layer(self):
        layer = self.project.mapLayer(self.layer_id) if self.layer_id else None
        return layer if layer is not None and not sip.isdeleted(layer) else None

    def remove_layer(self):
        if self.layer() is not None:
            self.project.removeMapLayer(self.layer_id)
        self.layer_id = ""

    def _measured(self, ok: bool, results: dict, first: datetime.date, last: datetime.date):
        run = self.run
        if self._pending:
            self._pending = False
            self.timer.start()
        if not ok or run is None or not self.checkBox.isChecked():
            return
        layer = run.take_layer(results.get("OUTPUT"))
        if layer is None:
            return
        layer.setName(tr("Change {} → {}: +{:.1f} km², −{:.1f} km²").format(
            first.isoformat(), last.isoformat(), results.get("GAINED_KM2", 0.0), results.get("LOST_KM2", 0.0)))
        layer.setCustomProperty(PROPERTY_COMPARE, True)
        style_changes(layer)
        self.remove_layer()
        self.project.addMapLayer(layer, False)
        situation_group(self.project).insertLayer(0, layer)
        self.layer_id = layer.id()

    def unload(self):
        self.timer.stop()
        self.state_watcher.disconnect_all()
        try:
            self.clock.dayChanged.disconnect(self._day_changed)
        except (TypeError, RuntimeError):
            pass
        if self.run is not None and self.run.is_running():
            self.run.cancel()
