"""The Draw panel and its map tools, driven like a user: canvas mouse events,
buttons, numeric entry; checks the stored drawings, undo, saving and snapping."""

import datetime

import pytest
from pyproj import Geod
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDateTimeRange,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsSnappingConfig,
    QgsTolerance,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QDateTime, QEvent, QPoint, Qt

from support import flush_deletes

GEOD = Geod(ellps="WGS84")
CENTRE = (37.18, 48.28)
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")


@pytest.fixture()
def canvas(qgis_canvas, qgis_new_project):
    qgis_canvas.setDestinationCrs(MERCATOR)
    to_mercator = QgsCoordinateTransform(WGS84, MERCATOR, QgsProject.instance())
    centre = to_mercator.transform(QgsPointXY(*CENTRE))
    # the offscreen canvas is about 100 pixels wide: a 400 m view gives ~10 m
    # ground pixels; clicks far outside the widget still map to map coordinates
    qgis_canvas.setExtent(QgsGeometry.fromPointXY(centre).buffer(200, 4).boundingBox())
    assert qgis_canvas.mapUnitsPerPixel() < 20
    return qgis_canvas


@pytest.fixture()
def panel(fake_iface, canvas):
    from situation_mapper.ui.draw_panel import DrawPanel

    widget = DrawPanel(fake_iface)
    widget.sideCombo.setCurrentText("hostile")
    widget.authorEdit.setText("analyst")
    yield widget
    widget.unload()
    widget.deleteLater()
    flush_deletes()


def pixel(canvas, lon, lat):
    """The canvas pixel of a lon/lat point."""
    point = QgsCoordinateTransform(WGS84, canvas.mapSettings().destinationCrs(),
                                   QgsProject.instance()).transform(QgsPointXY(lon, lat))
    device = canvas.getCoordinateTransform().transform(point)
    return QPoint(round(device.x()), round(device.y()))


def at(canvas, azimuth, distance):
    lon, lat, _ = GEOD.fwd(CENTRE[0], CENTRE[1], azimuth, distance)
    return pixel(canvas, lon, lat)


def send(tool, canvas, kind, position, button=Qt.LeftButton):
    event_type = {"press": QEvent.MouseButtonPress, "move": QEvent.MouseMove,
                  "release": QEvent.MouseButtonRelease}[kind]
    event = QgsMapMouseEvent(canvas, event_type, position, button if kind != "move" else Qt.NoButton,
                             button if kind == "press" else Qt.NoButton)
    {"press": tool.canvasPressEvent, "move": tool.canvasMoveEvent,
     "release": tool.canvasReleaseEvent}[kind](event)


def click(tool, canvas, position, button=Qt.LeftButton):
    send(tool, canvas, "press", position, button)
    send(tool, canvas, "release", position, button)


def lonlat_of(canvas, position):
    point = canvas.getCoordinateTransform().toMapCoordinates(position)
    return QgsCoordinateTransform(canvas.mapSettings().destinationCrs(), WGS84,
                                  QgsProject.instance()).transform(point)


