"""The Analysis tab's chart of ground gained and lost per period (bars, gained
above zero, lost below), from the rows of a ``situationmapper:territorychange``
table. The drawing is export/charts.py's :func:`~..export.charts.draw_ground`,
the one map products use too."""

import datetime
from typing import Dict, List, Optional

from ..export.charts import GAINED_COLOUR, LOST_COLOUR, bar_series, draw_ground  # noqa: F401 (re-exported)
from ..infra.i18n import tr
from .chart_canvas import ChartCanvas


def rows_of_layer(layer) -> List[Dict]:
    """The features of a table (a layer) as dicts, NULLs as None."""
    rows = []
    names = layer.fields().names()
    for feature in layer.getFeatures():
        row = {}
        for name, value in zip(names, feature.attributes()):
            row[name] = None if value is None or (hasattr(value, "isNull") and value.isNull()) else value
        rows.append(row)
    return rows


class DynamicsChart(ChartCanvas):
    """Gained and lost bars in a matplotlib figure, embedded in ``layout`` when
    given (``message_label`` says when matplotlib is missing)."""

    def __init__(self, layout=None, message_label=None):
        super().__init__("dynamicsChart", tr("Ground gained and lost (km²) per period."), layout, message_label)

    def draw(self, rows: List[Dict], area: Optional[str] = None, source: Optional[str] = None,
             shown_date: Optional[datetime.date] = None):
        """Bars of one area and source (see :func:`bar_series`), the day shown dashed."""
        if self.figure is None:
            return None
        key = (rows, len(rows), area, source)
        if self.day_moved(key, shown_date):
            return self.drawing
        return self.draw_with(lambda figure, day: draw_ground(figure, rows, area, source, day), shown_date, key)
