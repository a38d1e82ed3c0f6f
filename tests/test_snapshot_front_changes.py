"""situationmapper:snapshotat, :frontline and :changes on hand-made control layers
(answers computed by hand with pyproj.Geod) and on the real DeepStateMap data
(against figures computed independently from the raw files)."""

import datetime
import os
import sys

import pytest
from pyproj import Geod
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import RecordingFeedback, geod_area_km2, run_import, square, write_geojson  # noqa: E402

GEOD = Geod(ellps="WGS84")
D = datetime.date


def box_wkt(west, south, east, north):
    return f"MultiPolygon ((({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south})))"


def control_layer(rows, crs="EPSG:4326"):
    """A memory control layer: rows of (wkt, valid_from, valid_to, status, source)."""
    from situation_mapper.store.schema import control_fields

    layer = QgsVectorLayer(f"MultiPolygon?crs={crs}", "control", "memory")
    layer.dataProvider().addAttributes(control_fields().toList())
    layer.updateFields()
    features = []
    for wkt, start, stop, status, source in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature["valid_from"] = start.isoformat()
        feature["valid_to"] = stop.isoformat() if stop else None
        feature["status"] = status
        feature["source"] = source
        feature["note"] = f"{source} {start}"
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


@pytest.fixture()
def situation():
    return control_layer([
        (box_wkt(37.0, 48.0, 37.1, 48.1), D(2025, 11, 18), D(2025, 11, 20), "occupied", "A"),
        (box_wkt(37.0, 48.0, 37.2, 48.1), D(2025, 11, 20), None, "occupied", "A"),
        (box_wkt(37.1, 48.0, 37.3, 48.1), D(2025, 11, 18), None, "contested", "A"),
        (box_wkt(36.9, 48.0, 37.1, 48.1), D(2025, 11, 19), None, "occupied", "B"),
    ])


def run(name, feedback=None, **params):
    import processing

    params.setdefault("OUTPUT", "memory:")
    return processing.run(f"situationmapper:{name}", params, feedback=feedback or RecordingFeedback())


# -- snapshotat -----------------------------------------------------------------------
def test_snapshot_at_a_day_without_snapshot_shows_the_earlier_one(provider, situation):
    feedback = RecordingFeedback()
    result = run("snapshotat", feedback, CONTROL=situation, DATE="2025-11-19", STATUSES="occupied")
    features = list(result["OUTPUT"].getFeatures())
    shown = sorted((f["source"], f["valid_from"].toPyDate(), f["shown_date"].toPyDate(), f["note"])
                   for f in features)
    assert shown == [("A", D(2025, 11, 18), D(2025, 11, 18), "A 2025-11-18"),
                     ("B", D(2025, 11, 19), D(2025, 11, 19), "B 2025-11-19")]
    assert any("A / occupied: no snapshot on 2025-11-19; showing the latest earlier one, of 2025-11-18"
               in m for m in feedback.infos)
    assert any("B / occupied: the snapshot of 2025-11-19" in m for m in feedback.infos)
    assert result["OUTPUT"].crs().authid() == "EPSG:4326"


def test_snapshot_at_filters_and_limits(provider, situation):
    result = run("snapshotat", CONTROL=situation, DATE="2025-11-25", SOURCES="A")
    got = sorted((f["status"], f["valid_from"].toPyDate()) for f in result["OUTPUT"].getFeatures())
    assert got == [("contested", D(2025, 11, 18)), ("occupied", D(2025, 11, 20))]
    feedback = RecordingFeedback()
    result = run("snapshotat", feedback, CONTROL=situation, DATE="2025-11-01")
    assert result["OUTPUT"].featureCount() == 0
    assert any("No control polygon of control is valid on 2025-11-01" in w for w in feedback.warnings)
    with pytest.raises(QgsProcessingException, match="not a control layer"):
        run("snapshotat", CONTROL=QgsVectorLayer("Polygon?crs=EPSG:4326", "plain", "memory"),
            DATE="2025-11-19")


