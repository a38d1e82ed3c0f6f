"""Situation layers: one styled, time-aware layer per source and status of a
store, grouped under "Situation", reused instead of duplicated; on each day of
the Temporal Controller a layer draws exactly the snapshot valid that day."""

import datetime

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsLinePatternFillSymbolLayer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsSimpleFillSymbolLayer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QSize, Qt
from qgis.PyQt.QtGui import QColor

from conftest import shared_data_path
from support import control_layer_from_files, deepstate_files

D = datetime.date

# (valid_from, valid_to, status, source, square index): hand-made validity chains
ROWS = (
    (D(2025, 11, 1), D(2025, 11, 5), "occupied", "Source A", 0),
    (D(2025, 11, 5), D(2025, 11, 10), "occupied", "Source A", 1),
    (D(2025, 11, 10), None, "occupied", "Source A", 2),
    (D(2025, 11, 3), D(2025, 11, 8), "claimed", "Source B", 3),
    (D(2025, 11, 8), None, "claimed", "Source B", 4),
    (D(2025, 11, 2), None, "zone of interest", "Source C", 5),
)


def square(index):
    """A 0.01-degree square, one per row, side by side along 48.28N."""
    x = 37.0 + 0.02 * index
    return QgsGeometry.fromWkt(f"MultiPolygon((({x} 48.28,{x + 0.01} 48.28,{x + 0.01} 48.29,"
                               f"{x} 48.29,{x} 48.28)))")


def write_store(path, rows=ROWS, geometry=square):
    """A GeoPackage with a ``control`` table in the store's schema, written with
    QgsVectorFileWriter (independently of the import algorithm)."""
    from situation_mapper.store.schema import control_fields

    memory = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "control", "memory")
    memory.dataProvider().addAttributes(control_fields().toList())
    memory.updateFields()
    features = []
    for valid_from, valid_to, status, source, index in rows:
        feature = QgsFeature(memory.fields())
        feature.setGeometry(geometry(index))
        feature["valid_from"] = QDate(valid_from.year, valid_from.month, valid_from.day)
        feature["valid_to"] = QDate(valid_to.year, valid_to.month, valid_to.day) if valid_to else None
        feature["status"] = status
        feature["source"] = source
        features.append(feature)
    memory.dataProvider().addFeatures(features)
    return write_control_layer(memory, path)


def write_control_layer(layer, path):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "control"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return str(path)


def drawn_fids(layer, day):
    """Features the renderer draws for a one-day temporal range: its temporal
    filter, built from the render context as QgsVectorLayerRenderer does."""
    from situation_mapper.layers.situation_layers import day_range

    settings = QgsMapSettings()
    settings.setIsTemporal(True)
    settings.setTemporalRange(day_range(day))
    render_context = QgsRenderContext.fromMapSettings(settings)
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    assert layer.temporalProperties().isVisibleInTemporalRange(render_context.temporalRange())
    text = layer.temporalProperties().createFilterString(context, render_context.temporalRange())
    request = QgsFeatureRequest(QgsExpression(text)) if text else QgsFeatureRequest()
    return sorted(f.id() for f in layer.getFeatures(request))


def expected_squares(day, status, source):
    """Rows valid on ``day`` by the definition, computed straight from ROWS."""
    return sorted(index for start, stop, st, so, index in ROWS
                  if st == status and so == source and start <= day and (stop is None or day < stop))


@pytest.fixture()
def store(tmp_path):
    return write_store(tmp_path / "store.gpkg")


def square_of(layer, fid):
    geometry = layer.getFeature(fid).geometry()
    return round((geometry.boundingBox().xMinimum() - 37.0) / 0.02)


