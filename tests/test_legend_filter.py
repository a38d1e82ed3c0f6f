"""The legend of a day computed from the data (export/legend_filter.py) lists
exactly what QGIS's own filter by map content lists for that day (the layer's
time filter as the legend filter expression, QgsMapHitTest over the map's
extent): the same layers, the same entries, the same drawing.

Hand-made layers around a map showing lon 37.0 .. 37.2, lat 48.0 .. 48.2:

* ``Ground`` (GeoPackage, categorized on ``status``, one polygon a feature):
  2025-01-01 occupied inside the map and contested outside it; 2025-01-02
  contested inside; 2025-01-03 occupied and contested inside, and "grey" (a
  category) in an L-shaped polygon whose bounding box covers the map but which
  misses it (only an exact intersection tells); 2025-01-04 nothing.
* ``Sightings`` (memory, single symbol, points): inside on 2025-01-02 only.
* ``Towns`` (memory, not temporal): one town inside the map.
* ``Far away`` (memory, not temporal): only outside the map.
* ``Not drawn``: in the legend but not among the map's layers.
"""

import datetime

import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QImage, QPainter

from situation_mapper.export import legend as legend_parts
from situation_mapper.export import legend_filter
from situation_mapper.export.content import day_instant
from situation_mapper.export.legend_filter import DayLegendFilter, shown_legend_keys, legend_map_settings, time_filter

DAYS = [datetime.date(2025, 1, day) for day in (1, 2, 3, 4)]
INSIDE = "POLYGON((37.05 48.05, 37.10 48.05, 37.10 48.10, 37.05 48.10, 37.05 48.05))"
OUTSIDE = "POLYGON((38.05 48.05, 38.10 48.05, 38.10 48.10, 38.05 48.10, 38.05 48.05))"
# bounding box 36.9 .. 37.3 x 47.9 .. 48.3 (over the whole map), the polygon itself outside it
L_SHAPE = ("POLYGON((36.9 47.9, 37.3 47.9, 37.3 47.95, 36.95 47.95, 36.95 48.3, 36.9 48.3, "
           "36.9 47.9))")
GROUND = [  # (valid_from, valid_to, status, polygon)
    ("2025-01-01", "2025-01-02", "occupied", INSIDE),
    ("2025-01-01", "2025-01-02", "contested", OUTSIDE),
    ("2025-01-02", "2025-01-03", "contested", INSIDE),
    ("2025-01-03", "2025-01-04", "occupied", INSIDE),
    ("2025-01-03", "2025-01-04", "contested", INSIDE),
    ("2025-01-03", "2025-01-04", "grey", L_SHAPE),
]
# what the map shows each day (the ground's categories, the sightings' one entry)
EXPECTED = {
    DAYS[0]: {"Ground": ["occupied"], "Sightings": []},
    DAYS[1]: {"Ground": ["contested"], "Sightings": ["Sightings"]},
    DAYS[2]: {"Ground": ["occupied", "contested"], "Sightings": []},
    DAYS[3]: {"Ground": [], "Sightings": []},
}


def _temporal(layer):
    properties = layer.temporalProperties()
    properties.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    properties.setStartField("valid_from")
    properties.setEndField("valid_to")
    properties.setIsActive(True)


def ground_layer(folder):
    memory = QgsVectorLayer("Polygon?crs=EPSG:4326", "Ground", "memory")
    memory.dataProvider().addAttributes([QgsField("valid_from", QVariant.String), QgsField("valid_to", QVariant.String),
                                         QgsField("status", QVariant.String)])
    memory.updateFields()
    features = []
    for valid_from, valid_to, status, wkt in GROUND:
        feature = QgsFeature(memory.fields())
        feature.setAttributes([valid_from, valid_to, status])
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    memory.dataProvider().addFeatures(features)
    path = str(folder / "ground.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV2(memory, path, QgsProject.instance().transformContext(),
                                                      options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    layer = QgsVectorLayer(path, "Ground", "ogr")
    assert layer.isValid() and layer.featureCount() == len(GROUND)
    categories = [QgsRendererCategory(status, QgsFillSymbol.createSimple({"color": colour}), status)
                  for status, colour in (("occupied", "200,0,0"), ("contested", "250,150,0"),
                                         ("grey", "120,120,120"), ("liberated", "0,0,200"))]
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    _temporal(layer)
    return layer


def point_layer(name, points, day=None):
    layer = QgsVectorLayer("Point?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes([QgsField("valid_from", QVariant.String), QgsField("valid_to", QVariant.String)])
    layer.updateFields()
    for x, y in points:
        feature = QgsFeature(layer.fields())
        if day is not None:
            feature.setAttributes([day.isoformat(), (day + datetime.timedelta(days=1)).isoformat()])
        feature.setGeometry(QgsGeometry.fromWkt(f"POINT({x} {y})"))
        layer.dataProvider().addFeatures([feature])
    layer.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple({"name": "circle", "size": "3"})))
    if day is not None:
        _temporal(layer)
    return layer


@pytest.fixture()
def legend_project(qgis_new_project, tmp_path):
    project = QgsProject.instance()
    layers = [ground_layer(tmp_path), point_layer("Sightings", [(37.12, 48.12), (38.5, 48.5)], DAYS[1]),
              point_layer("Towns", [(37.15, 48.15)]), point_layer("Far away", [(39.0, 49.0)]),
              point_layer("Not drawn", [(37.11, 48.11)])]
    project.addMapLayers(layers)
    yield {layer.name(): layer for layer in layers}
    project.removeAllMapLayers()


