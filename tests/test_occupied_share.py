"""situationmapper:occupiedshare on hand-computable cases, and its core maths
(core/occupied_share.py) against pyproj's geodesic polygon areas."""

import datetime

import pytest
from pyproj import Geod
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

GEOD = Geod(ellps="WGS84")
D1, D2, D3 = datetime.date(2025, 1, 10), datetime.date(2025, 1, 15), datetime.date(2025, 1, 20)


def box(x_min, y_min, x_max, y_max):
    return QgsGeometry.fromRect(QgsRectangle(x_min, y_min, x_max, y_max))


def geodesic_area_m2(geometry):
    """Ellipsoidal area of a (Multi)Polygon by pyproj (independent of QGIS)."""
    total = 0.0
    polygons = geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]
    for polygon in polygons:
        for number, ring in enumerate(polygon):
            area, _perimeter = GEOD.polygon_area_perimeter([p.x() for p in ring], [p.y() for p in ring])
            total += abs(area) if number == 0 else -abs(area)
    return total


# Areas, each 0.1 x 0.1 degree near 48 N unless said otherwise.
AREAS = {
    "half": box(37.0, 48.0, 37.1, 48.1),           # west half under part P1
    "untouched": box(38.0, 48.0, 38.1, 48.1),      # nothing; contested west half
    "full": box(36.92, 48.0, 36.98, 48.1),         # inside part P1
    "holed": box(37.3, 48.0, 37.4, 48.1),          # west half in P2's hole
    "two_parts": box(37.5, 48.0, 37.6, 48.1),      # west and east quarters under P3, P4
}


def snapshot_d1():
    p1 = box(36.9, 47.9, 37.05, 48.2)
    p2 = QgsGeometry.fromPolygonXY([
        box(37.25, 47.95, 37.45, 48.15).asPolygon()[0],
        box(37.3, 47.99, 37.35, 48.11).asPolygon()[0]])
    p3 = box(37.45, 47.9, 37.525, 48.2)
    p4 = box(37.575, 47.9, 37.65, 48.2)
    return QgsGeometry.collectGeometry([p1, p2, p3, p4])


def control_layer(features):
    """A memory control layer; ``features`` are (geometry, valid_from, valid_to, status, source)."""
    from situation_mapper.store.schema import control_fields

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "control", "memory")
    layer.dataProvider().addAttributes(control_fields().toList())
    layer.updateFields()
    out = []
    for geometry, start, stop, status, source in features:
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry(geometry)
        geometry.convertToMultiType()
        feature.setGeometry(geometry)
        feature["valid_from"] = start.isoformat()
        feature["valid_to"] = stop.isoformat() if stop else None
        feature["status"] = status
        feature["source"] = source
        out.append(feature)
    assert layer.dataProvider().addFeatures(out)
    return layer


def areas_layer(areas=AREAS, crs="EPSG:4326"):
    layer = QgsVectorLayer(f"Polygon?crs={crs}&field=name:string", "areas", "memory")
    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                       QgsCoordinateReferenceSystem(crs), QgsProject.instance())
    features = []
    for name, geometry in areas.items():
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry(geometry)
        if crs != "EPSG:4326":
            geometry.transform(transform)
        feature.setGeometry(geometry)
        feature["name"] = name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def scenario_control():
    return control_layer([
        (snapshot_d1(), D1, D3, "occupied", "DeepStateMap"),
        (box(36.9, 47.9, 37.2, 48.2), D3, None, "occupied", "DeepStateMap"),
        (box(37.9, 47.9, 38.05, 48.2), D1, None, "contested", "DeepStateMap"),
        (box(36.9, 47.9, 37.2, 48.2), D1, None, "occupied", "ISW"),
    ])


def run_share(areas, control, **params):
    import processing

    params = {"AREAS": areas, "AREA_NAME_FIELD": "name", "CONTROL": control,
              "OUTPUT": "TEMPORARY_OUTPUT", **params}
    result = processing.run("situationmapper:occupiedshare", params)
    layer = result["OUTPUT"]
    rows = {}
    for feature in layer.getFeatures():
        day = feature["date"].toPyDate()
        rows[(day.isoformat(), feature["area"], feature["source"])] = {
            name: feature[name] for name in layer.fields().names()}
    return layer, rows


def value(row, name):
    v = row[name]
    return None if v is None or str(v) == "NULL" else v