def test_one_layer_per_series_grouped_named_and_styled(store, qgis_new_project):
    from situation_mapper.layers.situation_layers import SITUATION_GROUP, load_situation_layers

    project = QgsProject.instance()
    layers = load_situation_layers(store, project)
    names = [layer.name() for layer in layers]
    # outlines above fills: claimed, then occupied, then other statuses
    assert names == ["Claimed (Source B)", "Occupied (Source A)", "Zone of interest (Source C)"]
    assert [layer.featureCount() for layer in layers] == [2, 3, 1]
    group = project.layerTreeRoot().findGroup(SITUATION_GROUP)
    assert group is not None
    assert [node.layer().name() for node in group.findLayers()] == names
    for layer in layers:
        assert layer.crs().authid() == "EPSG:4326"
        assert layer.temporalProperties().isActive()

    occupied = layers[1].renderer().symbol().symbolLayer(0)
    assert isinstance(occupied, QgsSimpleFillSymbolLayer)
    assert occupied.brushStyle() == Qt.SolidPattern
    assert occupied.fillColor().red() > 200 and occupied.fillColor().green() < 60
    claimed = layers[0].renderer().symbol().symbolLayer(0)
    assert claimed.brushStyle() == Qt.NoBrush and claimed.strokeStyle() == Qt.DashLine
    assert claimed.strokeColor().red() > 200 and claimed.strokeColor().blue() < 60
    other = layers[2].renderer().symbol().symbolLayer(0)
    assert other.fillColor().name() == "#f0961e"  # default.qml's orange


@pytest.mark.parametrize("status, check", [
    ("contested", lambda layers: any(isinstance(sl, QgsLinePatternFillSymbolLayer)
                                     and sl.color().red() == sl.color().green() == sl.color().blue()
                                     for sl in layers)),
    ("liberated", lambda layers: layers[0].brushStyle() == Qt.NoBrush
     and layers[0].strokeColor().blue() > 200 and layers[0].strokeColor().red() < 60),
    ("occupied", lambda layers: layers[0].brushStyle() == Qt.SolidPattern),
    ("claimed", lambda layers: layers[0].strokeStyle() == Qt.DashLine),
    ("unknown status", lambda layers: layers[0].fillColor().name() == "#f0961e"),
])
def test_status_styles(status, check):
    from situation_mapper.layers.situation_layers import apply_status_style, style_path

    assert style_path(status).endswith(("default.qml" if status == "unknown status" else f"{status}.qml"))
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "x", "memory")
    assert apply_status_style(layer, status)
    symbol = layer.renderer().symbol()
    assert check([symbol.symbolLayer(i) for i in range(symbol.symbolLayerCount())])


def test_only_known_statuses_have_their_own_style():
    from situation_mapper.layers.situation_layers import style_path

    assert style_path("../control").endswith("default.qml")
    assert style_path("").endswith("default.qml")
    # other styles live in the folder too: they are not statuses
    assert style_path("drawings_arcs").endswith("default.qml")


def test_loading_again_reuses_the_layers(store, qgis_new_project, tmp_path):
    from situation_mapper.layers.situation_layers import load_situation_layers, situation_layers

    project = QgsProject.instance()
    first = load_situation_layers(store, project)
    # the same store spelt differently, and a series asked for explicitly
    again = load_situation_layers(str(tmp_path / "." / "store.gpkg"), project)
    assert [layer.id() for layer in again] == [layer.id() for layer in first]
    only = load_situation_layers(store, project, series=[("Source A", "occupied")])
    assert [layer.id() for layer in only] == [first[1].id()]
    assert len(project.mapLayers()) == 3
    assert len(situation_layers(project, store)) == 3
    assert len(project.layerTreeRoot().findLayers()) == 3

    # a second store gets its own layers, named after it where the names would clash
    other = write_store(tmp_path / "other.gpkg", rows=ROWS[:1])
    (added,) = load_situation_layers(other, project)
    assert len(project.mapLayers()) == 4
    clashing = [layer for layer in first if layer.name() == added.name().split(" · ")[0]]
    assert clashing and added.name() == clashing[0].name() + " · other.gpkg"


def test_each_day_draws_exactly_the_valid_snapshot(store, qgis_new_project):
    from situation_mapper.layers.situation_layers import load_situation_layers

    layers = {(layer.customProperty("situation_mapper/source"), layer.customProperty("situation_mapper/status")): layer
              for layer in load_situation_layers(store, QgsProject.instance())}
    day = D(2025, 10, 28)
    checked = 0
    while day <= D(2025, 11, 15):
        for (source, status), layer in layers.items():
            drawn = [square_of(layer, fid) for fid in drawn_fids(layer, day)]
            assert sorted(drawn) == expected_squares(day, status, source), (day, source, status)
            checked += 1
        day += datetime.timedelta(days=1)
    assert checked == 19 * 3
    # the boundaries by hand: valid_to is exclusive, NULL is open
    occupied = layers[("Source A", "occupied")]
    assert [square_of(occupied, f) for f in drawn_fids(occupied, D(2025, 10, 31))] == []
    assert [square_of(occupied, f) for f in drawn_fids(occupied, D(2025, 11, 4))] == [0]
    assert [square_of(occupied, f) for f in drawn_fids(occupied, D(2025, 11, 5))] == [1]
    assert [square_of(occupied, f) for f in drawn_fids(occupied, D(2031, 1, 1))] == [2]