def test_snapshot_at_reads_a_store_path(provider, tmp_path):
    files = [write_geojson(tmp_path / f"s_{day}.geojson", [[square(37.0, 48.0, 0.1)]])
             for day in ("20251118", "20251121")]
    store = tmp_path / "store.gpkg"
    run_import([str(f) for f in files], store)
    result = run("snapshotat", CONTROL=str(store), DATE="2025-11-20")
    (feature,) = result["OUTPUT"].getFeatures()
    assert feature["shown_date"].toPyDate() == D(2025, 11, 18)
    assert feature["area_km2"] == pytest.approx(geod_area_km2([square(37.0, 48.0, 0.1)]), rel=1e-6)


# -- changes --------------------------------------------------------------------------
def test_changes_gained_and_lost_by_hand(provider):
    layer = control_layer([
        (box_wkt(37.0, 48.0, 37.2, 48.1), D(2025, 11, 18), D(2025, 11, 20), "occupied", "A"),
        (box_wkt(37.1, 48.0, 37.3, 48.1), D(2025, 11, 20), None, "occupied", "A"),
        (box_wkt(30.0, 45.0, 30.1, 45.1), D(2025, 11, 18), None, "contested", "A"),
    ])
    feedback = RecordingFeedback()
    result = run("changes", feedback, CONTROL=layer, DATE_A="2025-11-19", DATE_B="2025-11-21")
    gained = geod_area_km2([[[37.2, 48.0], [37.3, 48.0], [37.3, 48.1], [37.2, 48.1], [37.2, 48.0]]])
    lost = geod_area_km2([[[37.0, 48.0], [37.1, 48.0], [37.1, 48.1], [37.0, 48.1], [37.0, 48.0]]])
    assert result["GAINED_KM2"] == pytest.approx(gained, rel=1e-6)
    assert result["LOST_KM2"] == pytest.approx(lost, rel=1e-6)
    rows = sorted((f["change"], f["status"], f["source"], f["date_a"].toPyDate(), f["date_b"].toPyDate())
                  for f in result["OUTPUT"].getFeatures())
    # the unchanged contested square gives no feature
    assert rows == [("gained", "occupied", "A", D(2025, 11, 19), D(2025, 11, 21)),
                    ("lost", "occupied", "A", D(2025, 11, 19), D(2025, 11, 21))]
    for feature in result["OUTPUT"].getFeatures():
        box = feature.geometry().boundingBox()
        expected_west = 37.2 if feature["change"] == "gained" else 37.0
        assert box.xMinimum() == pytest.approx(expected_west, abs=1e-9)
        assert feature["area_km2"] == pytest.approx(gained if feature["change"] == "gained" else lost, rel=1e-6)
    assert any("A / occupied: gained" in m and "net" in m for m in feedback.infos)


def test_changes_from_nothing_is_all_gained(provider, situation):
    result = run("changes", CONTROL=situation, DATE_A="2025-11-01", DATE_B="2025-11-18",
                 STATUSES="occupied", SOURCES="A")
    assert result["LOST_KM2"] == 0
    assert result["GAINED_KM2"] == pytest.approx(
        geod_area_km2([square(37.0, 48.0, 0.1)]), rel=1e-6)


# -- frontline ------------------------------------------------------------------------
def _edge_m(lon1, lat1, lon2, lat2, steps=2000):
    """Geodesic length of a straight lon/lat edge, densified (pyproj)."""
    lons = [lon1 + (lon2 - lon1) * i / steps for i in range(steps + 1)]
    lats = [lat1 + (lat2 - lat1) * i / steps for i in range(steps + 1)]
    return GEOD.line_length(lons, lats)


def test_front_line_without_mask_is_the_boundary(provider, situation):
    result = run("frontline", CONTROL=situation, DATE="2025-11-21", SOURCES="A")
    (feature,) = result["OUTPUT"].getFeatures()
    perimeter = (_edge_m(37.0, 48.0, 37.2, 48.0) + _edge_m(37.0, 48.1, 37.2, 48.1)
                 + 2 * GEOD.inv(37.0, 48.0, 37.0, 48.1)[2])
    # QGIS measures each 0.2 degree edge as one geodesic: within 1 m of the parallel
    assert feature["length_km"] * 1000 == pytest.approx(perimeter, abs=1.0)
    assert feature["source"] == "A" and feature["statuses"] == "occupied"
    assert feature["shown_date"].toPyDate() == D(2025, 11, 20)