def test_hand_computable_shares(provider):
    layer, rows = run_share(areas_layer(), scenario_control(),
                            DATES="2025-01-05,2025-01-10,2025-01-12,2025-01-20",
                            UPPER_STATUSES="contested")
    assert [f.name() for f in layer.fields()] == [
        "date", "area", "source", "area_km2", "occupied_km2", "occupied_pct", "upper_km2",
        "upper_pct", "change_pct", "snapshot_date", "note"]
    # 4 dates x 5 areas x 2 sources, sources never merged
    assert layer.featureCount() == 40
    dsm = {name: rows[("2025-01-10", name, "DeepStateMap")] for name in AREAS}
    # symmetric about the middle meridian, so exactly half on the ellipsoid
    assert dsm["half"]["occupied_pct"] == pytest.approx(50.0, abs=1e-6)
    assert dsm["untouched"]["occupied_pct"] == 0.0 and dsm["untouched"]["occupied_km2"] == 0.0
    assert dsm["full"]["occupied_pct"] == pytest.approx(100.0, abs=1e-9)
    assert dsm["holed"]["occupied_pct"] == pytest.approx(50.0, abs=1e-6)
    # the cut lies 1.9 km from the vertices, on a chord a few mm off the geodesic
    assert dsm["two_parts"]["occupied_pct"] == pytest.approx(50.0, abs=1e-5)
    # km2 from pyproj's ellipsoidal area of the area polygons
    for name, geometry in AREAS.items():
        assert dsm[name]["area_km2"] == pytest.approx(geodesic_area_m2(geometry) / 1e6, rel=1e-9)
    assert dsm["half"]["occupied_km2"] == pytest.approx(dsm["half"]["area_km2"] / 2, rel=1e-8)
    # upper bound adds the contested ground
    assert dsm["untouched"]["upper_pct"] == pytest.approx(50.0, abs=1e-6)
    assert dsm["half"]["upper_pct"] == pytest.approx(50.0, abs=1e-6)
    # the other source has its own rows: ISW covers the whole of 'half'
    assert rows[("2025-01-10", "half", "ISW")]["occupied_pct"] == pytest.approx(100.0, abs=1e-9)
    assert value(rows[("2025-01-10", "half", "ISW")], "upper_pct") is not None


def test_dates_without_snapshots_and_changes(provider):
    _layer, rows = run_share(areas_layer(), scenario_control(),
                             DATES="2025-01-05,2025-01-10,2025-01-12,2025-01-20")
    before = rows[("2025-01-05", "half", "DeepStateMap")]
    # no snapshot yet: NULL, not a false 0 %
    assert value(before, "occupied_pct") is None and value(before, "occupied_km2") is None
    assert "no snapshot on or before" in before["note"]
    assert value(before, "area_km2") > 0
    gap = rows[("2025-01-12", "half", "DeepStateMap")]
    assert gap["snapshot_date"].toPyDate() == D1
    assert gap["occupied_pct"] == pytest.approx(50.0, abs=1e-6)
    assert gap["change_pct"] == pytest.approx(0.0, abs=1e-9)
    later = rows[("2025-01-20", "half", "DeepStateMap")]
    assert later["snapshot_date"].toPyDate() == D3
    assert later["occupied_pct"] == pytest.approx(100.0, abs=1e-9)
    assert later["change_pct"] == pytest.approx(50.0, abs=1e-6)
    assert value(rows[("2025-01-10", "half", "DeepStateMap")], "change_pct") is None
    # without UPPER_STATUSES the upper bound is NULL
    assert value(later, "upper_pct") is None and value(later, "upper_km2") is None


def test_sources_statuses_and_all_dates(provider):
    _layer, rows = run_share(areas_layer(), scenario_control(), SOURCES="ISW", DATES="all")
    assert {key[2] for key in rows} == {"ISW"}
    assert {key[0] for key in rows} == {"2025-01-10"}
    _layer, rows = run_share(areas_layer(), scenario_control(), STATUSES="contested", DATES="")
    assert {key[0] for key in rows} == {"2025-01-10"}  # the only contested snapshot date
    _layer, rows = run_share(areas_layer(), scenario_control(), STATUSES="contested",
                             DATES="2025-01-10,2025-01-20")
    assert rows[("2025-01-10", "untouched", "DeepStateMap")]["occupied_pct"] == pytest.approx(50.0, abs=1e-6)
    assert rows[("2025-01-20", "half", "DeepStateMap")]["occupied_pct"] == 0.0


def test_area_layer_in_another_crs_is_reprojected(provider):
    _layer, rows_4326 = run_share(areas_layer(), scenario_control(), DATES="2025-01-10")
    _layer, rows_3857 = run_share(areas_layer(crs="EPSG:3857"), scenario_control(), DATES="2025-01-10")
    for key, row in rows_4326.items():
        assert rows_3857[key]["occupied_pct"] == pytest.approx(row["occupied_pct"], abs=1e-6)
        assert rows_3857[key]["area_km2"] == pytest.approx(row["area_km2"], rel=1e-9)


