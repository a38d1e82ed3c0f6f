"""The chart of a map product (exportmap's CHART): which figure, its rows as
the figure algorithm computed them (handed over, never computed here), and its
drawing for one day as an SVG, by the same drawing function the Analysis panel
uses (export/charts.py, export/charts_front.py). export/charts_layout.py places
it in the layout."""

import datetime
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from ..core.day_values import as_date
from ..infra.i18n import tr
from .charts import ChartDrawing, draw_ground, draw_share
from .charts_front import DEFAULT_WINDOW_DAYS, draw_corridor, draw_distance

CHART_NONE, CHART_GROUND, CHART_SHARE, CHART_DISTANCE, CHART_CORRIDOR = range(5)
# exportmap's CHART options, in this order
CHART_OPTIONS = ("none", "ground gained and lost per month", "occupied share", "distance to targets",
                 "corridor width")
CHART_NAMES = {CHART_GROUND: "ground", CHART_SHARE: "share", CHART_DISTANCE: "distance",
               CHART_CORRIDOR: "corridor"}
MM_PER_INCH = 25.4


@dataclass
class ProductChartFigures:
    """A product's chart: ``kind`` (a CHART_* value), the rows of its figure
    algorithm's table (``algorithm``, run over ``dates``), the area it is about
    (the focus area, or "" for all), and whether a second page may hold it
    (a PDF; other formats write the first page only). The layout records where
    it went (``placed``) and what each page's chart showed (``drawings``)."""

    kind: int
    rows: List[Dict] = field(default_factory=list)
    algorithm: str = ""
    dates: Sequence[datetime.date] = ()
    area: str = ""
    window_days: int = DEFAULT_WINDOW_DAYS
    second_page: bool = True
    placed: str = ""
    drawings: Dict[datetime.date, ChartDrawing] = field(default_factory=dict)
    # ground chart: the rows of a page's own month up to the page's day, by day
    month_rows: Dict[datetime.date, List[Dict]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return CHART_OPTIONS[self.kind]

    def rows_for(self, day: Optional[datetime.date]) -> List[Dict]:
        """The rows a page of ``day`` shows: none measured after it (a dated page
        says what was known on its day). Ground gained and lost: the whole months
        ended by then and the page's own month up to its day."""
        if day is None:
            return list(self.rows)
        if self.kind == CHART_GROUND:
            return [r for r in self.rows if (as_date(r.get("period_end")) or datetime.date.max) <= day] + \
                list(self.month_rows.get(day, []))
        return [r for r in self.rows if (as_date(r.get("date")) or datetime.date.max) <= day]

    def draw(self, figure, day: Optional[datetime.date], with_title: bool = True) -> ChartDrawing:
        """Draw the chart on ``figure`` with ``day`` marked: the panel's drawing
        function, on the rows known on ``day``."""
        rows = self.rows_for(day)
        if self.kind == CHART_GROUND:
            return draw_ground(figure, rows, area=self.area or None, shown_date=day, with_title=with_title)
        if self.kind == CHART_SHARE:
            return draw_share(figure, rows, shown_date=day, with_title=with_title)
        if self.kind == CHART_DISTANCE:
            return draw_distance(figure, rows, shown_date=day, with_title=with_title)
        return draw_corridor(figure, rows, shown_date=day, window_days=self.window_days, area=self.area,
                             with_title=with_title)

    def receipt_entry(self) -> Dict:
        """What the receipt lists: the chart, where it is, its figures' algorithm
        and dates, and per day its title, source and notes."""
        return {
            "chart": self.name, "placed": self.placed, "algorithm": self.algorithm,
            "dates": [d.isoformat() for d in self.dates], "area": self.area, "rows": len(self.rows),
            "days": {day.isoformat(): {"title": d.title, "source": d.source, "notes": list(d.notes),
                                       "series": _plain(d.series)}
                     for day, d in sorted(self.drawings.items())},
        }


def _plain(value):
    """The numbers a chart drew as JSON data: dates as ISO text, tuples as lists."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def render_svg(chart: ProductChartFigures, day: datetime.date, folder: str, size_mm: Tuple[float, float],
               with_title: bool = True) -> Tuple[str, ChartDrawing]:
    """The chart of ``day`` as an SVG of ``size_mm`` in ``folder``: ``(path, drawing)``
    (no Qt: matplotlib's own SVG writer). Raises ImportError without matplotlib."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    # text in proportion to the chart: 8 pt in a 90 mm frame, 12 pt across a page
    font_pt = min(12.0, max(7.0, size_mm[0] / 22.0))
    with matplotlib.rc_context({"font.size": font_pt}):
        figure = Figure(figsize=(size_mm[0] / MM_PER_INCH, size_mm[1] / MM_PER_INCH))
        FigureCanvasSVG(figure)
        drawing = chart.draw(figure, day, with_title)
        path = os.path.join(folder, f"chart_{CHART_NAMES.get(chart.kind, 'none')}_{day.isoformat()}.svg")
        figure.savefig(path, format="svg")
    chart.drawings[day] = drawing
    return path, drawing


def caption(chart: ProductChartFigures, drawing: ChartDrawing, day: datetime.date) -> str:
    """The words printed with the chart (searchable text): its title and the day,
    its notes (the closure extrapolation said as one), its source."""
    lines = [tr("{}, as of {}").format(drawing.title or tr(chart.name), day.isoformat())]
    lines += list(drawing.notes)
    if drawing.empty:
        lines.append(tr("No figures for this chart (see the receipt)."))
    return "\n".join(lines)