def test_front_line_drops_the_part_along_the_mask_edge(provider, situation):
    # occupied: 37.0..37.2 x 48.0..48.1; the mask's east edge runs along 37.2 (a border)
    mask = QgsVectorLayer("Polygon?crs=EPSG:4326", "country", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt("Polygon ((36.5 47.5, 37.2 47.5, 37.2 48.5, 36.5 48.5, 36.5 47.5))"))
    mask.dataProvider().addFeatures([feature])
    result = run("frontline", CONTROL=situation, DATE="2025-11-21", SOURCES="A",
                 MASK=mask, MASK_TOLERANCE_M=100)
    (line,) = result["OUTPUT"].getFeatures()
    geometry = line.geometry()
    # west side whole, north and south sides without their last 100 m before the border
    west = GEOD.inv(37.0, 48.0, 37.0, 48.1)[2]
    north = _edge_m(37.0, 48.1, 37.2, 48.1) - 100.0
    south = _edge_m(37.0, 48.0, 37.2, 48.0) - 100.0
    assert line["length_km"] * 1000 == pytest.approx(west + north + south, abs=1.0)
    # every kept vertex is at least 100 m (less 0.5 %) from the border meridian 37.2
    for part in geometry.asMultiPolyline():
        for point in part:
            distance = GEOD.inv(point.x(), point.y(), 37.2, point.y())[2]
            assert distance >= 99.5
    ends = [p for part in geometry.asMultiPolyline() for p in (part[0], part[-1])]
    nearest = min(GEOD.inv(p.x(), p.y(), 37.2, p.y())[2] for p in ends)
    assert nearest == pytest.approx(100.0, abs=0.5)


def test_front_line_inside_the_mask_only(provider, situation):
    # a mask that covers only the western half: the eastern half is outside (e.g. sea)
    mask = QgsVectorLayer("Polygon?crs=EPSG:4326", "land", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt("Polygon ((36 47, 37.1 47, 37.1 49, 36 49, 36 47))"))
    mask.dataProvider().addFeatures([feature])
    result = run("frontline", CONTROL=situation, DATE="2025-11-21", SOURCES="A",
                 MASK=mask, MASK_TOLERANCE_M=0)
    (line,) = result["OUTPUT"].getFeatures()
    expected = (GEOD.inv(37.0, 48.0, 37.0, 48.1)[2]
                + _edge_m(37.0, 48.1, 37.1, 48.1) + _edge_m(37.0, 48.0, 37.1, 48.0))
    assert line["length_km"] * 1000 == pytest.approx(expected, abs=1.0)


def _box_perimeter_m(west, south, east, north):
    return (_edge_m(west, south, east, south) + _edge_m(west, north, east, north)
            + 2 * GEOD.inv(west, south, west, north)[2])


def test_front_line_over_dates_gives_a_row_per_date_and_source(provider, situation):
    # A: 37.0..37.1 from 11-18, 37.0..37.2 from 11-20; B: 36.9..37.1 from 11-19
    result = run("frontline", CONTROL=situation, DATES="2025-11-17/1")
    rows = {(f["date"].toPyDate(), f["source"]): f for f in result["OUTPUT"].getFeatures()}
    days = [D(2025, 11, 17), D(2025, 11, 18), D(2025, 11, 19), D(2025, 11, 20)]
    assert sorted(rows) == sorted((day, source) for day in days for source in ("A", "B"))
    expected = {
        (D(2025, 11, 18), "A"): (_box_perimeter_m(37.0, 48.0, 37.1, 48.1), D(2025, 11, 18)),
        (D(2025, 11, 19), "A"): (_box_perimeter_m(37.0, 48.0, 37.1, 48.1), D(2025, 11, 18)),
        (D(2025, 11, 20), "A"): (_box_perimeter_m(37.0, 48.0, 37.2, 48.1), D(2025, 11, 20)),
        (D(2025, 11, 19), "B"): (_box_perimeter_m(36.9, 48.0, 37.1, 48.1), D(2025, 11, 19)),
        (D(2025, 11, 20), "B"): (_box_perimeter_m(36.9, 48.0, 37.1, 48.1), D(2025, 11, 19)),
    }
    for key, feature in rows.items():
        if key in expected:
            length_m, shown = expected[key]
            assert feature["length_km"] * 1000 == pytest.approx(length_m, abs=1.0), key
            assert feature["shown_date"].toPyDate() == shown, key
            assert feature.hasGeometry()
        else:  # no snapshot valid yet: the row is there, empty
            assert feature["length_km"] is None or str(feature["length_km"]) == "NULL", key
            assert not feature.hasGeometry()


