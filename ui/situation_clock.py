"""The situation clock: the one owner of "the day the map shows".

Every panel and map tool asks the clock for the day and sets it through the
clock. Setting a day drives QGIS's Temporal Controller (FixedRange mode, the
one-day range of layers/temporal.day_range) and the canvas; a day set by
anything else on the canvas (the Temporal Controller, a script) is followed.
The day is saved with the project by the Situation panel (layers/project_state.py).

One fallback rule, :meth:`SituationClock.day`: the day set or shown on the
canvas, else the day saved in the project, else None; panels that need some
day anyway take :meth:`SituationClock.day_or_latest`.
"""

import datetime
from typing import Optional, Sequence

from qgis.core import QgsProject, QgsTemporalNavigationObject
from qgis.PyQt.QtCore import QObject, pyqtSignal, pyqtSlot

from ..layers.project_state import read_state
from ..layers.temporal import day_range, range_day


class SituationClock(QObject):
    """The day the map shows; ``dayChanged(day)`` (a ``datetime.date`` or None)."""

    dayChanged = pyqtSignal(object)

    def __init__(self, canvas=None, project: Optional[QgsProject] = None, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.canvas = canvas
        self.project = project or QgsProject.instance()
        self._day: Optional[datetime.date] = None
        self._setting = False
        self.connections = []
        if canvas is not None:
            self._connect(canvas.temporalRangeChanged, self._canvas_range_changed)
            self._day = self._canvas_day()
        self._connect(self.project.cleared, self._project_cleared)

    def _connect(self, signal, slot):
        signal.connect(slot)
        self.connections.append((signal, slot))

    def unload(self):
        """Disconnect from the canvas and project (plugin unload); safe twice."""
        while self.connections:
            signal, slot = self.connections.pop()
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    # -- reading ---------------------------------------------------------------
    def _canvas_day(self) -> Optional[datetime.date]:
        if self.canvas is None or not self.canvas.mapSettings().isTemporal():
            return None
        return range_day(self.canvas.temporalRange())

    def shown_day(self) -> Optional[datetime.date]:
        """The day set through the clock or shown on the canvas (followed as it
        changes); None when none is (also once the project was cleared)."""
        return self._day

    def day(self) -> Optional[datetime.date]:
        """The day the map shows, else the day saved in the project, else None."""
        shown = self.shown_day()
        return shown if shown is not None else read_state(self.project).current_date

    def day_or_latest(self, snapshot_days: Sequence[datetime.date] = ()) -> datetime.date:
        """:meth:`day`, else the latest of ``snapshot_days``, else today."""
        day = self.day()
        if day is not None:
            return day
        return max(snapshot_days) if snapshot_days else datetime.date.today()

    # -- setting ---------------------------------------------------------------
    def set_day(self, day: Optional[datetime.date]) -> None:
        """Show ``day`` on the map (Temporal Controller in FixedRange mode and the
        canvas); ``dayChanged`` when it is a new day. None forgets the day."""
        if isinstance(day, datetime.datetime):
            day = day.date()
        changed = day != self._day
        self._day = day
        if day is not None and self.canvas is not None:
            self._setting = True
            try:
                show_day_on_canvas(self.canvas, day)
            finally:
                self._setting = False
        if changed:
            self.dayChanged.emit(day)

    def previous_snapshot(self, snapshot_days: Sequence[datetime.date]) -> Optional[datetime.date]:
        """The latest of ``snapshot_days`` before the day shown (the last when none is shown)."""
        current = self.shown_day()
        earlier = sorted(d for d in snapshot_days if current is None or d < current)
        return earlier[-1] if earlier else None

    def next_snapshot(self, snapshot_days: Sequence[datetime.date]) -> Optional[datetime.date]:
        """The first of ``snapshot_days`` after the day shown (the first when none is shown)."""
        current = self.shown_day()
        later = sorted(d for d in snapshot_days if current is None or d > current)
        return later[0] if later else None

    def step(self, snapshot_days: Sequence[datetime.date], forward: bool = True) -> bool:
        """Show the next (or previous) snapshot day; False when there is none."""
        day = self.next_snapshot(snapshot_days) if forward else self.previous_snapshot(snapshot_days)
        if day is None:
            return False
        self.set_day(day)
        return True

    # -- following the canvas and the project ------------------------------------
    @pyqtSlot()
    def _canvas_range_changed(self):
        if self._setting:
            return
        day = self._canvas_day()
        if day is None or day == self._day:  # navigation switched off, or nothing new
            return
        self._day = day
        self.dayChanged.emit(day)

    @pyqtSlot()
    def _project_cleared(self):
        if self._day is not None:
            self._day = None
            self.dayChanged.emit(None)


def show_day_on_canvas(canvas, day: datetime.date) -> None:
    """Make ``canvas`` show the one-day range of ``day``: through QGIS's Temporal
    Controller when the canvas has one (QGIS Desktop), and on the canvas itself."""
    time_range = day_range(day)
    controller = canvas.temporalController()
    if isinstance(controller, QgsTemporalNavigationObject):
        controller.setNavigationMode(QgsTemporalNavigationObject.FixedRange)
        controller.setTemporalExtents(time_range)
    canvas.setTemporalRange(time_range)
