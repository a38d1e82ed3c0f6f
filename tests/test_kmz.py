"""KMZ for Google Earth: real DeepStateMap days imported into a store, written
as KMZ and read back: the KML 2.2 namespace and element order, one Placemark
per control row valid in the range with its TimeSpan equal to the store's
validity (read here with sqlite3), the areas of the polygons (pyproj.Geod)
equal to the store's, the plugin's colours, arcs and events as placemarks."""

import datetime
import json
import re
import sqlite3
import xml.etree.ElementTree as ET  # nosec B405 - parses the KML this test wrote
import zipfile
from pathlib import Path

import pytest
from pyproj import Geod
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime, QTime

from conftest import shared_data_path
from support import deepstate_files
from test_import_snapshots import run_import

D = datetime.date
GEOD = Geod(ellps="WGS84")
NS = "{http://www.opengis.net/kml/2.2}"
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# KML 2.2 (OGC 07-147r2) element order: a Feature's own elements, then a Container's features
FEATURE_ORDER = ("name", "visibility", "open", "address", "Snippet", "description", "TimeStamp",
                 "TimeSpan", "styleUrl", "Style", "StyleMap", "Region", "ExtendedData")
GEOMETRIES = ("Point", "LineString", "LinearRing", "Polygon", "MultiGeometry")
STYLE_ORDER = ("IconStyle", "LabelStyle", "LineStyle", "PolyStyle", "BalloonStyle", "ListStyle")


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    """Six real days (2025-11-15 .. 2025-11-20) in a GeoPackage store."""
    files = deepstate_files(shared_data_path(), D(2025, 11, 15), D(2025, 11, 20))
    assert len(files) == 6
    store = tmp_path_factory.mktemp("kmz") / "store.gpkg"
    return store, [str(f) for f in files]


@pytest.fixture()
def imported(provider, real_store):
    store, files = real_store
    if not store.exists():
        run_import(files, store, SOURCE="DeepStateMap", SOURCE_LICENCE="CC BY-NC 4.0")
    return store


def stored_rows(store):
    with sqlite3.connect(str(store)) as db:
        return db.execute("SELECT fid, valid_from, valid_to, status, source, area_km2 FROM control "
                          "ORDER BY valid_from").fetchall()


def read_kml(path):
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["doc.kml"]
        data = archive.read("doc.kml")
    assert data.startswith(b"<?xml")
    return ET.fromstring(data)  # nosec B314 - the file this test wrote


def local(tag):
    assert tag.startswith(NS), tag  # every element in the KML 2.2 namespace
    return tag[len(NS):]


def check_order(element, order):
    names = [local(child.tag) for child in element]
    known = [n for n in names if n in order]
    assert known == sorted(known, key=order.index), names


def check_structure(root):
    assert local(root.tag) == "kml"
    (document,) = list(root)
    assert local(document.tag) == "Document"
    names = [local(c.tag) for c in document]
    # the document's own elements, then its styles, then its folders
    first_folder = names.index("Folder") if "Folder" in names else len(names)
    assert all(n == "Folder" for n in names[first_folder:])
    check_order(list(document)[:first_folder], FEATURE_ORDER)
    style_ids = set()
    for style in document.findall(f"{NS}Style"):
        style_ids.add(style.get("id"))
        check_order(style, STYLE_ORDER)
        for colour in style.iter(f"{NS}color"):
            assert re.fullmatch(r"[0-9a-f]{8}", colour.text)
    placemarks = list(root.iter(f"{NS}Placemark"))
    for placemark in placemarks:
        children = [local(c.tag) for c in placemark]
        geometry = [n for n in children if n in GEOMETRIES]
        assert len(geometry) == 1 and children[-1] == geometry[0], children
        check_order([c for c in placemark if local(c.tag) not in GEOMETRIES], FEATURE_ORDER)
        assert placemark.find(f"{NS}styleUrl").text.lstrip("#") in style_ids
        span = placemark.find(f"{NS}TimeSpan")
        if span is not None:
            parts = [local(c.tag) for c in span]
            assert parts in (["begin"], ["end"], ["begin", "end"]), parts
            for part in span:
                assert ISO_DAY.match(part.text)
            if len(parts) == 2:
                assert span[0].text < span[1].text
        for coordinates in placemark.iter(f"{NS}coordinates"):
            for pair in coordinates.text.split():
                lon, lat = map(float, pair.split(","))
                assert -180 <= lon <= 180 and -90 <= lat <= 90
    return document, placemarks


def ring_area_km2(coordinates_text):
    points = [tuple(map(float, pair.split(","))) for pair in coordinates_text.split()]
    area, _perimeter = GEOD.polygon_area_perimeter([p[0] for p in points], [p[1] for p in points])
    return abs(area) / 1e6