def test_arc_tool_clicks_store_a_geodesic_arc_and_undo(panel, canvas):
    panel.arcToolButton.click()
    tool = panel.arc_tool
    assert canvas.mapTool() is tool and panel.arcToolButton.isChecked()

    centre_px = pixel(canvas, *CENTRE)
    click(tool, canvas, centre_px)
    centre = lonlat_of(canvas, centre_px)
    send(tool, canvas, "move", at(canvas, 90, 3000))
    assert tool.guide_band.numberOfVertices() > 100  # live circle preview
    radius_px = at(canvas, 90, 5000)
    click(tool, canvas, radius_px)
    radius_point = lonlat_of(canvas, radius_px)
    expected_radius = GEOD.inv(centre.x(), centre.y(), radius_point.x(), radius_point.y())[2]
    start_px = at(canvas, 300, 5000)
    click(tool, canvas, start_px)
    send(tool, canvas, "move", at(canvas, 250, 5000))
    assert tool.rubber_band.numberOfVertices() > 100  # live arc preview
    end_px = at(canvas, 210, 5000)
    click(tool, canvas, end_px)

    layer = panel.layers().arcs
    assert layer.name() == "Encirclement arcs (drawn)" and panel.layers().in_memory
    root = QgsProject.instance().layerTreeRoot()
    assert root.findGroup("Drawings").findLayer(layer.id()) is not None
    # styled: colour by side, an arrowhead at each end (pincer)
    assert layer.renderer().type() == "categorizedSymbol" and layer.renderer().classAttribute() == "side"
    categories = layer.renderer().categories()  # kept: the symbols belong to these copies
    hostile_symbol = next(c.symbol() for c in categories if c.value() == "hostile")
    assert hostile_symbol.symbolLayerCount() == 3
    features = list(layer.getFeatures())
    assert len(features) == 1
    arc = features[0]
    assert arc["kind"] == "encirclement_arc" and arc["side"] == "hostile" and arc["author"] == "analyst"
    assert arc["radius_m"] == pytest.approx(expected_radius, abs=0.01)
    # the bearings of the clicked pixels (pyproj), and near the intended ones
    for value, position, intended in ((arc["start_az"], start_px, 300), (arc["end_az"], end_px, 210)):
        point = lonlat_of(canvas, position)
        assert value == pytest.approx(GEOD.inv(centre.x(), centre.y(), point.x(), point.y())[0] % 360, abs=1e-6)
        assert value == pytest.approx(intended, abs=0.5)
    line = arc.geometry().asPolyline()
    distances = [GEOD.inv(centre.x(), centre.y(), p.x(), p.y())[2] for p in line]
    assert max(abs(d - arc["radius_m"]) for d in distances) < 1e-3
    first_az = GEOD.inv(centre.x(), centre.y(), line[0].x(), line[0].y())[0] % 360
    assert first_az == pytest.approx(arc["start_az"], abs=1e-6)
    # clockwise about 300 -> 210 sweeps through north, east and south
    mids = [GEOD.inv(centre.x(), centre.y(), p.x(), p.y())[0] % 360 for p in line[1:-1]]
    assert all(a > arc["start_az"] - 1e-6 or a < arc["end_az"] + 1e-6 for a in mids)
    assert any(80 < a < 100 for a in mids)

    # the edit is in the edit buffer: undo and redo
    assert layer.isEditable() and layer.undoStack().count() == 1
    layer.undoStack().undo()
    assert layer.featureCount() == 0
    layer.undoStack().redo()
    assert layer.featureCount() == 1


def test_drag_sets_the_radius_and_escape_resets(panel, canvas):
    from qgis.PyQt.QtGui import QKeyEvent

    panel.activate_arc_tool()
    tool = panel.arc_tool
    send(tool, canvas, "press", pixel(canvas, *CENTRE))
    send(tool, canvas, "move", at(canvas, 0, 4000))
    send(tool, canvas, "release", at(canvas, 0, 8000))
    assert tool.state == tool.WAIT_START and tool.radius_m == pytest.approx(8000, abs=30)
    assert panel.radiusSpin.value() == pytest.approx(tool.radius_m, abs=1)
    tool.keyPressEvent(QKeyEvent(QEvent.KeyPress, Qt.Key_Escape, Qt.NoModifier))
    assert tool.state == tool.WAIT_CENTRE and tool.rubber_band.numberOfVertices() == 0
    # right click abandons too, and nothing is stored
    click(tool, canvas, pixel(canvas, *CENTRE))
    click(tool, canvas, at(canvas, 0, 3000), Qt.RightButton)
    assert tool.state == tool.WAIT_CENTRE
    assert panel.drawing_layers is None


def make_store(tmp_path):
    """A GeoPackage store with a control table (written with OGR)."""
    from situation_mapper.store.schema import control_fields

    path = str(tmp_path / "store.gpkg")
    control = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "control", "memory")
    control.dataProvider().addAttributes(control_fields().toList())
    control.updateFields()
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "control"
    result = QgsVectorFileWriter.writeAsVectorFormatV3(
        control, path, QgsProject.instance().transformContext(), options)
    assert result[0] == QgsVectorFileWriter.NoError
    return path


