"""Showing one day on the map canvas: the one place panels set the map's date."""

import datetime

from qgis.core import QgsTemporalNavigationObject

from ..layers.situation_layers import day_range


def show_day_on_canvas(canvas, day: datetime.date) -> None:
    """Make ``canvas`` show the one-day range of ``day``: through QGIS's Temporal
    Controller when the canvas has one (QGIS Desktop), and on the canvas itself."""
    time_range = day_range(day)
    controller = canvas.temporalController()
    if isinstance(controller, QgsTemporalNavigationObject):
        controller.setNavigationMode(QgsTemporalNavigationObject.FixedRange)
        controller.setTemporalExtents(time_range)
    canvas.setTemporalRange(time_range)