def test_store_path_is_a_control_layer(provider, tmp_path):
    from qgis.core import QgsCoordinateTransformContext

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "control"
    path = str(tmp_path / "store.gpkg")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(
        scenario_control(), path, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError
    _layer, rows = run_share(areas_layer(), path, DATES="2025-01-10")
    assert rows[("2025-01-10", "holed", "DeepStateMap")]["occupied_pct"] == pytest.approx(50.0, abs=1e-6)


def test_invalid_and_zero_area_polygons(provider):
    from qgis.core import QgsProcessingFeedback

    import processing

    bow_tie = QgsGeometry.fromWkt("POLYGON((37.0 48.0, 37.1 48.1, 37.1 48.0, 37.0 48.1, 37.0 48.0))")
    flat = QgsGeometry.fromWkt("POLYGON((37.0 48.0, 37.1 48.0, 37.05 48.0, 37.0 48.0))")
    layer = areas_layer({"bow tie": bow_tie, "flat": flat, "half": AREAS["half"]})

    class Collect(QgsProcessingFeedback):
        messages = []

        def pushWarning(self, text):  # noqa: N802
            self.messages.append(text)

    feedback = Collect()
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": layer, "AREA_NAME_FIELD": "name", "CONTROL": scenario_control(),
        "DATES": "2025-01-10", "SOURCES": "DeepStateMap", "OUTPUT": "TEMPORARY_OUTPUT"},
        feedback=feedback)
    rows = {f["area"]: f for f in result["OUTPUT"].getFeatures()}
    assert set(rows) == {"bow tie", "flat", "half"}
    # the bow tie is two triangles; the west one lies under P1 up to 37.05
    assert "repaired" in rows["bow tie"]["note"]
    assert any("bow tie" in m and "repaired" in m for m in feedback.messages)
    tie = bow_tie.makeValid()
    covered = tie.intersection(box(36.9, 47.9, 37.05, 48.2))
    expected = geodesic_area_m2(covered) / geodesic_area_m2(tie) * 100
    assert rows["bow tie"]["occupied_pct"] == pytest.approx(expected, abs=1e-3)
    # zero area: a row with NULL share and a note, no division by zero
    assert str(rows["flat"]["occupied_pct"]) == "NULL" or rows["flat"]["occupied_pct"] is None
    assert "no area" in rows["flat"]["note"]
    assert any("flat" in m for m in feedback.messages)


def test_bad_parameters_are_clear_errors(provider):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="not a date"):
        run_share(areas_layer(), scenario_control(), DATES="2025-13-45")
    with pytest.raises(QgsProcessingException, match="no control feature with status"):
        run_share(areas_layer(), scenario_control(), STATUSES="liberated")
    with pytest.raises(QgsProcessingException, match="selects no day"):
        run_share(areas_layer(), scenario_control(), DATES="2030-01-01..2030-02-01")
    bad = QgsVectorLayer("Polygon?crs=EPSG:4326&field=x:string", "not control", "memory")
    with pytest.raises(QgsProcessingException, match="not a control layer"):
        run_share(areas_layer(), bad)


def test_calculator_matches_pyproj_on_irregular_shapes():
    """Irregular polygons, many days: every value equals pyproj's area of the
    GEOS intersection to 1e-4 percentage points, all measured from the changed
    edges (no GEOS overlay), and repeated coverings reuse their results."""
    import random

    from situation_mapper.core.occupied_share import OccupiedShareCalculator, make_area

    random.seed(7)

    def blob(cx, cy, radius, vertices):
        import math
        ring = []
        for k in range(vertices):
            angle = 2 * math.pi * k / vertices
            r = radius * (0.8 + 0.15 * math.sin(5 * angle) + 0.02 * random.random())
            ring.append((cx + r * math.cos(angle) * 1.5, cy + r * math.sin(angle)))
        ring.append(ring[0])
        return QgsGeometry.fromWkt("POLYGON((" + ",".join(f"{x} {y}" for x, y in ring) + "))")

    areas = [make_area(f"a{k}", blob(37 + 0.2 * k, 48.0, 0.08, 300)) for k in range(4)]
    calculator = OccupiedShareCalculator(areas)
    coverings = [blob(37.3, 48.0 + 0.01 * day, 0.25, 1500) for day in range(5)]
    partial = 0
    for covering in coverings + coverings[:2]:
        clipped = calculator.clip([covering])
        measured = calculator.covered_m2(clipped)
        partial += sum(1 for area, covered in zip(areas, measured) if 0 < covered < area.area_m2)
        for area, covered in zip(areas, measured):
            expected = geodesic_area_m2(area.geometry.intersection(covering)) if \
                area.geometry.intersects(covering) else 0.0
            assert covered / area.area_m2 * 100 == pytest.approx(
                expected / geodesic_area_m2(area.geometry) * 100, abs=1e-4)
    assert calculator.reused >= 2 * len(areas)
    assert partial >= 10 and calculator.overlays == 0  # crossed, and measured from the edges