def test_numeric_entry_into_a_store_is_saved(panel, canvas, tmp_path):
    store = make_store(tmp_path)
    panel.storePathEdit.setText(store)
    panel.storePathEdit.editingFinished.emit()
    panel.centreLonSpin.setValue(CENTRE[0])
    panel.centreLatSpin.setValue(CENTRE[1])
    panel.radiusSpin.setValue(10000)
    panel.startAzSpin.setValue(30)
    panel.endAzSpin.setValue(300)
    panel.noteEdit.setText("three sides")
    panel.addArcButton.click()
    panel.radiusSpin.setValue(5000)
    panel.addArcButton.click()
    arcs = panel.layers().arcs
    assert not panel.layers().in_memory and arcs.featureCount() == 2
    arcs.undoStack().undo()  # the second arc was a mistake
    panel.saveButton.click()

    reopened = QgsVectorLayer(f"{store}|layername=drawings_arcs", "check", "ogr")
    assert reopened.isValid()
    saved = list(reopened.getFeatures())
    assert len(saved) == 1
    feature = saved[0]
    assert feature["radius_m"] == 10000 and feature["start_az"] == 30 and feature["end_az"] == 300
    assert feature["note"] == "three sides" and feature["side"] == "hostile"
    line = feature.geometry().asPolyline()
    distances = [GEOD.inv(CENTRE[0], CENTRE[1], p.x(), p.y())[2] for p in line]
    assert max(abs(d - 10000) for d in distances) < 1e-3
    # the control table is untouched and the corridors table exists
    assert QgsVectorLayer(f"{store}|layername=control", "c", "ogr").isValid()
    assert QgsVectorLayer(f"{store}|layername=drawings_corridors", "c", "ogr").isValid()
    assert arcs.name() == "Encirclement arcs (drawn)"
    assert panel.layers().corridors.name() == "Corridors (drawn)"


def test_corridor_tool_snaps_to_a_road_and_stores_the_buffer(panel, canvas):
    road_points = [GEOD.fwd(CENTRE[0], CENTRE[1], 45, d)[:2] for d in (0, 6000, 12000)]
    roads = QgsVectorLayer("LineString?crs=EPSG:4326", "roads", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(*p) for p in road_points]))
    roads.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(roads)
    canvas.setLayers([roads])
    config = QgsSnappingConfig()
    config.setEnabled(True)
    config.setMode(QgsSnappingConfig.AllLayers)
    config.setTypeFlag(QgsSnappingConfig.VertexFlag) if hasattr(config, "setTypeFlag") else config.setType(QgsSnappingConfig.Vertex)
    config.setTolerance(12)
    config.setUnits(QgsTolerance.Pixels)
    canvas.snappingUtils().setConfig(config)
    canvas.snappingUtils().setIndexingStrategy(canvas.snappingUtils().IndexAlwaysFull)

    panel.widthSpin.setValue(3000)
    panel.corridorToolButton.click()
    tool = panel.corridor_tool
    assert canvas.mapTool() is tool
    for lon, lat in road_points:
        near = pixel(canvas, lon, lat) + QPoint(5, -4)  # a few pixels off the vertex
        send(tool, canvas, "move", near)
        click(tool, canvas, near)
    assert tool.buffer_band.numberOfVertices() > 10  # live buffer preview
    click(tool, canvas, pixel(canvas, *road_points[-1]), Qt.RightButton)

    layer = panel.layers().corridors
    stored = list(layer.getFeatures())
    assert len(stored) == 1
    corridor = stored[0]
    assert corridor["width_m"] == 3000 and corridor["kind"] == "corridor"
    polygon = corridor.geometry()
    # snapping put the route exactly on the road: the buffer's edge is 1500 m from it
    ring = polygon.asPolygon()[0]
    road_lon = [p[0] for p in road_points]
    road_lat = [p[1] for p in road_points]
    import numpy as np
    t = np.linspace(0, 1, 4001)
    lons = np.concatenate([road_lon[i] + t * (road_lon[i + 1] - road_lon[i]) for i in range(2)])
    lats = np.concatenate([road_lat[i] + t * (road_lat[i + 1] - road_lat[i]) for i in range(2)])
    worst = 0.0
    for vertex in ring[::5]:
        n = lons.size
        d = GEOD.inv(np.full(n, vertex.x()), np.full(n, vertex.y()), lons, lats)[2].min()
        worst = max(worst, abs(d - 1500.0))
    assert worst < 3.0  # metres
    layer.undoStack().undo()
    assert layer.featureCount() == 0