def test_front_line_dates_outside_the_data_are_refused(provider, situation):
    with pytest.raises(QgsProcessingException, match="no day with a snapshot"):
        run("frontline", CONTROL=situation, DATES="2024-01-01..2024-02-01")


def test_front_line_needs_a_status(provider, situation):
    with pytest.raises(QgsProcessingException, match="at least one status"):
        run("frontline", CONTROL=situation, DATE="2025-11-21", STATUSES=" , ")


# -- real data ------------------------------------------------------------------------
def _raw_area_km2(path):
    """Occupied area of a raw snapshot file, by pyproj over its rings (no QGIS)."""
    from osgeo import ogr

    total = 0.0
    dataset = ogr.Open(str(path))
    for feature in dataset.GetLayer(0):
        geometry = feature.GetGeometryRef()
        for p in range(geometry.GetGeometryCount()):
            polygon = geometry.GetGeometryRef(p)
            for r in range(polygon.GetGeometryCount()):
                points = polygon.GetGeometryRef(r).GetPoints()
                area = abs(GEOD.polygon_area_perimeter([q[0] for q in points], [q[1] for q in points])[0])
                total += area if r == 0 else -area
    return total / 1e6


def _raw_perimeter_km(path):
    from osgeo import ogr

    total = 0.0
    dataset = ogr.Open(str(path))
    for feature in dataset.GetLayer(0):
        geometry = feature.GetGeometryRef()
        for p in range(geometry.GetGeometryCount()):
            polygon = geometry.GetGeometryRef(p)
            for r in range(polygon.GetGeometryCount()):
                points = polygon.GetGeometryRef(r).GetPoints()
                total += GEOD.line_length([q[0] for q in points], [q[1] for q in points])
    return total / 1000.0


@pytest.mark.shared_data
def test_real_changes_net_equals_difference_of_totals(provider, tmp_path):
    """Gained - lost between two real dates equals area(B) - area(A) computed from
    the raw files with pyproj; the store is imported with the plugin."""
    from conftest import shared_data_path
    from support import deepstate_files

    shared = shared_data_path()
    files = deepstate_files(shared, D(2025, 10, 1), D(2025, 10, 1)) + \
        deepstate_files(shared, D(2025, 11, 20), D(2025, 11, 20))
    assert len(files) == 2
    store = tmp_path / "store.gpkg"
    run_import([str(f) for f in files], store, SOURCE="DeepStateMap")
    result = run("changes", CONTROL=str(store), DATE_A="2025-10-01", DATE_B="2025-11-20")
    net = result["GAINED_KM2"] - result["LOST_KM2"]
    expected = _raw_area_km2(files[1]) - _raw_area_km2(files[0])
    assert result["GAINED_KM2"] > 100 and result["LOST_KM2"] > 1
    assert net == pytest.approx(expected, abs=0.5)


@pytest.mark.shared_data
def test_real_front_line_without_mask_is_the_perimeter(provider):
    from conftest import shared_data_path
    from support import control_layer_from_files, deepstate_files

    files = deepstate_files(shared_data_path(), D(2025, 11, 19), D(2025, 11, 20))
    layer = control_layer_from_files(files)
    result = run("frontline", CONTROL=layer, DATE="2025-11-20")
    (line,) = result["OUTPUT"].getFeatures()
    # the raw file is valid, so its rings are the boundary; QGIS measures geodesics
    assert line["length_km"] == pytest.approx(_raw_perimeter_km(files[-1]), rel=1e-6)
    assert line["shown_date"].toPyDate() == D(2025, 11, 20)
