"""The Export tab's framing rows: what the map is framed on (the map area
layer, its selected features, the current map extent, the focus area) and the
rear point of the corridor width, which follows the situation context.

Mixed into :class:`~.export_panel.ExportPanel`, which provides ``formLayout``,
``areaCombo``, ``figureAreasCombo``, ``radiusSpin``, ``context``, ``iface`` and
``_status``.
"""

from typing import Dict, Optional

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsRectangle,
)
from qgis.PyQt.QtWidgets import QComboBox, QLineEdit

from ..export.framing import features_box_wgs84
from ..infra.i18n import tr

# What the map is framed on: (data, label)
FRAME_CHOICES = (("area", "Map area layer"),
                 ("selected", "Selected features"),
                 ("canvas", "Current map extent"),
                 ("focus", "Focus area"))


class ExportFraming:
    """The frame choice and the rear point of the Export tab."""

    def _build_frame_and_rear(self):
        """What the map is framed on (an area, the selected features, the current
        map extent, the focus area) and the rear point of the corridor width,
        which follows the situation context's."""
        self.frameCombo = QComboBox(self)
        self.frameCombo.setObjectName("frameCombo")
        self.frameCombo.setToolTip(tr(
            "What the map is framed on, with a margin at a round scale: the map area layer "
            "(else the figure areas), the selected features of it (else of the figure areas), "
            "the current map extent, or the focus area of the situation context."))
        self.frameCombo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.frameCombo.setMinimumContentsLength(8)
        for data, label in FRAME_CHOICES:
            self.frameCombo.addItem(tr(label), data)
        row = self.formLayout.getWidgetPosition(self.areaCombo)[0]
        self.formLayout.insertRow(row, tr("Frame on"), self.frameCombo)
        self.rearEdit = QLineEdit(self)
        self.rearEdit.setObjectName("rearEdit")
        self.rearEdit.setPlaceholderText(tr("lon, lat"))
        self.rearEdit.setToolTip(tr("A point behind friendly lines, 'longitude, latitude' in degrees "
                                    "(WGS84): the figures then give the corridor width to it, and the "
                                    "map shows its throat and passage."))
        row = self.formLayout.getWidgetPosition(self.radiusSpin)[0] + 1
        self.formLayout.insertRow(row, tr("Rear point"), self.rearEdit)
        self.follow_rear_point(self.context.rear_point)
        # the panel's Qt slot: Qt drops the connection when the panel is deleted
        self.context.rearPointChanged.connect(self.follow_rear_point)
        self.rearEdit.editingFinished.connect(self._rear_point_typed)

    def show_rear_point(self, point):
        """Show ``point`` ((lon, lat) degrees, or None) in the rear point field."""
        self.rearEdit.setText("" if point is None else "{:.6f}, {:.6f}".format(*point))

    def rear_point(self) -> Optional[tuple]:
        """The rear point typed (lon, lat degrees), None when empty or unreadable."""
        parts = [p.strip() for p in self.rearEdit.text().replace(";", ",").split(",") if p.strip()]
        try:
            lon, lat = (float(p) for p in parts)
        except ValueError:
            return None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return None
        return (lon, lat)

    def _rear_point_typed(self):
        point = self.rear_point()
        if point is None and self.rearEdit.text().strip():
            self._status(tr("The rear point must be 'longitude, latitude' in degrees."), Qgis.Warning)
            return
        self.context.set_rear_point(point)

    def _canvas_extent(self) -> Optional[QgsRectangle]:
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None or canvas.extent().isEmpty():
            return None
        outline = QgsGeometry.fromRect(canvas.extent()).densifyByCount(20)
        outline.transform(QgsCoordinateTransform(canvas.mapSettings().destinationCrs(),
                                                 QgsCoordinateReferenceSystem("EPSG:4326"),
                                                 QgsProject.instance()))
        return outline.boundingBox()

    def _frame_layer(self):
        return self.areaCombo.currentLayer() or self.figureAreasCombo.currentLayer()

    def frame_parameters(self) -> Dict:
        """AREA (all or the selected features), EXTENT and REAR as the widgets say."""
        parameters = {}
        frame = self.frameCombo.currentData()
        if frame == "area" and self.areaCombo.currentLayer() is not None:
            parameters["AREA"] = self.areaCombo.currentLayer().id()
        elif frame == "selected" and self._frame_layer() is not None:
            parameters["AREA"] = QgsProcessingFeatureSourceDefinition(self._frame_layer().id(), True)
        elif frame == "canvas" and self._canvas_extent() is not None:
            box = self._canvas_extent()
            parameters["EXTENT"] = "{},{},{},{} [EPSG:4326]".format(
                box.xMinimum(), box.xMaximum(), box.yMinimum(), box.yMaximum())
        rear = self.rear_point()
        if rear is not None:
            parameters["REAR"] = "{},{} [EPSG:4326]".format(*rear)
        return parameters

    def _preview_subject(self) -> Optional[QgsRectangle]:
        """What the preview and the designer frame the map on (degrees), as the export does."""
        frame = self.frameCombo.currentData()
        if frame == "canvas":
            return self._canvas_extent()
        if frame == "focus":
            box = self.focus_feature_box()
            if box is not None:
                return box
        layer = self._frame_layer()
        if layer is None:
            return None
        if frame == "selected" and layer.selectedFeatureCount():
            features = layer.getSelectedFeatures()
        else:
            features = layer.getFeatures()
        return features_box_wgs84(features, layer.crs())