def test_compute_encirclement_from_the_panel(panel, canvas, provider):
    from test_encirclement import EAST_HALF, control_layer, point_layer

    area = point_layer({"P": (37.18, 48.28)})
    control = control_layer({"2025-11-01": EAST_HALF})
    QgsProject.instance().addMapLayers([area, control])
    panel.areaLayerCombo.setLayer(area)
    panel.controlLayerCombo.setLayer(control)
    panel.datesEdit.setText("2025-11-20")
    panel.radiiEdit.setText("5000")
    panel.computeEncirclementButton.click()
    assert panel.run is not None and panel.cancelButton.isEnabled()
    assert panel.run.wait()
    names = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
    assert "Encirclement arcs (computed)" in names and "Encirclement table" in names
    assert "180.0° enclosed" in panel.resultLabel.text()
    assert panel.progressBar.value() == 100 and not panel.cancelButton.isEnabled()


def test_unload_unsets_and_deletes_the_tools(fake_iface, canvas):
    from situation_mapper.ui.draw_panel import DrawPanel
    from qgis.gui import QgsMapTool

    before = len(canvas.findChildren(QgsMapTool))
    items_before = len(canvas.scene().items())
    widget = DrawPanel(fake_iface)
    widget.activate_corridor_tool()
    assert canvas.mapTool() is widget.corridor_tool
    widget.unload()
    assert canvas.mapTool() is None
    widget.deleteLater()
    flush_deletes()
    assert len(canvas.findChildren(QgsMapTool)) == before
    assert len(canvas.scene().items()) == items_before


def test_the_projects_situation_store_receives_drawings(panel, canvas, tmp_path):
    from situation_mapper.layers.project_state import SituationState, write_state

    store = make_store(tmp_path)
    write_state(QgsProject.instance(), SituationState(store_path=store))
    panel.widthSpin.setValue(2000)
    assert panel.add_corridor([QgsPointXY(37.10, 48.30), QgsPointXY(37.20, 48.35)]) is not None
    assert panel.storePathEdit.text() == store and not panel.layers().in_memory
    assert panel.save()
    saved = list(QgsVectorLayer(f"{store}|layername=drawings_corridors", "c", "ogr").getFeatures())
    assert len(saved) == 1 and saved[0]["width_m"] == 2000


# -- Compute from data: ownership, time, styles, names, selection -------------------
def computed_layers(group_name=None):
    """The layers under the project's "Computed" group (of one results group if named)."""
    computed = QgsProject.instance().layerTreeRoot().findGroup("Computed")
    if computed is None:
        return {}
    groups = [g for g in computed.children() if group_name is None or g.name() == group_name]
    return {node.layer().name(): node.layer() for g in groups for node in g.findLayers()}


def project_layers():
    """The project's layers by name."""
    return {layer.name(): layer for layer in QgsProject.instance().mapLayers().values()}


def encirclement_inputs(points=None, days=("2025-11-01",)):
    from test_encirclement import EAST_HALF, control_layer, point_layer

    area = point_layer(points or {"P": (37.18, 48.28)})
    control = control_layer({day: EAST_HALF for day in days})
    QgsProject.instance().addMapLayers([area, control])
    return area, control


def test_computed_layers_keep_the_users_current_layer(panel, canvas, provider):
    # QGIS Desktop makes a layer added "to the legend" the current layer; on exit
    # (QgsProject cleared in ~QgisApp) removing that current layer moved the current
    # index to another layer and QGIS crashed in its Layer Styling panel. Results
    # go into a group of their own instead, leaving the user's current layer alone.
    area, control = encirclement_inputs()
    legend_added = []
    QgsProject.instance().legendLayersAdded.connect(legend_added.append)
    panel.areaLayerCombo.setLayer(area)
    panel.controlLayerCombo.setLayer(control)
    panel.datesEdit.setText("2025-11-20")
    panel.radiiEdit.setText("5000")
    panel.computeEncirclementButton.click()
    assert panel.run.wait()
    QgsProject.instance().legendLayersAdded.disconnect(legend_added.append)
    assert legend_added == []
    layers = computed_layers("Encirclement (2025-11-20)")
    assert set(layers) == {"Encirclement arcs (computed)", "Encirclement table"}
    for layer in layers.values():
        assert QgsProject.instance().mapLayer(layer.id()) is layer
    # the project is their only owner: clearing it deletes them, and the panel,
    # which kept none of them, computes again into the new project
    QgsProject.instance().clear()
    area, control = encirclement_inputs()
    panel.areaLayerCombo.setLayer(area)
    panel.controlLayerCombo.setLayer(control)
    panel.computeEncirclementButton.click()
    assert panel.run.wait()
    assert "Encirclement arcs (computed)" in computed_layers()