def placemark_area_km2(placemark):
    total = 0.0
    for polygon in placemark.iter(f"{NS}Polygon"):
        outer = polygon.find(f"{NS}outerBoundaryIs/{NS}LinearRing/{NS}coordinates")
        total += ring_area_km2(outer.text)
        for inner in polygon.findall(f"{NS}innerBoundaryIs/{NS}LinearRing/{NS}coordinates"):
            total -= ring_area_km2(inner.text)
    return total


def test_kmz_of_real_days_steps_through_the_store_validity(imported, tmp_path):
    from situation_mapper.export.kmz import write_kmz
    from situation_mapper.store import control_layer

    rows = stored_rows(imported)
    assert len(rows) == 6
    first, last = D(2025, 11, 17), D(2025, 11, 20)
    expected = [r for r in rows if r[1] <= last.isoformat() and (r[2] is None or r[2] > first.isoformat())]
    assert len(expected) == 4  # 17, 18, 19 and the open 20

    path = tmp_path / "pokrovsk.kmz"
    assert write_kmz(str(path), control_layer(str(imported)), (first, last),
                     title="Pokrovsk <direction> & co") == str(path)
    root = read_kml(path)
    document, placemarks = check_structure(root)
    assert document.find(f"{NS}name").text == "Pokrovsk <direction> & co"
    assert len(placemarks) == len(expected)
    spans = sorted((p.find(f"{NS}TimeSpan/{NS}begin").text,
                    getattr(p.find(f"{NS}TimeSpan/{NS}end"), "text", None)) for p in placemarks)
    assert spans == [(r[1], r[2]) for r in expected]
    assert spans[-1][1] is None  # the last snapshot is still valid: no end
    # each polygon is the stored one
    by_begin = {p.find(f"{NS}TimeSpan/{NS}begin").text: p for p in placemarks}
    for row in expected:
        assert placemark_area_km2(by_begin[row[1]]) == pytest.approx(row[5], rel=2e-3)
    # the occupied style of layers/styles: fill 220,30,30,120 and outline 150,0,0
    (style,) = document.findall(f"{NS}Style")
    assert style.find(f"{NS}PolyStyle/{NS}color").text == "781e1edc"
    assert style.find(f"{NS}LineStyle/{NS}color").text == "ff000096"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".situation_")]


def line_layer(name, fields, rows):
    layer = QgsVectorLayer("LineString?crs=EPSG:4326&" + "&".join(f"field={f}" for f in fields), name, "memory")
    features = []
    for wkt, values in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes(values)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_exportmap_kmz_with_arcs_and_events_and_a_receipt(imported, qgis_new_project, tmp_path):
    import processing

    from situation_mapper.layers.situation_layers import load_situation_layers

    project = QgsProject.instance()
    load_situation_layers(str(imported), project)
    arcs = line_layer("Encirclement arcs", ("date:date", "area:string", "source:string", "radius_m:double",
                                            "start_az:double", "end_az:double", "degrees:double"),
                      [("LINESTRING(37.1 48.3, 37.2 48.35, 37.3 48.3)",
                        [QDate(2025, 11, 20), "Pokrovsk", "DeepStateMap", 5000.0, 300.0, 60.0, 120.0])])
    events = QgsVectorLayer("Point?crs=EPSG:4326&field=event_time:datetime&field=type:string"
                            "&field=verification:string&field=source:string", "Events", "memory")
    features = []
    for day, kind, verification in ((18, "strike", "verified"), (19, "advance <claimed>", "unverified"),
                                    (25, "strike", "verified")):
        feature = QgsFeature(events.fields())
        feature.setGeometry(QgsGeometry.fromWkt("POINT(37.18 48.28)"))
        feature.setAttributes([QDateTime(QDate(2025, 11, day), QTime(9, 30)), kind, verification, "GeoConfirmed"])
        features.append(feature)
    events.dataProvider().addFeatures(features)
    project.addMapLayers([arcs, events])
    output = tmp_path / "situation.kmz"
    result = processing.run("situationmapper:exportmap", {
        "DATES": "2025-11-18..2025-11-20", "FORMAT": 5, "TITLE": "Pokrovsk", "OUTPUT": str(output)})
    assert result["OUTPUT"] == str(output) and result["DATES"] == "2025-11-18,2025-11-19,2025-11-20"
    root = read_kml(output)
    document, placemarks = check_structure(root)
    folders = {f.find(f"{NS}name").text: f.findall(f"{NS}Placemark") for f in document.findall(f"{NS}Folder")}
    assert len(folders["Control"]) == 3
    (arc,) = folders["Encirclement arcs"]
    assert arc.find(f"{NS}name").text == "Pokrovsk arc 120° at 5 km"
    assert arc.find(f"{NS}TimeSpan/{NS}begin").text == "2025-11-20"
    assert arc.find(f"{NS}TimeSpan/{NS}end").text == "2025-11-21"
    assert arc.find(f"{NS}LineString/{NS}coordinates").text.startswith("37.100000,48.300000 ")
    # events of the period only, coloured by verification, text kept as text
    names = sorted(p.find(f"{NS}name").text for p in folders["Events"])
    assert names == ["advance <claimed> 2025-11-19T09:30:00 (unverified)", "strike 2025-11-18T09:30:00 (verified)"]
    styles = {s.get("id"): s for s in document.findall(f"{NS}Style")}
    assert styles["event-verified"].find(f"{NS}IconStyle/{NS}color").text == "ff0000c8"
    assert styles["computed-arcs"].find(f"{NS}LineStyle/{NS}color").text == "ff2000b0"  # 176,0,32
    # encirclement_arcs.qml draws a 1 mm line: 96 / 25.4 pixels
    assert float(styles["computed-arcs"].find(f"{NS}LineStyle/{NS}width").text) == pytest.approx(3.8, abs=0.05)
    receipt = json.loads(Path(str(output) + ".json").read_text(encoding="utf-8"))
    assert receipt["map_scale"] is None and receipt["days"] == ["2025-11-18", "2025-11-19", "2025-11-20"]
    assert receipt["inputs"]["stores"][0]["row_counts"]["control"] == 6


