"""The Analysis tab's second figure: events per ISO week by type, from
``situationmapper:eventsummary`` run on the situation store (the panel computes
nothing), drawn with matplotlib when it is installed.

:class:`EventChartChoice` is the hook the Analysis panel holds: a choice of
figure above the chart (occupied share, or events per week by type)."""

import datetime
import os
from typing import Dict, List, Optional, Tuple

from qgis.PyQt.QtCore import QDate, QObject
from qgis.PyQt.QtWidgets import QComboBox

from ..core.periods import WEEK, period_start, periods_between
from ..infra.atomic_files import atomic_path
from ..infra.i18n import tr
from .algorithm_runner import AlgorithmRun
from .share_chart import ShareChart

SUMMARY_ALGORITHM = "situationmapper:eventsummary"
SHARE_FIGURE, EVENTS_FIGURE = 0, 1


def _day(value) -> Optional[datetime.date]:
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def weekly_counts_by_type(rows: List[Dict]) -> Tuple[List[datetime.date], Dict[str, List[int]]]:
    """From eventsummary rows (period_start, type, count; any areas and
    verifications, summed): the Mondays of every week from the first to the
    last, weeks without events included, and per type its count in each."""
    totals: Dict[Tuple[datetime.date, str], int] = {}
    for row in rows:
        day = _day(row.get("period_start"))
        if day is None or not row.get("count"):
            continue
        key = (period_start(day, WEEK), str(row.get("type") or ""))
        totals[key] = totals.get(key, 0) + int(row["count"])
    if not totals:
        return [], {}
    weeks = [start for start, _end in periods_between(min(k[0] for k in totals), max(k[0] for k in totals), WEEK)]
    types = sorted({event_type for _week, event_type in totals})
    return weeks, {t: [totals.get((week, t), 0) for week in weeks] for t in types}


class EventChart:
    """Stacked bars of events per week by type, in ``layout`` (nothing without matplotlib)."""

    def __init__(self, layout):
        self.figure = None
        self.canvas = None
        try:
            from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
            from matplotlib.figure import Figure
        except ImportError:  # the share chart's label already says how to install it
            return
        self.figure = Figure(figsize=(5, 5), tight_layout=True)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("eventChart")
        self.canvas.setToolTip(tr("Events per ISO week (Monday to Sunday) by type."))
        self.canvas.setVisible(False)
        layout.addWidget(self.canvas)

    def draw(self, rows: List[Dict]) -> None:
        """One bar per week (at its Monday), stacked by type."""
        if self.figure is None:
            return
        self.figure.clear()
        axes = self.figure.add_subplot(111)
        weeks, by_type = weekly_counts_by_type(rows)
        bottom = [0] * len(weeks)
        for index, (event_type, counts) in enumerate(by_type.items()):
            axes.bar(weeks, counts, width=6, bottom=bottom, align="edge", label=event_type,
                     color=f"C{index % 10}")
            bottom = [b + c for b, c in zip(bottom, counts)]
        axes.set_ylabel(tr("events per week"))
        axes.set_xlabel(tr("ISO weeks (each bar starts on its Monday)"), fontsize="small")
        try:
            from matplotlib.ticker import MaxNLocator
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers
        except ImportError:
            pass
        axes.grid(True, axis="y", alpha=0.3)
        if weeks:
            axes.legend(fontsize="x-small")
            ShareChart._format_date_axis(axes)
        else:
            axes.text(0.5, 0.5, tr("No events"), ha="center", va="center", transform=axes.transAxes)
        self.canvas.draw_idle()

    def export(self, path: str) -> None:
        """Save the chart to ``path`` (.png or .svg, by its extension), atomically."""
        if self.figure is None:
            raise RuntimeError(tr("There is no chart: matplotlib is missing."))
        extension = os.path.splitext(path)[1].lower() or ".png"
        with atomic_path(path) as temporary:
            self.figure.savefig(temporary, format=extension.lstrip("."), dpi=150)


class EventChartChoice(QObject):
    """The figure choice in the Analysis panel's chart tab: the occupied share
    (the panel's own chart) or events per week by type, summarised from the
    panel's store by eventsummary in the background when chosen."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.run: Optional[AlgorithmRun] = None
        self.rows: List[Dict] = []
        self.combo = QComboBox(panel)
        self.combo.setObjectName("figureCombo")
        self.combo.addItems([tr("Occupied share"), tr("Events per week by type")])
        self.combo.setToolTip(tr("The figure shown: the occupied share of the results above, or the "
                                 "events of the situation store per ISO week by type (Processing: "
                                 "situationmapper:eventsummary)."))
        panel.chartLayout.insertWidget(0, self.combo)
        self.chart = EventChart(panel.chartLayout)
        self.combo.currentIndexChanged.connect(self._figure_chosen)
        panel.context.storeChanged.connect(self._store_changed)

    def showing_events(self) -> bool:
        return self.combo.currentIndex() == EVENTS_FIGURE

    def shown_chart(self, share_chart):
        """The chart in view: this one when events are chosen, else ``share_chart``."""
        return self.chart if self.showing_events() else share_chart

    def _figure_chosen(self, index):
        share_canvas = self.panel.chart_canvas
        if share_canvas is not None:
            share_canvas.setVisible(index == SHARE_FIGURE)
        if self.chart.canvas is not None:
            self.chart.canvas.setVisible(index == EVENTS_FIGURE)
        if index == EVENTS_FIGURE:
            self.summarise()

    def _store_changed(self, _location=""):
        if self.showing_events():
            self.summarise()

    def store_location(self) -> str:
        return self.panel.store_location() or (self.panel.context.store_location or "")

    def summarise(self) -> bool:
        """Count the store's events per week in the background; False when there
        is no store (the status line says so) or a count is running."""
        if self.run is not None and self.run.is_running():
            return False
        location = self.store_location()
        if not location:
            self.panel.statusLabel.setText(tr("Choose a situation store with events for the events chart."))
            return False
        iface = self.panel.iface
        parameters = {"EVENTS": location, "PERIOD": 1, "TABLE": "TEMPORARY_OUTPUT"}
        self.run = AlgorithmRun(SUMMARY_ALGORITHM, parameters, tr("Events per week"),
                                iface.messageBar() if iface is not None else None, self)
        self.run.finished.connect(self._finished)
        if not self.run.start():
            return False
        self.panel.statusLabel.setText(tr("Counting events…"))
        return True

    def _finished(self, ok, results):
        run = self.run
        if not ok or run is None:
            if run is not None:
                self.panel.statusLabel.setText("\n".join(run.feedback.errors) or tr("Cancelled."))
            return
        layer = run.take_layer(results.get("TABLE"))
        if layer is None:
            return
        names = layer.fields().names()
        self.rows = [dict(zip(names, feature.attributes())) for feature in layer.getFeatures()]
        self.chart.draw(self.rows)
        weeks, _by_type = weekly_counts_by_type(self.rows)
        self.panel.statusLabel.setText(tr("{} event(s) in {} week(s).").format(
            results.get("COUNTED", 0), len(weeks)))

    def unload(self):
        """Stop a running count and let go of the context (the panel unloads)."""
        if self.run is not None and self.run.is_running():
            self.run.cancel()
        try:
            self.panel.context.storeChanged.disconnect(self._store_changed)
        except (TypeError, RuntimeError):
            pass
