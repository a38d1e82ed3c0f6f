"""An Analysis tab figure: events per ISO week by type, from
``situationmapper:eventsummary`` run on the situation store (the panel computes
nothing), drawn with matplotlib when it is installed. The choice of figure is
``ui/figure_choice.py``."""

import datetime
from typing import Dict, List, Tuple

from ..core.periods import WEEK, period_start, periods_between
from ..infra.i18n import tr
from ..core.day_values import as_date
from ..export.charts import ChartDrawing, finish, format_date_axis, nothing_to_draw
from ..layers.events import type_label
from .chart_canvas import ChartCanvas


def weekly_counts_by_type(rows: List[Dict]) -> Tuple[List[datetime.date], Dict[str, List[int]]]:
    """From eventsummary rows (period_start, type, count; any areas and
    verifications, summed): the Mondays of every week from the first to the
    last, weeks without events included, and per type its count in each."""
    totals: Dict[Tuple[datetime.date, str], int] = {}
    for row in rows:
        day = as_date(row.get("period_start"))
        if day is None or not row.get("count"):
            continue
        key = (period_start(day, WEEK), str(row.get("type") or ""))
        totals[key] = totals.get(key, 0) + int(row["count"])
    if not totals:
        return [], {}
    weeks = [start for start, _end in periods_between(min(k[0] for k in totals), max(k[0] for k in totals), WEEK)]
    types = sorted({event_type for _week, event_type in totals})
    return weeks, {t: [totals.get((week, t), 0) for week in weeks] for t in types}


def draw_events(figure, rows: List[Dict], shown_date=None) -> ChartDrawing:
    """One bar per week (at its Monday), stacked by type, on ``figure`` (the
    chart has no day mark: ``shown_date`` is not used)."""
    weeks, by_type = weekly_counts_by_type(rows)
    if not weeks:
        return nothing_to_draw(figure, tr("No events"))
    figure.clear()
    axes = figure.add_subplot(111)
    bottom = [0] * len(weeks)
    for index, (event_type, counts) in enumerate(by_type.items()):
        axes.bar(weeks, counts, width=6, bottom=bottom, align="edge", label=type_label(event_type),
                 color=f"C{index % 10}")
        bottom = [b + c for b, c in zip(bottom, counts)]
    # ISO weeks (Monday to Sunday) in the title: an axis label ran into the date axis's "2025-Dec"
    axes.set_ylabel(tr("events per week"))
    try:
        from matplotlib.ticker import MaxNLocator
        axes.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))  # counts: whole numbers
    except ImportError:
        pass
    axes.grid(True, axis="y", alpha=0.3)
    axes.legend(fontsize="x-small")
    format_date_axis(axes)
    drawing = ChartDrawing(title=tr("Events per ISO week by type"),
                           series={type_label(t): list(zip(weeks, counts)) for t, counts in by_type.items()})
    return finish(figure, axes, drawing)


class EventChart(ChartCanvas):
    """Stacked bars of events per week by type, in ``layout`` (nothing without matplotlib)."""

    def __init__(self, layout):
        # without matplotlib the share chart's label already says how to install it
        super().__init__("eventChart", tr("Events per ISO week (Monday to Sunday) by type."), layout,
                         size=(5, 5), hidden=True)

    def draw(self, rows: List[Dict]) -> None:
        """One bar per week (at its Monday), stacked by type."""
        if self.figure is None:
            return
        self.draw_with(lambda figure, _day: draw_events(figure, rows))
