"""The Analysis tab's chart: the occupied share of each area and source over
time, drawn with matplotlib when it is installed (the table works without it).
The drawing is export/charts.py's :func:`~..export.charts.draw_share`, the one
map products use too."""

import datetime
from typing import Dict, List, Optional

from ..export.charts import draw_share, format_date_axis
from ..infra.i18n import tr
from .chart_canvas import ChartCanvas


class ShareChart(ChartCanvas):
    """A matplotlib figure in ``layout``; ``message_label`` says when matplotlib is missing."""

    def __init__(self, layout, message_label):
        super().__init__("analysisChart", tr("Occupied share (percent) per area and source over time."),
                         layout, message_label, size=(5, 5))

    def draw(self, rows: List[Dict], shown_date: Optional[datetime.date] = None) -> None:
        """One line per area and source: share (percent) against date; the day
        shown dashed. Drawn and rendered off the main thread (14 areas over 769
        days froze the GUI): :attr:`drawing` and :attr:`figure` wait for it."""
        if self.canvas is None:  # no matplotlib
            return
        key = (rows, len(rows))
        if self.day_moved(key, shown_date):
            return
        self.draw_with(lambda figure, day: draw_share(figure, rows, day), shown_date, key, background=True)

    _format_date_axis = staticmethod(format_date_axis)