def product_legend(layers):
    """A layout with a map of the test extent (every layer but 'Not drawn') and a
    legend linked to it, filtered by its content."""
    layout = QgsPrintLayout(QgsProject.instance())
    layout.initializeDefaults()
    main_map = QgsLayoutItemMap(layout)
    layout.addLayoutItem(main_map)
    main_map.attemptMove(QgsLayoutPoint(10, 10, QgsUnitTypes.LayoutMillimeters))
    main_map.attemptResize(QgsLayoutSize(150, 150, QgsUnitTypes.LayoutMillimeters))
    main_map.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    main_map.setExtent(QgsRectangle(37.0, 48.0, 37.2, 48.2))
    main_map.setLayers([layer for name, layer in layers.items() if name != "Not drawn"])
    main_map.setKeepLayerSet(True)
    main_map.setIsTemporal(True)
    legend = QgsLayoutItemLegend(layout)
    layout.addLayoutItem(legend)
    legend.attemptMove(QgsLayoutPoint(170, 10, QgsUnitTypes.LayoutMillimeters))
    legend.setLinkedMap(main_map)
    legend.setLegendFilterByMapEnabled(True)
    legend_parts.own_tree(legend)
    return layout, main_map, legend


def _paint(legend, scale=4):
    rect = legend.rect()
    image = QImage(int(rect.width() * scale) + 1, int(rect.height() * scale) + 1, QImage.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.scale(scale, scale)
    legend.paint(painter, None, None)
    painter.end()
    return image


def listed(legend):
    """Each layer's entries as the legend lists them (a layer without any is left out)."""
    model = legend.model()
    return {node.name(): [item.data(0) for item in model.layerLegendNodes(node)]
            for node in legend_parts.own_tree(legend).findLayers()}


def day_names(legend, day):
    """The words of each entry on ``day`` (as the atlas names its layers)."""
    names = {node.layerId(): f"{node.name()}\nof {day.isoformat()}"
             for node in legend_parts.own_tree(legend).findLayers() if node.name() != "Towns"}
    legend_parts.set_entry_names(legend, names)


def qgis_filtered(legend, day):
    """QGIS's own filter by map content for ``day`` (as the export did per page:
    it makes every entry afresh)."""
    day_names(legend, day)
    legend_parts.filter_by_time(legend, day_instant(day))
    legend.updateFilterByMap(False)
    _paint(legend, 0.01)  # the legend filters itself when drawn


@pytest.mark.parametrize("read_once", [True, False])
def test_the_day_legend_lists_what_qgis_filter_lists(legend_project, monkeypatch, read_once):
    """Time filters evaluated on attributes read once, or (layers of many
    features) by the provider each day: the same entries."""
    if not read_once:
        monkeypatch.setattr(legend_filter, "TIME_ATTRIBUTES_MAX", 0)
    layout_qgis, map_qgis, legend_qgis = product_legend(legend_project)
    layout_ours, map_ours, legend_ours = product_legend(legend_project)
    ours = DayLegendFilter(legend_ours, map_ours)
    for day in DAYS + DAYS[::-1]:  # each day after every other: nothing carried over
        for main_map in (map_qgis, map_ours):
            main_map.setTemporalRange(day_instant(day))
        qgis_filtered(legend_qgis, day)
        ours.show(day_instant(day))
        day_names(legend_ours, day)
        assert listed(legend_ours) == listed(legend_qgis), day
        for legend in (legend_ours, legend_qgis):
            legend.adjustBoxSize()
        assert legend_ours.rect() == legend_qgis.rect(), day
        assert _paint(legend_ours) == _paint(legend_qgis), day
        shown = listed(legend_ours)
        assert shown["Ground"] == EXPECTED[day]["Ground"], day
        assert shown["Sightings"] == [f"Sightings\nof {day.isoformat()}"] * len(EXPECTED[day]["Sightings"]), day
        assert shown["Towns"] == ["Towns"] and shown["Far away"] == [] and shown["Not drawn"] == []


def test_keys_of_a_day_from_the_data(legend_project):
    _layout, main_map, _legend = product_legend(legend_project)
    settings = legend_map_settings(main_map)
    ground = legend_project["Ground"]
    label_of = {item.ruleKey(): item.label() for item in ground.renderer().legendSymbolItems()}
    shown = {day: {label_of[key] for key in shown_legend_keys(ground, settings, time_filter(ground, day_instant(day)))}
             for day in DAYS}
    assert shown[DAYS[0]] == {"occupied"}
    assert shown[DAYS[1]] == {"contested"}
    assert shown[DAYS[2]] == {"occupied", "contested"}  # grey's polygon misses the map
    assert shown[DAYS[3]] == set()
    assert shown_legend_keys(legend_project["Far away"], settings) == set()
    assert time_filter(legend_project["Towns"], day_instant(DAYS[0])) == ""


def test_a_layout_left_to_qgis_follows_the_map(legend_project):
    """After :meth:`release` QGIS filters again (the designer): moving the map to
    the far-away point lists it, with the day's time filter still in force."""
    layout, main_map, legend = product_legend(legend_project)
    day_filter = DayLegendFilter(legend, main_map)
    main_map.setTemporalRange(day_instant(DAYS[0]))
    day_filter.show(day_instant(DAYS[0]))
    assert listed(legend)["Far away"] == []
    day_filter.release(day_instant(DAYS[0]))
    main_map.setExtent(QgsRectangle(36.9, 47.9, 39.1, 49.1))
    _paint(legend)
    shown = listed(legend)
    assert shown["Far away"] == ["Far away"]
    assert shown["Ground"] == ["occupied", "contested"]  # both of the first day, now both on the map
    assert shown["Sightings"] == []  # not on the first day
    assert QgsLayoutExporter(layout).renderPageToImage(0, dpi=20).width() > 0
