"""The Analysis tab's chart: the occupied share of each area and source over
time, drawn with matplotlib when it is installed (the table works without it)."""

import datetime
import os
from typing import Dict, List

from ..infra.atomic_files import atomic_path
from ..infra.i18n import tr


class ShareChart:
    """A matplotlib figure in ``layout``; ``message_label`` says when matplotlib is missing."""

    def __init__(self, layout, message_label):
        self.figure = None
        self.canvas = None
        try:
            from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
            from matplotlib.figure import Figure
        except ImportError:  # Debian: python3-matplotlib
            message_label.setText(tr(
                "The chart needs matplotlib (Debian: apt install python3-matplotlib; "
                "elsewhere: pip install matplotlib). The table works without it."))
            return
        self.figure = Figure(figsize=(5, 5), tight_layout=True)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("analysisChart")
        self.canvas.setToolTip(tr("Occupied share (percent) per area and source over time."))
        layout.addWidget(self.canvas)
        message_label.setVisible(False)

    def draw(self, rows: List[Dict]):
        """One line per area and source: share (percent) against date."""
        if self.figure is None:
            return
        self.figure.clear()
        axes = self.figure.add_subplot(111)
        series: Dict[tuple, List[tuple]] = {}
        for row in rows:
            if row.get("date") and row.get("occupied_pct") is not None:
                series.setdefault((row["area"], row["source"]), []).append(
                    (datetime.date.fromisoformat(row["date"]), row["occupied_pct"]))
        sources = sorted({source for _area, source in series})
        areas = sorted({area for area, _source in series})
        # one colour per area, one line style per source
        palette = [f"C{i}" for i in range(10)] if len(areas) <= 10 else \
            [f"tab:{c}" for c in ("blue", "orange", "green", "red", "purple", "brown", "pink",
                                  "gray", "olive", "cyan")] + \
            ["navy", "gold", "lime", "maroon", "teal", "magenta", "black", "salmon", "khaki", "indigo"]
        colours = [palette[i % len(palette)] for i in range(len(areas))]
        dashes = ["-", "--", ":", "-."]
        for (area, source), points in sorted(series.items()):
            points.sort()
            label = f"{area} ({source})" if len(sources) > 1 else area
            style = dashes[sources.index(source) % len(dashes)] if len(points) > 1 else "o"
            axes.plot([p[0] for p in points], [p[1] for p in points], style, label=label,
                      color=colours[areas.index(area)], linewidth=1.2)
        axes.set_ylabel(tr("occupied share (%)"))
        axes.set_ylim(-2, 102)
        axes.grid(True, alpha=0.3)
        if series:
            if len(series) <= 6:
                axes.legend(fontsize="x-small")
            else:  # below the plot, so that no line is hidden
                axes.legend(fontsize="x-small", ncol=2, loc="upper center",
                            bbox_to_anchor=(0.5, -0.22), frameon=False)
            self._format_date_axis(axes)
        else:
            axes.text(0.5, 0.5, tr("No result yet"), ha="center", va="center", transform=axes.transAxes)
        self.canvas.draw_idle()

    @staticmethod
    def _format_date_axis(axes):
        """Few, short date ticks ("Nov", "05", "10"... with the year once), so that
        labels never overlap, however narrow the dock or long the series."""
        try:
            from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
        except ImportError:  # matplotlib older than 3.1
            axes.figure.autofmt_xdate()
            return
        locator = AutoDateLocator(minticks=3, maxticks=6)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))

    def export(self, path: str) -> None:
        """Save the chart to ``path`` (.png or .svg, by its extension), atomically."""
        if self.figure is None:
            raise RuntimeError(tr("There is no chart: matplotlib is missing."))
        extension = os.path.splitext(path)[1].lower() or ".png"
        with atomic_path(path) as temporary:
            self.figure.savefig(temporary, format=extension.lstrip("."), dpi=150)
