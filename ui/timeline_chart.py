"""An Analysis tab figure: battle timelines, the occupied share of several areas
against the days since their first entry (``situationmapper:battletimeline``),
so towns are compared from their own start ("Pokrovsk went from first entry to
60 % in N days, faster than Toretsk"). Drawn with matplotlib when installed."""

from typing import Dict, List, Optional, Tuple

from ..core.day_values import as_date
from ..export.charts import ChartDrawing, finish, nothing_to_draw
from ..infra.i18n import tr
from .chart_canvas import ChartCanvas


def timeline_series(rows: List[Dict], source: Optional[str] = None) -> Dict[str, List[Tuple[int, float]]]:
    """``{area: [(days since entry, share %), ...]}`` of one source (None: the
    rows' first), from the entry on (negative days and areas never entered are
    left out), sorted by day."""
    usable = [r for r in rows if r.get("days_since_entry") not in (None, "") and r.get("share_pct") is not None
              and not _null(r.get("days_since_entry")) and not _null(r.get("share_pct"))]
    if not usable:
        return {}
    source = source if source is not None else usable[0].get("source")
    series: Dict[str, List[Tuple[int, float]]] = {}
    for row in usable:
        days = int(row["days_since_entry"])
        if row.get("source") != source or days < 0:
            continue
        series.setdefault(row.get("area") or "", []).append((days, float(row["share_pct"])))
    return {area: sorted(points) for area, points in sorted(series.items())}


def _null(value) -> bool:
    return hasattr(value, "isNull") and value.isNull()


def draw_timelines(figure, rows: List[Dict], threshold_pct: float = 1.0) -> ChartDrawing:
    """Lines of share against days since entry, one per area, on ``figure``."""
    series = timeline_series(rows)
    if not series:
        return nothing_to_draw(figure, tr("No area entered yet"))
    figure.clear()
    axes = figure.add_subplot(111)
    dates = [as_date(r.get("date")) for r in rows if as_date(r.get("date")) is not None]
    first_day = min(dates) if dates else None
    entered_at_start = {r.get("area") for r in rows
                        if first_day is not None and as_date(r.get("entry_date")) == first_day}
    for area, points in series.items():
        if area in entered_at_start:  # its entry lies before the data: day 0 is the data's first day
            area = tr("{} (entered before {})").format(area, first_day.isoformat())
        # a share holds until the next snapshot: steps, with a mark on each snapshot
        axes.plot([d for d, _s in points], [s for _d, s in points], linewidth=1.4, label=area,
                  drawstyle="steps-post", marker="o", markersize=2.5)
    axes.set_xlabel(tr("days since first entry (share ≥ {:g} %)").format(threshold_pct))
    axes.set_ylabel(tr("occupied share (%)"))
    axes.set_ylim(0, 100)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="x-small")
    source = next((r.get("source") for r in rows if r.get("source")), "")
    drawing = ChartDrawing(title=tr("Battle timelines"), source=tr("Source: {}").format(source),
                           series=dict(series))
    return finish(figure, axes, drawing)


class TimelineChart(ChartCanvas):
    """Lines of share against days since entry, one per area."""

    def __init__(self, layout=None):
        super().__init__("timelineChart", tr("Occupied share of each area against the days since its first entry."),
                         layout)

    def draw(self, rows: List[Dict], threshold_pct: float = 1.0) -> None:
        if self.figure is None:
            return
        self.draw_with(lambda figure, _day: draw_timelines(figure, rows, threshold_pct))