def test_canvas_renders_only_the_valid_snapshot(store, qgis_new_project):
    """Render the map for single days and look at the pixels of each square."""
    from situation_mapper.layers.situation_layers import day_range, load_situation_layers

    layer = [layer for layer in load_situation_layers(store, QgsProject.instance())
             if layer.name() == "Occupied (Source A)"][0]
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    settings.setExtent(QgsRectangle(36.99, 48.27, 37.07, 48.30))
    settings.setOutputSize(QSize(400, 150))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setIsTemporal(True)

    def red_squares(day):
        settings.setTemporalRange(day_range(day))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        found = []
        for index in range(3):
            point = settings.mapToPixel().transform(37.005 + 0.02 * index, 48.285)
            colour = QColor(image.pixel(int(point.x()), int(point.y())))
            if colour.red() > 200 and colour.green() < 200:
                found.append(index)
        return found

    assert red_squares(D(2025, 10, 31)) == []
    assert red_squares(D(2025, 11, 1)) == [0]
    assert red_squares(D(2025, 11, 4)) == [0]
    assert red_squares(D(2025, 11, 5)) == [1]
    assert red_squares(D(2025, 11, 9)) == [1]
    assert red_squares(D(2025, 11, 10)) == [2]
    assert red_squares(D(2026, 3, 1)) == [2]


def test_visible_sources_switch_layers(store, qgis_new_project):
    from situation_mapper.layers.situation_layers import load_situation_layers, set_visible_sources

    project = QgsProject.instance()
    layers = load_situation_layers(store, project)
    root = project.layerTreeRoot()
    set_visible_sources(project, store, ["Source A"])
    assert {layer.name(): root.findLayer(layer.id()).isVisible() for layer in layers} == {
        "Claimed (Source B)": False, "Occupied (Source A)": True, "Zone of interest (Source C)": False}
    set_visible_sources(project, store, None)
    assert all(root.findLayer(layer.id()).isVisible() for layer in layers)


def test_store_without_control_table_is_a_clear_error(tmp_path, qgis_new_project):
    from situation_mapper.store import ControlLayerError
    from situation_mapper.layers.situation_layers import load_situation_layers

    memory = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "x", "memory")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "towns"
    path = str(tmp_path / "towns.gpkg")
    QgsVectorFileWriter.writeAsVectorFormatV3(memory, path, QgsCoordinateTransformContext(), options)
    with pytest.raises(ControlLayerError, match="towns.gpkg"):
        load_situation_layers(path, QgsProject.instance())
    assert QgsProject.instance().mapLayers() == {}


@pytest.mark.slow
def test_real_deepstate_days_show_the_latest_file(tmp_path, qgis_new_project):
    """Real DeepStateMap files (with missing days): on every day the layer draws
    one snapshot, the one from the latest file dated on or before that day."""
    from situation_mapper.core.snapshot_dates import date_from_file_name
    from situation_mapper.layers.situation_layers import load_situation_layers

    files = deepstate_files(shared_data_path(), D(2025, 1, 1), D(2025, 3, 31))
    file_days = sorted(date_from_file_name(f.name) for f in files)
    assert len(file_days) > 30
    store = write_control_layer(control_layer_from_files(files), tmp_path / "deepstate.gpkg")
    (layer,) = load_situation_layers(store, QgsProject.instance())
    assert layer.name() == "Occupied (DeepStateMap)"
    imported = {f.id(): f["imported_from"] for f in layer.getFeatures()}

    day = file_days[0] - datetime.timedelta(days=2)
    gaps_seen = 0
    while day <= file_days[-1] + datetime.timedelta(days=3):
        drawn = drawn_fids(layer, day)
        latest = max((d for d in file_days if d <= day), default=None)
        if latest is None:
            assert drawn == []
        else:
            assert len(drawn) == 1, day
            assert date_from_file_name(imported[drawn[0]]) == latest
            gaps_seen += latest != day
        day += datetime.timedelta(days=1)
    # the quarter has days without a file: they show the latest earlier one
    assert gaps_seen == (file_days[-1] - file_days[0]).days + 1 - len(file_days) + 3
