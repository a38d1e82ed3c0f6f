"""The encirclement arc map tool: click a centre, move or drag to set the radius,
click the start bearing, click the end bearing (clockwise). A live rubber band
shows the geodesic circle, then the arc; right click or Escape starts again.

The tool only collects the arc (centre in EPSG:4326, radius in metres, azimuths
in degrees clockwise from north) and emits :attr:`ArcMapTool.arcFinished`; the
Draw panel stores it.
"""

import math
from typing import Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

from ...core.geodesy import WGS84_CRS, geodesic_arc_points, sweep_degrees, wgs84_distance_area

PREVIEW_SEGMENTS = 180
DRAG_THRESHOLD_PX = 4


class ArcMapTool(QgsMapTool):
    """Collects a geodesic arc from canvas clicks (see the module docstring)."""

    WAIT_CENTRE, WAIT_RADIUS, WAIT_START, WAIT_END = range(4)

    arcFinished = pyqtSignal(QgsPointXY, float, float, float)  # centre, radius_m, start, end
    arcChanged = pyqtSignal(QgsPointXY, float, float, float)   # live values while drawing

    def __init__(self, canvas):
        super().__init__(canvas)
        self.setCursor(Qt.CrossCursor)
        self.wgs84 = QgsCoordinateReferenceSystem(WGS84_CRS)
        self.da = wgs84_distance_area()
        self.rubber_band = QgsRubberBand(canvas, QgsWkbTypes.LineGeometry)
        self.rubber_band.setColor(QColor(200, 16, 46, 220))
        self.rubber_band.setWidth(2)
        self.guide_band = QgsRubberBand(canvas, QgsWkbTypes.LineGeometry)
        self.guide_band.setColor(QColor(80, 80, 80, 160))
        self.guide_band.setLineStyle(Qt.DashLine)
        self.guide_band.setWidth(1)
        self._press_position = None
        self.reset()

    # -- state -----------------------------------------------------------------
    def reset(self):
        """Forget the arc being drawn and clear the preview."""
        self.state = self.WAIT_CENTRE
        self.centre: Optional[QgsPointXY] = None
        self.radius_m = 0.0
        self.start_az = 0.0
        self.end_az = 0.0
        self.rubber_band.reset(QgsWkbTypes.LineGeometry)
        self.guide_band.reset(QgsWkbTypes.LineGeometry)

    def to_wgs84(self, map_point) -> QgsPointXY:
        transform = QgsCoordinateTransform(self.canvas().mapSettings().destinationCrs(), self.wgs84,
                                           QgsProject.instance())
        return transform.transform(QgsPointXY(map_point))

    def distance_to(self, point: QgsPointXY) -> float:
        """Geodesic distance from the centre, metres."""
        return self.da.measureLine(self.centre, point)

    def bearing_to(self, point: QgsPointXY) -> float:
        """Ellipsoidal azimuth from the centre, degrees in [0, 360)."""
        return math.degrees(self.da.bearing(self.centre, point)) % 360.0

    def set_values(self, radius_m: float, start_az: float, end_az: float):
        """Numeric entry: replace radius and azimuths and redraw the preview."""
        self.radius_m, self.start_az, self.end_az = radius_m, start_az % 360.0, end_az % 360.0
        if self.centre is not None and radius_m > 0:
            self._show_arc(self.start_az, self.end_az)

    # -- preview ---------------------------------------------------------------
    def _show_circle(self, radius_m):
        if radius_m <= 0:
            return
        points = geodesic_arc_points(self.centre, radius_m, 0.0, 360.0, PREVIEW_SEGMENTS)
        self.guide_band.setToGeometry(QgsGeometry.fromPolylineXY(points), self.wgs84)

    def _show_radial(self, azimuth):
        end = self.da.computeSpheroidProject(self.centre, self.radius_m, math.radians(azimuth))
        self.rubber_band.setToGeometry(QgsGeometry.fromPolylineXY([self.centre, end]), self.wgs84)

    def _show_arc(self, start, end):
        if start % 360.0 == end % 360.0:
            return
        sweep = sweep_degrees(start, end)
        segments = max(2, int(math.ceil(sweep)))
        points = geodesic_arc_points(self.centre, self.radius_m, start, end, segments)
        self.rubber_band.setToGeometry(QgsGeometry.fromPolylineXY(points), self.wgs84)

    # -- events ----------------------------------------------------------------
    def canvasPressEvent(self, event):  # noqa: N802
        self._press_position = event.pos()

    def canvasMoveEvent(self, event):  # noqa: N802
        if self.centre is None:
            return
        point = self.to_wgs84(event.mapPoint())
        if self.state == self.WAIT_RADIUS:
            radius = self.distance_to(point)
            self._show_circle(radius)
            self.arcChanged.emit(self.centre, radius, self.start_az, self.end_az)
        elif self.state == self.WAIT_START:
            self._show_radial(self.bearing_to(point))
            self.arcChanged.emit(self.centre, self.radius_m, self.bearing_to(point), self.end_az)
        elif self.state == self.WAIT_END:
            end = self.bearing_to(point)
            self._show_arc(self.start_az, end)
            self.arcChanged.emit(self.centre, self.radius_m, self.start_az, end)

    def canvasReleaseEvent(self, event):  # noqa: N802
        if event.button() == Qt.RightButton:
            self.reset()
            return
        if event.button() != Qt.LeftButton:
            return
        point = self.to_wgs84(event.mapPoint())
        if self.state == self.WAIT_CENTRE:
            self.centre = point
            self.state = self.WAIT_RADIUS
            pressed = self._press_position
            if pressed is not None and (pressed - event.pos()).manhattanLength() > DRAG_THRESHOLD_PX:
                # press at the centre, drag, release at the radius
                self.centre = self.to_wgs84(self.toMapCoordinates(pressed))
                self._fix_radius(point)
            self.arcChanged.emit(self.centre, self.radius_m, self.start_az, self.end_az)
        elif self.state == self.WAIT_RADIUS:
            self._fix_radius(point)
        elif self.state == self.WAIT_START:
            self.start_az = self.bearing_to(point)
            self.state = self.WAIT_END
            self._show_radial(self.start_az)
        elif self.state == self.WAIT_END:
            end = self.bearing_to(point)
            if abs(end - self.start_az) < 1e-9:
                return  # no arc: wait for another click
            self.end_az = end
            self.arcFinished.emit(QgsPointXY(self.centre), self.radius_m, self.start_az, self.end_az)
            self.reset()
        self._press_position = None

    def _fix_radius(self, point):
        radius = self.distance_to(point)
        if radius <= 0:
            return
        self.radius_m = radius
        self.state = self.WAIT_START
        self._show_circle(radius)

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() == Qt.Key_Escape:
            self.reset()
            event.accept()
        else:
            event.ignore()

    def deactivate(self):
        self.reset()
        super().deactivate()

    def remove_from_canvas(self):
        """Take the rubber bands off the canvas (before the tool is deleted)."""
        scene = self.canvas().scene()
        for band in (self.rubber_band, self.guide_band):
            band.reset(QgsWkbTypes.LineGeometry)
            if band.scene() is scene:
                scene.removeItem(band)
