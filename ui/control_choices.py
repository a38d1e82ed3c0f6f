"""The Analysis tab's control choices: the sources, the statuses counted as
occupied and those an upper bound adds, read from the control layer or store
and kept across refills (sources the user unchecked stay unchecked).

A mixin of :class:`~.analysis_panel.AnalysisPanel`: it works on the tab's
``sourcesList``, ``statusesList`` and ``upperStatusesList``.
"""

from typing import List

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QListWidgetItem

from ..infra.i18n import tr
from ..store import ControlLayerError, read_records
from ..store.schema import KNOWN_STATUSES, STATUS_CONTESTED, STATUS_OCCUPIED

LIST_ROWS = 4  # rows a check list shows before it scrolls


class ControlChoicesMixin:
    """Sources and statuses of the tab's control data as check lists."""

    def refresh_control_choices(self, *_args):
        """Fill the sources and statuses lists from the control layer's records.

        Sources the user unchecked stay unchecked; every other source (a new
        store or layer) starts checked."""
        checked_statuses = self._checked(self.statusesList)
        checked_upper = self._checked(self.upperStatusesList)
        self._upper_memory = set(checked_upper) if checked_upper else None
        self._statuses_by_source = {}
        self._all_statuses = []
        for widget in (self.sourcesList, self.statusesList, self.upperStatusesList):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        self._fit_lists()
        try:
            layer = self._control_layer()
        except ControlLayerError as error:
            self.statusLabel.setText(str(error))
            return
        if layer is None:
            return
        records = read_records(layer)
        for record in records:
            self._statuses_by_source.setdefault(record.source, set()).add(record.status)
        sources = sorted(self._statuses_by_source)
        self._all_statuses = sorted({r.status for r in records},
                                    key=lambda s: (KNOWN_STATUSES.index(s) if s in KNOWN_STATUSES else 99, s))
        self.sourcesList.blockSignals(True)
        for source in sources:
            self._add_item(self.sourcesList, source, source not in self._unchecked_sources)
        self.sourcesList.blockSignals(False)
        self.statusesList.blockSignals(True)
        for status in self._all_statuses:
            self._add_item(self.statusesList, status, status in checked_statuses if checked_statuses
                           else status == STATUS_OCCUPIED)
        self.statusesList.blockSignals(False)
        self._fill_upper_statuses()
        self.statusLabel.setText(tr("{}: {} features, {} sources.").format(
            layer.name(), len(records), len(sources)))

    def _fit_lists(self):
        """Each check list as tall as its items (one to LIST_ROWS rows, then it
        scrolls): the results table gets the rest of the panel's height."""
        for widget in (self.sourcesList, self.statusesList, self.upperStatusesList):
            row = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height() + 6
            rows = min(max(widget.count(), 1), LIST_ROWS)
            widget.setMaximumHeight(rows * row + 2 * widget.frameWidth() + 2)

    def _fill_upper_statuses(self):
        """List the statuses an upper bound can add: every status not already
        counted as occupied (checks kept across refills)."""
        current = self._checked(self.upperStatusesList)
        remembered = self._upper_memory
        if self.upperStatusesList.count():
            remembered = set(current)
        occupied = set(self._checked(self.statusesList))
        self.upperStatusesList.blockSignals(True)
        self.upperStatusesList.clear()
        for status in self._all_statuses:
            if status in occupied:
                continue
            self._add_item(self.upperStatusesList, status, status in remembered if remembered is not None
                           else status == STATUS_CONTESTED)
        self.upperStatusesList.blockSignals(False)
        self._upper_memory = remembered
        self._fit_lists()

    def _source_toggled(self, item):
        if item.checkState() == Qt.Checked:
            self._unchecked_sources.discard(item.text())
        else:
            self._unchecked_sources.add(item.text())

    def _occupied_statuses_changed(self, _item=None):
        self._fill_upper_statuses()

    @staticmethod
    def _add_item(widget, text, checked):
        item = QListWidgetItem(text, widget)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        item.setToolTip(text)

    @staticmethod
    def _checked(widget) -> List[str]:
        return [widget.item(i).text() for i in range(widget.count())
                if widget.item(i).checkState() == Qt.Checked]
