"""The choice of figure in the Analysis tab's chart: the occupied share (the
panel's own chart), events per week by type (``eventsummary``), the ground
gained and lost per month (``territorychange``), battle timelines (the
areas' shares against days since first entry, ``battletimeline``), the
distance from the context's areas to the front (``frontdistance``) or the
corridor width from the focus area to the rear point with its trend and
closure estimate (``corridor``). The others are computed in the background
from the panel's situation store when chosen and when the store changes; the
panel computes nothing itself. Every chart marks the day the map shows and
follows it as the user steps."""

import time
from typing import Dict, List, Optional

from qgis.core import QgsExpression, QgsFeatureRequest
from qgis.PyQt.QtCore import QEvent, QObject, QTimer
from qgis.PyQt.QtWidgets import QComboBox

from ..infra.i18n import tr
from .algorithm_runner import AlgorithmRun
from .dynamics_chart import DynamicsChart, rows_of_layer
from .event_chart import EventChart, weekly_counts_by_type
from .front_charts import CorridorChart, DistanceChart
from .timeline_chart import TimelineChart, timeline_series

SHARE_FIGURE, EVENTS_FIGURE, GROUND_FIGURE, TIMELINE_FIGURE, DISTANCE_FIGURE, CORRIDOR_FIGURE = range(6)
TIMELINE_ALGORITHM = "situationmapper:battletimeline"
DISTANCE_ALGORITHM = "situationmapper:frontdistance"
CORRIDOR_ALGORITHM = "situationmapper:corridor"
SUMMARY_ALGORITHM = "situationmapper:eventsummary"
GROUND_ALGORITHM = "situationmapper:territorychange"
REDRAW_INTERVAL_MS = 250  # at most one chart drawn per this while the days step
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
                             tr("Ground gained and lost per month"), tr("Battle timelines (days since entry)"),
                             tr("Distance to the front"), tr("Corridor width and closure estimate")])
        self.combo.setToolTip(tr("The figure shown: the occupied share of the results above; the events of "
                                 "the situation store per ISO week by type (situationmapper:eventsummary); "
                                 "or the ground gained and lost per month, in the focus area when one is "
                                 "set, else over all the data (situationmapper:territorychange); or the "
                                 "areas' occupied shares against the days since each was first entered "
                                 "(situationmapper:battletimeline); or the distance from each area to the "
                                 "nearest hostile ground (situationmapper:frontdistance); or the corridor "
                                 "width from the focus area (else the first area) to the rear point, its "
                                 "trend and closure estimate (situationmapper:corridor). The last two are "
                                 "measured on the dates above (empty: every snapshot date)."))
        panel.chartLayout.insertWidget(0, self.combo)
        self.chart = EventChart(panel.chartLayout)
        self.ground_chart = DynamicsChart(panel.chartLayout)
        self.timeline_chart = TimelineChart(panel.chartLayout)
        self.timeline_rows: List[Dict] = []
        self.distance_chart = DistanceChart(panel.chartLayout)
        self.distance_rows: List[Dict] = []
        self.corridor_chart = CorridorChart(panel.chartLayout)
        self.corridor_rows: List[Dict] = []
        self.corridor_area = ""
        self._corridor_pending = ""  # the area of the corridor being measured
        self._show(SHARE_FIGURE)
        self.combo.currentIndexChanged.connect(self._figure_chosen)
        panel.context.storeChanged.connect(self._store_changed)
        clock = getattr(panel, "clock", None)
        # the day shown is marked on every chart: redrawn at most every
        # REDRAW_INTERVAL_MS while the user steps or plays the days, and only
        # once the chart is in view (another tab in front: when it comes back)
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self.redraw)
        self._last_redraw = 0.0
        self._stale = False
        panel.installEventFilter(self)
        if clock is not None:
            clock.dayChanged.connect(self._day_changed)

    def showing_events(self) -> bool:
        return self.combo.currentIndex() == EVENTS_FIGURE

    def showing_ground(self) -> bool:
        return self.combo.currentIndex() == GROUND_FIGURE

    def _charts(self):
        """The chart of each figure, by index (the share chart is the panel's)."""
        return {SHARE_FIGURE: self.panel.chart, EVENTS_FIGURE: self.chart, GROUND_FIGURE: self.ground_chart,
                TIMELINE_FIGURE: self.timeline_chart, DISTANCE_FIGURE: self.distance_chart,
                CORRIDOR_FIGURE: self.corridor_chart}

    def shown_chart(self, share_chart):
        """The chart in view: the chosen figure's, ``share_chart`` for the share."""
        index = self.combo.currentIndex()
        return share_chart if index == SHARE_FIGURE else self._charts()[index]

    def has_drawn_figure(self) -> bool:
        """True when the figure in view is not the share and its chart was drawn from rows."""
        index = self.combo.currentIndex()
        if index == SHARE_FIGURE:
            return False
        chart = self._charts().get(index)
        return chart is not None and chart.canvas is not None and chart._drawing is not None

    def say(self, text: str, detail: str = ""):
        """``text`` in the panel's status line (short: the chart keeps its room),
        ``detail`` (e.g. every area's figure) in its tooltip."""
        self.panel.statusLabel.setText(text)
        self.panel.statusLabel.setToolTip(detail)
        update = getattr(self.panel, "_update_buttons", None)
        if update is not None:
            update()

    def _show(self, index):
        for figure, chart in self._charts().items():
            if chart is not None and chart.canvas is not None:
                chart.canvas.setVisible(index == figure)

    def _measurers(self):
        return {EVENTS_FIGURE: self.summarise, GROUND_FIGURE: self.measure_ground,
                TIMELINE_FIGURE: self.timelines, DISTANCE_FIGURE: self.measure_distances,
                CORRIDOR_FIGURE: self.measure_corridor}

    def _figure_chosen(self, index):
        self._show(index)
        measure = self._measurers().get(index)
        if measure is not None:
            measure()

    def _store_changed(self, _location=""):
        measure = self._measurers().get(self.combo.currentIndex())
        if measure is not None:
            measure()

    def shown_day(self):
        clock = getattr(self.panel, "clock", None)
        return clock.day() if clock is not None else None

    def _day_changed(self, _day=None):
        if self._redraw_timer.isActive():
            return  # drawn when the timer fires, with the day shown then
        wait_ms = REDRAW_INTERVAL_MS - (time.monotonic() - self._last_redraw) * 1000.0
        if wait_ms > 0:
            self._redraw_timer.start(int(wait_ms) + 1)
        else:
            self.redraw()

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if watched is self.panel and event.type() == QEvent.Show and self._stale:
            self._redraw_timer.start(0)
        return False

    def redraw(self, _day=None):
        """Draw the chart in view again from its rows (the day shown moved);
        a panel hidden behind another tab of a shown dock draws when it comes back."""
        if not self.panel.isVisible() and self.panel.window().isVisible():
            self._stale = True
            return
        self._stale = False
        self._last_redraw = time.monotonic()
        index, day = self.combo.currentIndex(), self.shown_day()
        if index == SHARE_FIGURE:
            self.panel.draw_chart()
        elif index == GROUND_FIGURE and self.ground_rows:
            _layer, _field, focus = self.focus()
            self.ground_chart.draw(self.ground_rows, area=focus or None, shown_date=day)
        elif index == DISTANCE_FIGURE and self.distance_rows:
            self.distance_chart.draw(self.distance_rows, day)
        elif index == CORRIDOR_FIGURE and self.corridor_rows:
            self.corridor_chart.draw(self.corridor_rows, day, area=self.corridor_area)

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
        self.say(busy)
        return True

    # -- events per week -------------------------------------------------------------
    def summarise(self) -> bool:
        """Count the store's events per week in the background; False when there
        is no store (the status line says so) or a computation is running."""
        location = self.store_location()
        if not location:
            self.say(tr("Choose a situation store with events for the events chart."))
            return False
        return self._start(SUMMARY_ALGORITHM, {"EVENTS": location, "PERIOD": 1, "TABLE": "TEMPORARY_OUTPUT"},
                           tr("Events per week"), self._summarised, tr("Counting events…"))

    def _table_rows(self, ok, results) -> Optional[List[Dict]]:
        run = self.run
        if not ok or run is None:
            if run is not None:
                self.say("\n".join(run.feedback.errors) or tr("Cancelled."))
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
        self.say(tr("{} event(s) in {} week(s).").format(
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
            self.say(tr("Choose a situation store for the ground gained and lost."))
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
        self.ground_chart.draw(self.ground_rows, area=focus or None, shown_date=self.shown_day())
        gained = sum(row.get("gained_km2") or 0.0 for row in self.ground_rows)
        lost = sum(row.get("lost_km2") or 0.0 for row in self.ground_rows)
        self.say(tr("{} month(s): {:.1f} km² gained, {:.1f} km² lost{}.").format(
            len({row.get("period_start") for row in self.ground_rows}), gained, lost,
            tr(" in {}").format(focus) if focus else ""))

    # -- battle timelines ----------------------------------------------------------------
    def timelines(self) -> bool:
        """Run battletimeline over the context's areas in the background; False
        without a store or areas, or while busy."""
        location = self.store_location()
        layer = self.panel.context.areas_layer()
        if not location or layer is None:
            self.say(tr("Battle timelines need a situation store and a layer of areas."))
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
        listed = ", ".join(f"{area} ({points[-1][0]} days)" for area, points in entered.items()) or tr("none")
        if len(entered) <= 3:
            self.say(tr("{} area(s) entered: {}.").format(len(entered), listed))
        else:
            self.say(tr("{} area(s) entered (their days: hover here).").format(len(entered)),
                     tr("{} area(s) entered: {}.").format(len(entered), listed))

    # -- distance to the front and corridor width ------------------------------------------
    def dates(self) -> str:
        """The panel's dates (empty: every snapshot date)."""
        return self.panel.datesEdit.text().strip() or "all"

    def measure_distances(self) -> bool:
        """Run frontdistance from the context's areas (their centroids) over the
        panel's dates in the background; False without a store or areas, or while busy."""
        location = self.store_location()
        layer = self.panel.context.areas_layer()
        if not location or layer is None:
            self.say(tr("The distance to the front needs a situation store and a layer "
                                              "of areas (the targets)."))
            return False
        parameters = {"TARGETS": layer, "TARGET_NAME_FIELD": self.panel.context.name_field or "",
                      "CONTROL": location, "STATUSES": "occupied", "DATES": self.dates(),
                      "TABLE": "TEMPORARY_OUTPUT"}
        return self._start(DISTANCE_ALGORITHM, parameters, tr("Distance to the front"), self._distances_measured,
                           tr("Measuring the distance to the front…"))

    def _distances_measured(self, ok, results):
        rows = self._table_rows(ok, results)
        if rows is None:
            return
        self.distance_rows = rows
        drawing = self.distance_chart.draw(rows, self.shown_day())
        notes = drawing.notes if drawing is not None else []
        if len(notes) <= 2:
            self.say("; ".join(notes) or tr("No distance measured (see the table's notes)."))
        else:
            self.say(tr("{} (and {} more: hover here).").format(notes[0], len(notes) - 1), "\n".join(notes))

    def corridor_area_layer(self):
        """``(a layer of the focus area, else the first area; its name)``, or ``(None, "")``."""
        context = self.panel.context
        layer = context.areas_layer()
        if layer is None:
            return None, ""
        field = context.name_field
        request = QgsFeatureRequest().setLimit(1)
        if context.focus_area and field:
            request.setFilterExpression(QgsExpression.createFieldEqualityExpression(field, context.focus_area))
        area = layer.materialize(request)
        features = list(area.getFeatures())
        if not features:
            return None, ""
        return area, str(features[0][field]) if field else ""

    def measure_corridor(self) -> bool:
        """Run corridor from the focus area (else the first area) to the context's
        rear point over the panel's dates in the background; False without a
        store, area or rear point, or while busy."""
        location = self.store_location()
        rear = self.panel.context.rear_point
        area, name = self.corridor_area_layer()
        if not location or area is None or rear is None:
            self.say(tr("The corridor chart needs a situation store, an area (the focus "
                                              "area, else the first) and a rear point (Draw tab)."))
            return False
        parameters = {"AREA": area, "REAR": f"{rear[0]},{rear[1]} [EPSG:4326]", "CONTROL": location,
                      "STATUSES": "occupied", "DATES": self.dates(), "TABLE": "TEMPORARY_OUTPUT"}
        self._corridor_pending = name
        return self._start(CORRIDOR_ALGORITHM, parameters, tr("Corridor width"), self._corridor_measured,
                           tr("Measuring the corridor…"))

    def _corridor_measured(self, ok, results):
        rows = self._table_rows(ok, results)
        if rows is None:
            return
        self.corridor_rows, self.corridor_area = rows, self._corridor_pending
        drawing = self.corridor_chart.draw(rows, self.shown_day(), area=self.corridor_area)
        notes = drawing.notes if drawing is not None else []
        self.say(" ".join(notes) or tr("No corridor width measured (see the table's notes)."))

    def unload(self):
        """Stop a running computation and let go of the context and clock (the panel unloads)."""
        if self.run is not None and self.run.is_running():
            self.run.cancel()
        self._redraw_timer.stop()
        try:
            self.panel.removeEventFilter(self)
        except RuntimeError:  # the panel is gone
            pass
        for signal, slot in ((self.panel.context.storeChanged, self._store_changed),
                             (getattr(getattr(self.panel, "clock", None), "dayChanged", None), self._day_changed)):
            try:
                if signal is not None:
                    signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
