"""The "Add event" map tool: one click places an event; the tool emits the point
in longitude/latitude (EPSG:4326) and the Events panel asks for the rest."""

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject
from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt, pyqtSignal

from ...core.geodesy import WGS84_CRS


class EventMapTool(QgsMapToolEmitPoint):
    """Emits :attr:`placed` (lon/lat) on a left click; right click or Escape does nothing."""

    placed = pyqtSignal(QgsPointXY)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.setCursor(Qt.CrossCursor)
        self.wgs84 = QgsCoordinateReferenceSystem(WGS84_CRS)

    def to_wgs84(self, map_point) -> QgsPointXY:
        transform = QgsCoordinateTransform(self.canvas().mapSettings().destinationCrs(), self.wgs84,
                                           QgsProject.instance())
        return transform.transform(QgsPointXY(map_point))

    def canvasReleaseEvent(self, event):  # noqa: N802
        if event.button() != Qt.LeftButton:
            return
        self.placed.emit(self.to_wgs84(event.mapPoint()))