def test_computed_encirclement_shows_one_date_at_a_time(panel, canvas, provider):
    from test_situation_layers import drawn_fids

    area, control = encirclement_inputs(days=("2025-11-01", "2025-11-10"))
    panel.areaLayerCombo.setLayer(area)
    panel.controlLayerCombo.setLayer(control)
    panel.datesEdit.setText("2025-11-05,2025-11-20")
    panel.radiiEdit.setText("5000")
    panel.computeEncirclementButton.click()
    assert panel.run.wait()
    arcs = project_layers()["Encirclement arcs (computed)"]
    assert arcs.temporalProperties().isActive()
    by_date = {}
    for feature in arcs.getFeatures():
        by_date.setdefault(feature["date"].toPyDate(), set()).add(feature.id())
    assert set(by_date) == {datetime.date(2025, 11, 5), datetime.date(2025, 11, 20)}
    for day, fids in by_date.items():
        assert set(drawn_fids(arcs, day)) == fids  # that date's arcs only
    assert drawn_fids(arcs, datetime.date(2025, 11, 6)) == []
    assert drawn_fids(arcs, datetime.date(2025, 11, 4)) == []


def test_computed_corridor_is_styled_and_time_aware(panel, canvas, provider):
    from qgis.PyQt.QtCore import Qt as QtNs
    from test_corridor import LON0, LAT0, aeqd, area_layer, local_rectangle_wkt, two_blocks
    from test_encirclement import control_layer
    from test_situation_layers import drawn_fids

    _forward, inverse = aeqd(LON0, LAT0)
    rear = inverse.transform(0.0, 15000.0)
    area = area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000))
    control = control_layer({"2025-11-01": two_blocks(3000), "2025-11-10": two_blocks(2000)})
    QgsProject.instance().addMapLayers([area, control])
    panel.areaLayerCombo.setLayer(area)
    panel.controlLayerCombo.setLayer(control)
    panel.rearLonSpin.setValue(rear[0])
    panel.rearLatSpin.setValue(rear[1])
    panel.datesEdit.setText("2025-11-05,2025-11-10")
    panel.computeCorridorButton.click()
    assert panel.run.wait()
    layers = project_layers()
    passage, centreline = layers["Corridor passage"], layers["Corridor centreline"]
    # the passage: a light, translucent friendly fill with an outline, not an opaque random fill
    fill = passage.renderer().symbol().symbolLayer(0)
    assert fill.color().alpha() < 100 and fill.color().blue() > fill.color().red()
    assert fill.strokeStyle() == QtNs.SolidLine and fill.strokeColor().alpha() > 150
    assert centreline.renderer().symbol().symbolLayer(0).penStyle() == QtNs.DashLine
    for name in ("Corridor passage", "Corridor centreline", "Corridor throat"):
        layer = layers[name]
        assert layer.temporalProperties().isActive(), name
        on_day = {f.id() for f in layer.getFeatures() if f["date"].toPyDate() == datetime.date(2025, 11, 10)}
        assert on_day and set(drawn_fids(layer, datetime.date(2025, 11, 10))) == on_day, name


