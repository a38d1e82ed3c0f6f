"""An Analysis tab figure: events per ISO week by type, from
``situationmapper:eventsummary`` run on the situation store (the panel computes
nothing), drawn with matplotlib when it is installed. The choice of figure is
``ui/figure_choice.py``."""

import datetime
from typing import Dict, List, Tuple

from ..core.periods import WEEK, period_start, periods_between
from ..infra.i18n import tr
from ..core.day_values import as_date
from ..layers.events import type_label
from .chart_canvas import ChartCanvas
from .share_chart import ShareChart




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
        self.figure.clear()
        axes = self.figure.add_subplot(111)
        weeks, by_type = weekly_counts_by_type(rows)
        bottom = [0] * len(weeks)
        for index, (event_type, counts) in enumerate(by_type.items()):
            axes.bar(weeks, counts, width=6, bottom=bottom, align="edge", label=type_label(event_type),
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
            # beside the bars, not over them (a narrow dock leaves little room)
            axes.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
            ShareChart._format_date_axis(axes)
        else:
            axes.text(0.5, 0.5, tr("No events"), ha="center", va="center", transform=axes.transAxes)
        self.canvas.draw_idle()