def measure_area(geometry):
    from situation_mapper.core.occupied_share import measure_area_m2, polygon_part

    return measure_area_m2(polygon_part(geometry))


def test_series_equals_day_by_day():
    """covered_series (identical coverings measured once, all days measured
    together) gives what covered_m2 gives day by day, and what a GEOS overlay
    of each day gives, with a day with nothing and repeated days between."""
    import math

    from situation_mapper.core.occupied_share import OccupiedShareCalculator, make_area

    def blob(cx, cy, radius, vertices, wobble):
        ring = []
        for k in range(vertices):
            angle = 2 * math.pi * k / vertices
            r = radius * (0.8 + 0.15 * math.sin(5 * angle + wobble))
            ring.append((cx + r * math.cos(angle) * 1.5, cy + r * math.sin(angle)))
        ring.append(ring[0])
        return QgsGeometry.fromWkt("POLYGON((" + ",".join(f"{x} {y}" for x, y in ring) + "))")

    # two clusters of areas far apart
    areas = [make_area(f"a{k}", blob(37 + 0.2 * (k % 4), 48.0 + 2.0 * (k // 4), 0.08, 300, k))
             for k in range(8)]
    days = [blob(37.3, 48.0 + 0.01 * day, 0.25, 1500, 0.1 * day) for day in range(4)]
    days += [blob(37.3, 50.0 - 0.01 * day, 0.25, 1500, 0.2 * day) for day in range(3)]
    days = [days[0], days[0]] + days + [None, days[3]]  # repeats and a day with nothing

    day_by_day = OccupiedShareCalculator(areas)
    expected = [day_by_day.covered_m2(day_by_day.clip([d]) if d is not None else None) for d in days]
    calculator = OccupiedShareCalculator(areas)
    series = calculator.covered_series([calculator.clip([d]) if d is not None else None for d in days])
    for got, want in zip(series, expected):
        assert got == pytest.approx(want, rel=1e-12, abs=1e-6)
    assert calculator.reused >= 3 * len(areas)  # the repeated days
    for day, row in zip(days, series):
        for area, covered in zip(areas, row):
            direct = measure_area(area.geometry.intersection(day)) if day is not None else 0.0
            assert covered == pytest.approx(direct, rel=1e-7, abs=1.0)
    assert any(0 < v < a.area_m2 for row in expected for v, a in zip(row, areas))
    assert expected[-2] == [0.0] * len(areas)


def test_core_helpers():
    import numpy as np

    from situation_mapper.core.geodesy import edge_area_terms
    from situation_mapper.core.occupied_share import km2, measure_area_m2, share_percent
    from situation_mapper.core.polygon_rings import geodesic_densified
    from situation_mapper.core.share_edges import boundary_edges

    assert share_percent(1.0, 0.0) is None and share_percent(None, 5.0) is None
    assert share_percent(1.0, 4.0) == 25.0 and km2(2_500_000.0) == 2.5 and km2(None) is None
    square = box(37.0, 48.0, 37.5, 48.3)
    dense = geodesic_densified(square, max_edge_m=500.0)
    assert dense.constGet().nCoordinates() > 100
    # extra vertices lie on the geodesics: the ellipsoidal area does not change
    assert measure_area_m2(dense) == pytest.approx(measure_area_m2(square), rel=1e-10)
    assert measure_area_m2(square) == pytest.approx(geodesic_area_m2(square), rel=1e-9)
    # a ring's edge terms add up to its area, whichever way the WKB turns it
    # (to 1e-9 with edges of 500 m; the bend is a cubic: 1e-7 with edges of 37 km)
    for geometry, within in ((dense, 1e-9), (QgsGeometry.fromWkt(
            "POLYGON((37 48, 37 48.3, 37.5 48.3, 37.5 48, 37 48),(37.1 48.1, 37.2 48.1, 37.2 48.2, 37.1 48.1))"),
            1e-6)):
        edges = boundary_edges(bytes(geometry.asWkb()))
        chord, bend = edge_area_terms(edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3], 48.0)
        assert float((chord + bend).sum()) == pytest.approx(measure_area_m2(geometry), rel=within)
    # a 5 km edge's bend is its sliver against the geodesic; chords add up along an edge
    chord, bend = edge_area_terms(np.array([37.0, 37.0, 37.035]), np.array([48.0] * 3),
                                  np.array([37.07, 37.035, 37.07]), np.array([48.0] * 3), 48.5)
    assert chord[0] == pytest.approx(chord[1] + chord[2], rel=1e-12)
    assert bend[1] == pytest.approx(bend[0] / 8, rel=1e-3) and -3000 < bend[0] < -1000


def test_invalid_control_polygon_is_measured_once_repaired(provider):
    # a bow tie over the west half of 'half': two triangles meeting at 37.05 48.05
    bow_tie = QgsGeometry.fromWkt(
        "POLYGON((36.95 47.95, 37.15 48.15, 37.15 47.95, 36.95 48.15, 36.95 47.95))")
    control = control_layer([(bow_tie, D1, None, "occupied", "X")])
    _layer, rows = run_share(areas_layer({"half": AREAS["half"]}), control, DATES="2025-01-10")
    share = rows[("2025-01-10", "half", "X")]["occupied_pct"]
    repaired = bow_tie.makeValid()
    expected = geodesic_area_m2(AREAS["half"].intersection(repaired)) / geodesic_area_m2(AREAS["half"]) * 100
    assert 0 < share < 100
    assert share == pytest.approx(expected, abs=1e-3)


def test_repairs_keep_every_polygon_of_a_collection():
    """makeValid of parts sharing a side gives a collection holding a
    MultiPolygon: every polygon of it is kept (an area repaired so keeps its
    whole area)."""
    from situation_mapper.core.occupied_share import make_area, measure_area_m2, polygon_part

    touching = QgsGeometry.collectGeometry([box(37.0, 48.0, 37.1, 48.1), box(37.1, 48.0, 37.2, 48.1),
                                            box(37.5, 48.0, 37.6, 48.1)])
    assert not touching.isGeosValid()
    repaired = touching.makeValid()
    assert QgsWkbTypes.flatType(repaired.wkbType()) == QgsWkbTypes.GeometryCollection
    kept = polygon_part(repaired)
    assert measure_area_m2(kept) == pytest.approx(sum(measure_area_m2(b) for b in (
        box(37.0, 48.0, 37.1, 48.1), box(37.1, 48.0, 37.2, 48.1), box(37.5, 48.0, 37.6, 48.1))), rel=1e-9)
    area = make_area("two towns", touching)
    assert "repaired" in area.note and area.area_m2 == pytest.approx(measure_area_m2(kept), rel=1e-12)


def test_an_invalid_control_polygon_of_a_plain_layer_is_repaired_and_said(provider):
    """A bow tie whose two loops both lie in the area: its ring turns one way
    round one loop and the other way round the other, so measured as it is
    the loops would cancel; repaired first, both count, and the log says so."""
    import processing
    from test_import_snapshots import RecordingFeedback

    bow_tie = QgsGeometry.fromWkt("POLYGON((37.01 48.01, 37.09 48.09, 37.09 48.01, 37.01 48.09, 37.01 48.01))")
    control = control_layer([(bow_tie, D1, None, "occupied", "X")])
    feedback = RecordingFeedback()
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": areas_layer({"half": AREAS["half"]}), "AREA_NAME_FIELD": "name", "CONTROL": control,
        "DATES": "2025-01-10", "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    (row,) = list(result["OUTPUT"].getFeatures())
    expected = geodesic_area_m2(AREAS["half"].intersection(bow_tie.makeValid())) / \
        geodesic_area_m2(AREAS["half"]) * 100
    assert expected > 20
    assert row["occupied_pct"] == pytest.approx(expected, abs=1e-4)
    assert any("is not a valid polygon" in text and "X, occupied, from 2025-01-10" in text
               for text in feedback.warnings)


def test_edges_with_colliding_keys_are_told_apart(monkeypatch):
    """Edges are matched between days by a hash of their coordinates; edges
    whose hashes are equal are still told apart by their coordinates (here
    every hash is made equal)."""
    import numpy as np

    from situation_mapper.core import share_edges

    monkeypatch.setattr(share_edges, "_HASH_FACTOR", np.uint64(0))  # every key 0
    before = share_edges.EdgeSet(np.array([[0, 0, 1, 0], [1, 0, 1, 1], [1, 1, 0, 0]], dtype=float))
    after = share_edges.EdgeSet(np.array([[1, 1, 0, 0], [5, 5, 6, 6], [0, 0, 1, 0]], dtype=float))
    assert before.missing_from(after).tolist() == [1]
    assert after.missing_from(before).tolist() == [1]
