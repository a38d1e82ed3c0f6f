"""The corridor map tool: click the route's vertices (snapping to existing
features through the canvas snapping settings), right click to finish;
Backspace removes the last vertex, Escape starts again. A live rubber band shows
the route and its geodesic buffer at the Draw panel's width.

The tool emits :attr:`CorridorMapTool.routeFinished` with the route's vertices in
EPSG:4326; the Draw panel stores the corridor polygon.
"""

from typing import Callable, List

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointLocator,
    QgsPointXY,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsMapTool, QgsRubberBand, QgsSnapIndicator
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

from ...core.geodesy import WGS84_CRS
from ...core.local_projection import geodesic_buffer

PREVIEW_BUFFER_SEGMENTS = 8


class CorridorMapTool(QgsMapTool):
    """Collects a route from canvas clicks with snapping (see the module docstring)."""

    routeFinished = pyqtSignal(list)  # [QgsPointXY] in EPSG:4326

    def __init__(self, canvas, width_m: Callable[[], float] = lambda: 2000.0):
        super().__init__(canvas)
        self.setCursor(Qt.CrossCursor)
        self.width_m = width_m
        self.wgs84 = QgsCoordinateReferenceSystem(WGS84_CRS)
        self.route_band = QgsRubberBand(canvas, QgsWkbTypes.LineGeometry)
        self.route_band.setColor(QColor(31, 95, 191, 230))
        self.route_band.setWidth(2)
        self.buffer_band = QgsRubberBand(canvas, QgsWkbTypes.PolygonGeometry)
        self.buffer_band.setColor(QColor(31, 95, 191, 150))
        self.buffer_band.setFillColor(QColor(31, 95, 191, 50))
        self.snap_indicator = QgsSnapIndicator(canvas)
        self.points: List[QgsPointXY] = []

    def reset(self):
        self.points = []
        self.route_band.reset(QgsWkbTypes.LineGeometry)
        self.buffer_band.reset(QgsWkbTypes.PolygonGeometry)
        if self.snap_indicator is not None:
            self.snap_indicator.setMatch(QgsPointLocator.Match())

    def to_wgs84(self, map_point) -> QgsPointXY:
        transform = QgsCoordinateTransform(self.canvas().mapSettings().destinationCrs(), self.wgs84,
                                           QgsProject.instance())
        return transform.transform(QgsPointXY(map_point))

    def _snapped(self, event) -> QgsPointXY:
        """The event's map point, snapped to features by the canvas snapping settings."""
        match = self.canvas().snappingUtils().snapToMap(event.pos())
        if self.snap_indicator is not None:
            self.snap_indicator.setMatch(match)
        return QgsPointXY(match.point()) if match.isValid() else QgsPointXY(event.mapPoint())

    def _preview(self, points):
        if not points:
            return
        line = QgsGeometry.fromPolylineXY(points)
        self.route_band.setToGeometry(line, self.wgs84)
        width = self.width_m()
        if len(points) >= 2 and width > 0:
            buffer = geodesic_buffer(line, width / 2.0, PREVIEW_BUFFER_SEGMENTS)
            self.buffer_band.setToGeometry(buffer, self.wgs84)

    def canvasMoveEvent(self, event):  # noqa: N802
        point = self.to_wgs84(self._snapped(event))
        if self.points:
            self._preview(self.points + [point])

    def canvasReleaseEvent(self, event):  # noqa: N802
        if event.button() == Qt.RightButton:
            self.finish()
            return
        if event.button() == Qt.LeftButton:
            point = self.to_wgs84(self._snapped(event))
            if not self.points or point != self.points[-1]:
                self.points.append(point)
            self._preview(self.points)

    def finish(self):
        """Emit the route when it has two vertices or more, then start again."""
        points = list(self.points)
        self.reset()
        if len(points) >= 2:
            self.routeFinished.emit(points)

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() == Qt.Key_Escape:
            self.reset()
            event.accept()
        elif event.key() == Qt.Key_Backspace and self.points:
            self.points.pop()
            self.route_band.reset(QgsWkbTypes.LineGeometry)
            self.buffer_band.reset(QgsWkbTypes.PolygonGeometry)
            self._preview(self.points)
            event.accept()
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.finish()
            event.accept()
        else:
            event.ignore()

    def deactivate(self):
        self.reset()
        super().deactivate()

    def remove_from_canvas(self):
        """Take the rubber bands and the snap indicator off the canvas."""
        scene = self.canvas().scene()
        self.route_band.reset(QgsWkbTypes.LineGeometry)
        self.buffer_band.reset(QgsWkbTypes.PolygonGeometry)
        for band in (self.route_band, self.buffer_band):
            if band.scene() is scene:
                scene.removeItem(band)
        self.snap_indicator = None