def test_area_names_selection_and_a_long_summary(panel, canvas, provider):
    from test_encirclement import EAST_HALF, control_layer

    towns = QgsVectorLayer("Point?crs=EPSG:4326&field=id:integer&field=NAME:string", "towns", "memory")
    features = []
    for number, (name, lon) in enumerate((("Alpha", 37.18), ("Bravo", 37.10), ("Charlie", 37.05))):
        feature = QgsFeature(towns.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, 48.28)))
        feature["id"], feature["NAME"] = number, name
        features.append(feature)
    towns.dataProvider().addFeatures(features)
    control = control_layer({"2025-11-01": EAST_HALF})
    QgsProject.instance().addMapLayers([towns, control])
    panel.areaLayerCombo.setLayer(towns)
    assert panel.nameFieldCombo.currentField() == "NAME"  # picked by itself
    panel.controlLayerCombo.setLayer(control)
    panel.datesEdit.setText("2025-11-05,2025-11-20")
    panel.radiiEdit.setText("5000, 10000")

    # selected features only, and nothing selected: a clear message, no run
    panel.selectedOnlyCheck.setChecked(True)
    panel.computeEncirclementButton.click()
    assert panel.run is None
    towns.selectByExpression("\"NAME\" IN ('Alpha', 'Bravo')")
    panel.computeEncirclementButton.click()
    assert panel.run.wait()
    table = project_layers()["Encirclement table"]
    assert {f["area"] for f in table.getFeatures()} == {"Alpha", "Bravo"}
    assert table.featureCount() == 8  # 2 dates x 2 areas x 2 radii
    lines = panel.resultLabel.text().splitlines()
    assert len(lines) == 7 and lines[0].split(" at ")[0] in ("2025-11-05 Alpha", "2025-11-05 Bravo")
    assert lines[-1].startswith("…") and "2 more" in lines[-1]


def test_the_panel_scrolls(panel):
    from qgis.PyQt.QtWidgets import QScrollArea

    assert isinstance(panel.scrollArea, QScrollArea) and panel.scrollArea.widgetResizable()
    contents = panel.scrollArea.widget()
    for group in (panel.storeGroup, panel.drawGroup, panel.computeGroup):
        assert contents.isAncestorOf(group)


def test_the_panel_follows_the_situation_store_and_date(fake_iface, canvas, tmp_path):
    from situation_mapper.layers.project_state import SituationState, write_state
    from situation_mapper.ui.canvas_time import show_day_on_canvas
    from situation_mapper.ui.draw_panel import DrawPanel
    from qgis.PyQt.QtCore import QDate

    project = QgsProject.instance()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = make_store(tmp_path / "a"), make_store(tmp_path / "b")
    write_state(project, SituationState(store_path=first, current_date=datetime.date(2025, 11, 20)))
    panel = DrawPanel(fake_iface)
    try:
        # the Situation panel's store and date, before any drawing
        assert panel.storePathEdit.text() == first
        assert "No store" not in panel.storeStatusLabel.text()
        assert panel.dateEdit.date() == QDate(2025, 11, 20)
        # the map's date (Situation panel, Temporal Controller) moves the drawing date
        show_day_on_canvas(canvas, datetime.date(2025, 11, 12))
        assert panel.dateEdit.date() == QDate(2025, 11, 12)
        # another store opened in the Situation panel
        panel.add_arc_from_values()
        assert panel.layers().store_path == first
        write_state(project, SituationState(store_path=second, current_date=datetime.date(2025, 11, 12)))
        assert panel.storePathEdit.text() == second
        assert panel.add_arc_from_values() is not None and panel.layers().store_path == second
        # a date chosen by the user stays
        panel.dateEdit.setDate(QDate(2025, 10, 1))
        show_day_on_canvas(canvas, datetime.date(2025, 11, 13))
        assert panel.dateEdit.date() == QDate(2025, 10, 1)
        # the project is closed: its layers and store are gone, the panel forgets them
        project.clear()
        assert panel.drawing_layers is None and panel.storePathEdit.text() == ""
        assert "No store" in panel.storeStatusLabel.text()
        assert panel.add_arc_from_values() is not None  # into new memory layers, no crash
        assert panel.layers().in_memory
        assert project.mapLayer(panel.layers().arcs.id()) is panel.layers().arcs
        # a layer removed by the user is replaced, not used after it was deleted
        project.removeMapLayer(panel.layers().arcs.id())
        assert panel.add_arc_from_values() is not None
        assert project.mapLayer(panel.layers().arcs.id()) is panel.layers().arcs
        # a store the user typed stays when the Situation panel opens another
        panel.storePathEdit.setText(first)
        panel.storePathEdit.textEdited.emit(first)
        panel.storePathEdit.editingFinished.emit()
        write_state(project, SituationState(store_path=second))
        assert panel.storePathEdit.text() == first
    finally:
        panel.unload()
        panel.deleteLater()
        flush_deletes()
        canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))  # shared with later tests
    # unload disconnected the panel from the project
    write_state(project, SituationState(store_path=first))
    project.clear()