def test_kmz_format_must_match_the_file_name(provider, qgis_new_project, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    from test_export_map import synthetic_control

    # a memory control layer: an algorithm failing after prepareAlgorithm keeps its private
    # project until exit, and a store's layers must not outlive QGIS's providers
    QgsProject.instance().addMapLayer(synthetic_control())
    with pytest.raises(QgsProcessingException, match="kmz"):
        processing.run("situationmapper:exportmap", {"DATE": "2025-01-02", "FORMAT": 5,
                                                     "OUTPUT": str(tmp_path / "x.pdf")})
    assert not (tmp_path / "x.pdf").exists()
    QgsProject.instance().removeAllMapLayers()


def test_kmz_of_bad_input_leaves_out_what_has_no_geometry_and_never_crashes(provider, tmp_path):
    from situation_mapper.export.kmz import write_kmz
    from situation_mapper.store.schema import control_fields

    control = QgsVectorLayer("MultiPolygon?crs=EPSG:3857", "control", "memory")
    control.dataProvider().addAttributes(control_fields().toList())
    control.updateFields()
    features = []
    for wkt, start, stop in (("MULTIPOLYGON(((4118000 6106000, 4128000 6106000, 4128000 6116000, "
                              "4118000 6106000)))", "2025-11-01", "2025-11-03"),
                             (None, "2025-11-03", None)):
        feature = QgsFeature(control.fields())
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature["valid_from"], feature["valid_to"] = start, stop
        feature["status"], feature["source"] = "own status & <b>", "Desk \"A\""
        features.append(feature)
    control.dataProvider().addFeatures(features)
    events = QgsVectorLayer("Point?crs=EPSG:4326&field=event_time:string&field=type:string", "Events", "memory")
    event = QgsFeature(events.fields())
    event.setGeometry(QgsGeometry.fromWkt("POINT(37 48)"))
    event.setAttributes(["yesterday", "strike"])
    events.dataProvider().addFeatures([event])
    path = tmp_path / "bad.kmz"
    write_kmz(str(path), control, [D(2025, 11, 2), D(2025, 11, 4)], events=events)
    document, placemarks = check_structure(read_kml(path))
    assert len(placemarks) == 2  # the polygon (reprojected to lon/lat) and the event without a time
    polygon = next(p for p in placemarks if p.find(f"{NS}Polygon") is not None)
    assert polygon.find(f"{NS}name").text == "Own status & <b> (Desk \"A\") 2025-11-01"
    lon, lat = map(float, polygon.find(f".//{NS}coordinates").text.split()[0].split(","))
    assert lon == pytest.approx(4118000 / 6378137 * 57.29577951308232, abs=1e-6)
    event_mark = next(p for p in placemarks if p.find(f"{NS}Point") is not None)
    assert event_mark.find(f"{NS}TimeSpan") is None and "yesterday" in event_mark.find(f"{NS}description").text
    # the status has no style of its own: the default style of layers/styles (240,150,30,100)
    (style,) = [s for s in document.findall(f"{NS}Style") if s.get("id").startswith("status-")]
    assert style.find(f"{NS}PolyStyle/{NS}color").text == "641e96f0"
