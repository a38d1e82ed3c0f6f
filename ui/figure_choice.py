"""The choice of figure in the Analysis tab's chart: the occupied share (the
panel's own chart), events per week by type (``eventsummary``), the ground
gained and lost per month (``territorychange``), or battle timelines (the
areas' shares against days since first entry, ``battletimeline``). The others are computed in
the background from the panel's situation store when chosen and when the store
changes; the panel computes nothing itself."""

from typing import Dict, List, Optional

from qgis.PyQt.QtCore import QObject
from qgis.PyQt.QtWidgets import QComboBox

from ..infra.i18n import tr
from .algorithm_runner import AlgorithmRun
from .dynamics_chart import DynamicsChart, rows_of_layer
from .event_chart import EventChart, weekly_counts_by_type
from .timeline_chart import TimelineChart, timeline_series

SHARE_FIGURE, EVENTS_FIGURE, GROUND_FIGURE, TIMELINE_FIGURE = 0, 1, 2, 3
TIMELINE_ALGORITHM = "situationmapper:battletimeline"
SUMMARY_ALGORITHM = "situationmapper:eventsummary"
GROUND_ALGORITHM = "situationmapper:territorychange"
PERIOD_MONTH = 2  # territorychange's PERIOD: day, week, month, dates


class FigureChoice(QObject):
    """The figure combo above the chart and the two computed figures' charts."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.run: Optional[AlgorithmRun] = None
        self.rows: List[Dict] = []
        self.ground_rows: List[Dict] = []
        self.combo = QComboBox(panel)
        self.combo.setObjectName("figureCombo")
        self.combo.addItems([tr("Occupied share"), tr("Events per week by type"),
                             tr("Ground gained and lost per month"), tr("Battle timelines (days since entry)")])
        self.combo.setToolTip(tr("The figure shown: the occupied share of the results above; the events of "
                                 "the situation store per ISO week by type (situationmapper:eventsummary); "
                                 "or the ground gained and lost per month, in the focus area when one is "
                                 "set, else over all the data (situationmapper:territorychange); or the "
                                 "areas' occupied shares against the days since each was first entered "
                                 "(situationmapper:battletimeline)."))
        panel.chartLayout.insertWidget(0, self.combo)
        self.chart = EventChart(panel.chartLayout)
        self.ground_chart = DynamicsChart(panel.chartLayout)
        self.timeline_chart = TimelineChart(panel.chartLayout)
        self.timeline_rows: List[Dict] = []
        self._show(SHARE_FIGURE)
        self.combo.currentIndexChanged.connect(self._figure_chosen)
        panel.context.storeChanged.connect(self._store_changed)

    def showing_events(self) -> bool:
        return self.combo.currentIndex() == EVENTS_FIGURE

    def showing_ground(self) -> bool:
        return self.combo.currentIndex() == GROUND_FIGURE

    def shown_chart(self, share_chart):
        """The chart in view: the events or ground chart when chosen, else ``share_chart``."""
        if self.showing_events():
            return self.chart
        if self.showing_ground():
            return self.ground_chart
        if self.combo.currentIndex() == TIMELINE_FIGURE:
            return self.timeline_chart
        return share_chart

    def _show(self, index):
        share_canvas = self.panel.chart_canvas
        if share_canvas is not None:
            share_canvas.setVisible(index == SHARE_FIGURE)
        if self.chart.canvas is not None:
            self.chart.canvas.setVisible(index == EVENTS_FIGURE)
        if self.ground_chart.canvas is not None:
            self.ground_chart.canvas.setVisible(index == GROUND_FIGURE)
        if self.timeline_chart.canvas is not None:
            self.timeline_chart.canvas.setVisible(index == TIMELINE_FIGURE)

    def _figure_chosen(self, index):
        self._show(index)
        if index == EVENTS_FIGURE:
            self.summarise()
        elif index == GROUND_FIGURE:
            self.measure_ground()
        elif index == TIMELINE_FIGURE:
            self.timelines()

    def _store_changed(self, _location=""):
        if self.showing_events():
            self.summarise()
        elif self.showing_ground():
            self.measure_ground()
        elif self.combo.currentIndex() == TIMELINE_FIGURE:
            self.timelines()

    def store_location(self) -> str:
        return self.panel.store_location() or (self.panel.context.store_location or "")

    def _start(self, algorithm: str, parameters: Dict, description: str, on_done, busy: str) -> bool:
        if self.run is not None and self.run.is_running():
            return False
        iface = self.panel.iface
        self.run = AlgorithmRun(algorithm, parameters, description,
                                iface.messageBar() if iface is not None else None, self)
        self.run.finished.connect(on_done)
        if not self.run.start():
            return False
        self.panel.statusLabel.setText(busy)
        return True

    # -- events per week -------------------------------------------------------------
    def summarise(self) -> bool:
        """Count the store's events per week in the background; False when there
        is no store (the status line says so) or a computation is running."""
        location = self.store_location()
        if not location:
            self.panel.statusLabel.setText(tr("Choose a situation store with events for the events chart."))
            return False
        return self._start(SUMMARY_ALGORITHM, {"EVENTS": location, "PERIOD": 1, "TABLE": "TEMPORARY_OUTPUT"},
                           tr("Events per week"), self._summarised, tr("Counting events…"))

    def _table_rows(self, ok, results) -> Optional[List[Dict]]:
        run = self.run
        if not ok or run is None:
            if run is not None:
                self.panel.statusLabel.setText("\n".join(run.feedback.errors) or tr("Cancelled."))
            return None
        layer = run.take_layer(results.get("TABLE"))
        return None if layer is None else rows_of_layer(layer)

    def _summarised(self, ok, results):
        rows = self._table_rows(ok, results)
        if rows is None:
            return
        self.rows = rows
        self.chart.draw(self.rows)
        weeks, _by_type = weekly_counts_by_type(self.rows)
        self.panel.statusLabel.setText(tr("{} event(s) in {} week(s).").format(
            results.get("COUNTED", 0), len(weeks)))

    # -- ground gained and lost per month ------------------------------------------------
    def focus(self):
        """(areas layer, name field, focus area) of the context, or Nones."""
        context = self.panel.context
        layer = context.areas_layer()
        if layer is None or not context.name_field or not context.focus_area:
            return None, None, None
        return layer, context.name_field, context.focus_area

    def measure_ground(self) -> bool:
        """Run territorychange per month over the store in the background (in the
        focus area when the context has one); False without a store or while busy."""
        location = self.store_location()
        if not location:
            self.panel.statusLabel.setText(tr("Choose a situation store for the ground gained and lost."))
            return False
        parameters = {"CONTROL": location, "STATUSES": "occupied", "PERIOD": PERIOD_MONTH, "DATES": "all",
                      "TABLE": "TEMPORARY_OUTPUT"}
        layer, name_field, _focus = self.focus()
        if layer is not None:
            parameters.update({"AREAS": layer, "AREA_NAME_FIELD": name_field})
        return self._start(GROUND_ALGORITHM, parameters, tr("Ground gained and lost"), self._measured,
                           tr("Measuring the ground gained and lost…"))

    def _measured(self, ok, results):
        rows = self._table_rows(ok, results)
        if rows is None:
            return
        _layer, _field, focus = self.focus()
        self.ground_rows = [row for row in rows if not focus or row.get("area") == focus]
        clock = getattr(self.panel, "clock", None)
        self.ground_chart.draw(self.ground_rows, area=focus or None,
                               shown_date=clock.day() if clock is not None else None)
        gained = sum(row.get("gained_km2") or 0.0 for row in self.ground_rows)
        lost = sum(row.get("lost_km2") or 0.0 for row in self.ground_rows)
        self.panel.statusLabel.setText(tr("{} month(s): {:.1f} km² gained, {:.1f} km² lost{}.").format(
            len({row.get("period_start") for row in self.ground_rows}), gained, lost,
            tr(" in {}").format(focus) if focus else ""))

    # -- battle timelines ----------------------------------------------------------------
    def timelines(self) -> bool:
        """Run battletimeline over the context's areas in the background; False
        without a store or areas, or while busy."""
        location = self.store_location()
        layer = self.panel.context.areas_layer()
        if not location or layer is None:
            self.panel.statusLabel.setText(tr("Battle timelines need a situation store and a layer of areas."))
            return False
        parameters = {"CONTROL": location, "AREAS": layer, "AREA_NAME_FIELD": self.panel.context.name_field or "",
                      "STATUSES": "occupied", "DATES": "all", "THRESHOLD_PCT": 1.0, "TABLE": "TEMPORARY_OUTPUT"}
        return self._start(TIMELINE_ALGORITHM, parameters, tr("Battle timelines"), self._timelined,
                           tr("Measuring the battle timelines…"))

    def _timelined(self, ok, results):
        rows = self._table_rows(ok, results)
        if rows is None:
            return
        self.timeline_rows = rows
        self.timeline_chart.draw(rows, 1.0)
        entered = timeline_series(rows)
        self.panel.statusLabel.setText(tr("{} area(s) entered: {}.").format(
            len(entered), ", ".join(f"{area} ({points[-1][0]} days)" for area, points in entered.items())
            or tr("none")))

    def unload(self):
        """Stop a running computation and let go of the context (the panel unloads)."""
        if self.run is not None and self.run.is_running():
            self.run.cancel()
        try:
            self.panel.context.storeChanged.disconnect(self._store_changed)
        except (TypeError, RuntimeError):
            pass
