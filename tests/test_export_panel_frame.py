"""The Export tab, driven like a user: what the map is framed on (selected
features, the current map extent) and the rear point from the situation context."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from test_export_panel import panel  # noqa: F401 (a fixture)


def two_squares():
    """Two 10 km squares 1 degree apart: 'west' at 37.0 E, 'east' at 38.0 E."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "Two squares", "memory")
    features = []
    for name, x in (("west", 37.0), ("east", 38.0)):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, 48.0, x + 0.135, 48.09)))
        feature["name"] = name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer, False)
    return layer


def choose(panel, data):  # noqa: F811
    panel.frameCombo.setCurrentIndex(panel.frameCombo.findData(data))


def run_export(panel, tmp_path):  # noqa: F811
    import processing

    panel.dateEdit.setDate(panel.dateEdit.date().fromString("2025-01-01", "yyyy-MM-dd"))
    panel.outputFileWidget.setFilePath(str(tmp_path / "framed.pdf"))
    panel.dpiSpin.setValue(40)
    return processing.run("situationmapper:exportmap", panel.parameters())


def extent(result):
    return QgsRectangle(*[float(v) for v in result["MAP_EXTENT"].split(",")])


def test_selected_features_frame_the_map(panel, tmp_path):  # noqa: F811
    squares = two_squares()
    panel.areaCombo.setLayer(squares)
    squares.selectByExpression("\"name\" = 'west'")
    choose(panel, "selected")
    parameters = panel.parameters()
    assert isinstance(parameters["AREA"], QgsProcessingFeatureSourceDefinition)
    assert parameters["AREA"].selectedFeaturesOnly
    result = run_export(panel, tmp_path)
    box = extent(result)
    assert box.contains(QgsRectangle(37.0, 48.0, 37.135, 48.09))
    assert box.xMaximum() < 38.0  # the unselected square is not what the map is about
    assert 25000 <= result["MAP_SCALE"] <= 100000
    # all the layer's features: both squares
    choose(panel, "area")
    assert extent(run_export(panel, tmp_path)).contains(QgsRectangle(37.0, 48.0, 38.135, 48.09))


def test_current_map_extent_frames_the_map(panel, tmp_path, monkeypatch):  # noqa: F811
    from qgis.gui import QgsMapCanvas

    # a canvas of the test's own, with no layer: the session's canvas is left as it is
    canvas = QgsMapCanvas()
    canvas.freeze(True)
    monkeypatch.setattr(panel.iface, "mapCanvas", lambda: canvas)
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    canvas.resize(600, 400)
    canvas.setExtent(QgsRectangle(4119000, 6115000, 4128000, 6124000))  # metres, around 37.05 E 48.07 N
    from qgis.core import QgsCoordinateTransform

    shown = QgsCoordinateTransform(canvas.mapSettings().destinationCrs(),
                                   QgsCoordinateReferenceSystem("EPSG:4326"),
                                   QgsProject.instance()).transformBoundingBox(canvas.extent())
    choose(panel, "canvas")
    assert "EXTENT" in panel.parameters() and "AREA" not in panel.parameters()
    box = extent(run_export(panel, tmp_path))
    assert box.contains(shown)
    # framed at a round scale: no more than one step of margin around it
    assert box.width() < shown.width() * 1.6
    canvas.deleteLater()


def test_rear_point_follows_the_context_and_goes_to_the_export(panel):  # noqa: F811
    panel.context.set_rear_point((37.25, 48.31))
    assert panel.rearEdit.text() == "37.250000, 48.310000"
    assert panel.parameters()["REAR"] == "37.25,48.31 [EPSG:4326]"
    panel.rearEdit.setText("37.5, 48.5")
    panel.rearEdit.editingFinished.emit()
    assert panel.context.rear_point == (37.5, 48.5)
    panel.rearEdit.setText("not a point")
    panel.rearEdit.editingFinished.emit()
    assert panel.context.rear_point == (37.5, 48.5)  # kept, with a message
    assert "longitude, latitude" in panel.statusLabel.text()
    assert "REAR" not in panel.parameters()
    panel.context.set_rear_point(None)  # nothing of this test stays in the project
    assert panel.rearEdit.text() == ""
