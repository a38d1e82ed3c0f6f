"""The Analysis tab's charts of how close the front is: the distance from each
target to hostile ground over dates (``situationmapper:frontdistance``) and the
corridor width with its trend and closure estimate (``situationmapper:corridor``).
The drawing is export/charts_front.py's, the one map products use too."""

import datetime
from typing import Dict, List, Optional

from ..export.charts_front import draw_corridor, draw_distance
from ..infra.i18n import tr
from .chart_canvas import ChartCanvas


class DistanceChart(ChartCanvas):
    """Lines of distance to hostile ground (km), one per target."""

    def __init__(self, layout=None):
        super().__init__("distanceChart", tr("Geodesic distance from each target to the nearest hostile "
                                             "ground (km) over the dates measured."), layout, hidden=True)

    def draw(self, rows: List[Dict], shown_date: Optional[datetime.date] = None, source: Optional[str] = None):
        if self.figure is None:
            return None
        return self.draw_with(lambda figure, day: draw_distance(figure, rows, day, source), shown_date)


class CorridorChart(ChartCanvas):
    """The corridor width (km), its trend and, while narrowing, the closure
    extrapolated at that trend (dashed)."""

    def __init__(self, layout=None):
        super().__init__("corridorChart", tr("Corridor width to the rear point (km) over the dates measured, "
                                             "the trend of the last days and, while it narrows, where that "
                                             "trend reaches zero width (an extrapolation, dashed)."),
                         layout, hidden=True)

    def draw(self, rows: List[Dict], shown_date: Optional[datetime.date] = None, source: Optional[str] = None,
             area: str = ""):
        if self.figure is None:
            return None
        return self.draw_with(lambda figure, day: draw_corridor(figure, rows, day, source, area=area), shown_date)
