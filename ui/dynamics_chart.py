"""A chart of front dynamics for the Analysis tab and map products: ground gained
and lost per period as bars (gained above zero, lost below), from the rows of a
``situationmapper:territorychange`` table, with a title, the source and the
shown date marked; drawn with matplotlib when it is installed."""

import datetime
import os
from typing import Dict, List, Optional

from ..infra.atomic_files import atomic_path
from ..infra.i18n import tr
from ..core.day_values import as_date

GAINED_COLOUR = "#c0392b"
LOST_COLOUR = "#2471a3"




def rows_of_layer(layer) -> List[Dict]:
    """The features of a territorychange TABLE (a layer) as dicts, NULLs as None."""
    rows = []
    names = layer.fields().names()
    for feature in layer.getFeatures():
        row = {}
        for name, value in zip(names, feature.attributes()):
            row[name] = None if value is None or (hasattr(value, "isNull") and value.isNull()) else value
        rows.append(row)
    return rows


def bar_series(rows: List[Dict], area: Optional[str] = None, source: Optional[str] = None):
    """``(periods, gained, lost)`` of one area (None: the rows' first; all ground
    has area None) and one source (None: the rows' first): period starts and
    end (dates), km² gained and lost (0 for a period without figures)."""
    chosen = [r for r in rows if as_date(r.get("period_start")) is not None]
    if not chosen:
        return [], [], []
    area = area if area is not None else chosen[0].get("area")
    source = source if source is not None else chosen[0].get("source")
    chosen = sorted((r for r in chosen if r.get("area") == area and r.get("source") == source),
                    key=lambda r: as_date(r["period_start"]))
    periods = [(as_date(r["period_start"]), as_date(r["period_end"])) for r in chosen]
    return periods, [r.get("gained_km2") or 0.0 for r in chosen], [r.get("lost_km2") or 0.0 for r in chosen]


class DynamicsChart:
    """Gained and lost bars in a matplotlib figure, embedded in ``layout`` when
    given (``message_label`` says when matplotlib is missing)."""

    def __init__(self, layout=None, message_label=None):
        self.figure = None
        self.canvas = None
        try:
            from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
            from matplotlib.figure import Figure
        except ImportError:  # Debian: python3-matplotlib
            if message_label is not None:
                message_label.setText(tr(
                    "The chart needs matplotlib (Debian: apt install python3-matplotlib; "
                    "elsewhere: pip install matplotlib). The table works without it."))
            return
        self.figure = Figure(figsize=(6, 4), tight_layout=True)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("dynamicsChart")
        self.canvas.setToolTip(tr("Ground gained and lost (km²) per period."))
        if layout is not None:
            layout.addWidget(self.canvas)
        if message_label is not None:
            message_label.setVisible(False)

    def draw(self, rows: List[Dict], area: Optional[str] = None, source: Optional[str] = None,
             shown_date: Optional[datetime.date] = None) -> None:
        """Bars of one area and source (see :func:`bar_series`): gained above
        zero, lost below, each as wide as its period; a title naming the area
        and the source; ``shown_date`` (the day the map shows) as a dashed line."""
        if self.figure is None:
            return
        self.figure.clear()
        axes = self.figure.add_subplot(111)
        periods, gained, lost = bar_series(rows, area, source)
        if not periods:
            axes.text(0.5, 0.5, tr("No result yet"), ha="center", va="center", transform=axes.transAxes)
            self.canvas.draw_idle()
            return
        chosen = [r for r in rows if as_date(r.get("period_start")) == periods[0][0]]
        area = area if area is not None else chosen[0].get("area")
        source = source if source is not None else chosen[0].get("source")
        starts = [start for start, _end in periods]
        widths = [max(1, (end - start).days) * 0.85 for start, end in periods]
        axes.bar(starts, gained, width=widths, align="edge", color=GAINED_COLOUR, label=tr("gained"))
        axes.bar(starts, [-value for value in lost], width=widths, align="edge", color=LOST_COLOUR,
                 label=tr("lost"))
        axes.axhline(0.0, color="black", linewidth=0.6)
        if shown_date is not None:
            axes.axvline(shown_date, color="black", linestyle="--", linewidth=0.9,
                         label=tr("shown: {}").format(shown_date.isoformat()))
        axes.set_ylabel(tr("km² (lost below zero)"))
        axes.set_title(tr("Ground gained and lost, {}").format(area or tr("all ground")), fontsize="medium")
        axes.grid(True, axis="y", alpha=0.3)
        axes.legend(fontsize="x-small")
        self.figure.text(0.01, 0.005, tr("Source: {}; held ground compared snapshot to snapshot").format(source),
                         fontsize="x-small", ha="left", va="bottom")
        try:
            from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
            locator = AutoDateLocator(minticks=3, maxticks=8)
            axes.xaxis.set_major_locator(locator)
            axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        except ImportError:  # matplotlib older than 3.1
            self.figure.autofmt_xdate()
        self.canvas.draw_idle()

    def export(self, path: str) -> None:
        """Save the chart to ``path`` (.png or .svg, by its extension), atomically."""
        if self.figure is None:
            raise RuntimeError(tr("There is no chart: matplotlib is missing."))
        extension = os.path.splitext(path)[1].lower() or ".png"
        with atomic_path(path) as temporary:
            self.figure.savefig(temporary, format=extension.lstrip("."), dpi=150)
