"""situationmapper:territorychange against independent computations: the gained
and lost ground of each pair of days as OGR/GEOS differences (osgeo.ogr, not
the plugin), measured with pyproj's geodesic polygon areas; on hand-made
squares with known gains and losses and on the real DeepStateMap snapshots."""

import csv
import datetime
import os

import numpy as np
import pyproj
import pytest
from osgeo import ogr
from pyproj import Geod
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from conftest import shared_data_path
from test_occupied_share import control_layer

if not os.environ.get("PROJ_LIB") and os.path.exists("/usr/share/proj/proj.db"):
    pyproj.datadir.set_data_dir("/usr/share/proj")

GEOD = Geod(ellps="WGS84")
ALG = "situationmapper:territorychange"
STEP = 0.005  # degrees between the vertices of the hand-made squares (short edges)


def ring_wkt(west, south, east, north, step=STEP):
    """A closed ring around a lon/lat box with a vertex every ``step`` degrees."""
    def run(a, b):
        n = max(1, int(round(abs(b - a) / step)))
        return [a + (b - a) * i / n for i in range(n)]
    points = [(x, south) for x in run(west, east)] + [(east, y) for y in run(south, north)] \
        + [(x, north) for x in run(east, west)] + [(west, y) for y in run(north, south)] + [(west, south)]
    return "(" + ", ".join(f"{x:.12g} {y:.12g}" for x, y in points) + ")"


def square(west, south, east, north):
    return f"POLYGON({ring_wkt(west, south, east, north)})"


def ogr_area_m2(geometry):
    """Geodesic area (m²) of an OGR (Multi)Polygon by pyproj, holes subtracted."""
    if geometry is None or geometry.IsEmpty():
        return 0.0
    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        return sum(ogr_area_m2(geometry.GetGeometryRef(i)) for i in range(geometry.GetGeometryCount()))
    if kind != ogr.wkbPolygon:
        return 0.0
    total = 0.0
    for number in range(geometry.GetGeometryCount()):
        points = geometry.GetGeometryRef(number).GetPoints()
        area, _perimeter = GEOD.polygon_area_perimeter([p[0] for p in points], [p[1] for p in points])
        total += abs(area) if number == 0 else -abs(area)
    return total


def ogr_of(wkt):
    return ogr.CreateGeometryFromWkt(wkt)


def changes_km2(before, after, area=None):
    """(held before, held after, gained, lost) in km², by OGR differences."""
    if area is not None:
        before, after = before.Intersection(area), after.Intersection(area)
    return (ogr_area_m2(before) / 1e6, ogr_area_m2(after) / 1e6,
            ogr_area_m2(after.Difference(before)) / 1e6, ogr_area_m2(before.Difference(after)) / 1e6)


def day(text):
    return datetime.date.fromisoformat(text)


# Hand-made series (source A): S1 from 2025-01-10; S2 from 2025-02-05 gains a strip
# in the east; no snapshot from 2025-02-05 until S3 of 2025-03-03, which loses a
# strip in the west and gains a square in the north-east. Source B: one square.
S1 = square(37.0, 48.0, 37.2, 48.2)
S2 = square(37.0, 48.0, 37.3, 48.2)
S3 = "MULTIPOLYGON((" + ring_wkt(37.05, 48.0, 37.3, 48.2) + "), (" + ring_wkt(37.4, 48.3, 37.5, 48.4) + "))"
B1 = square(38.0, 48.0, 38.1, 48.1)


def hand_control():
    return control_layer([
        (QgsGeometry.fromWkt(S1), day("2025-01-10"), day("2025-02-05"), "occupied", "A"),
        (QgsGeometry.fromWkt(S2), day("2025-02-05"), day("2025-03-03"), "occupied", "A"),
        (QgsGeometry.fromWkt(S3), day("2025-03-03"), None, "occupied", "A"),
        (QgsGeometry.fromWkt(square(36.0, 47.0, 36.1, 47.1)), day("2025-02-05"), None, "contested", "A"),
        (QgsGeometry.fromWkt(B1), day("2025-01-20"), None, "occupied", "B"),
    ])


def areas_layer(named):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "areas", "memory")
    features = []
    for name, wkt in named:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature["name"] = name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(params):
    import processing

    result = processing.run(ALG, dict({"STATUSES": "occupied", "TABLE": "TEMPORARY_OUTPUT"}, **params))
    rows = []
    for feature in result["TABLE"].getFeatures():
        row = {name: (None if isinstance(value, QVariant) and value.isNull() else value)
               for name, value in zip(feature.fields().names(), feature.attributes())}
        for name in ("period_start", "period_end", "start_snapshot", "end_snapshot"):
            if row[name] is not None:
                row[name] = row[name].toPyDate()
        rows.append(row)
    return result, rows


def by_key(rows):
    return {(r["period_start"].isoformat(), r["area"], r["source"]): r for r in rows}


def assert_row(row, expected, tolerance=1e-4):
    held_start, held_end, gained, lost = expected
    assert row["held_start_km2"] == pytest.approx(held_start, abs=tolerance)
    assert row["held_end_km2"] == pytest.approx(held_end, abs=tolerance)
    assert row["gained_km2"] == pytest.approx(gained, abs=tolerance)
    assert row["lost_km2"] == pytest.approx(lost, abs=tolerance)
    assert row["net_km2"] == pytest.approx(gained - lost, abs=tolerance)


def test_months_with_a_missing_snapshot_and_the_series_ends(provider):
    """January starts before the first snapshot (NULL, with a note); 1 March has
    no snapshot of its own (S2 of 5 February is valid then); April 1st lies after
    the last snapshot (measured to it, said in the note)."""
    _result, rows = run({"CONTROL": hand_control(), "SOURCES": "A", "PERIOD": "month", "DATES": ""})
    rows = by_key(rows)
    assert sorted(rows) == [("2025-01-01", None, "A"), ("2025-02-01", None, "A"), ("2025-03-01", None, "A")]
    january = rows[("2025-01-01", None, "A")]
    assert january["gained_km2"] is None and january["held_start_km2"] is None
    assert "2025-01-01" in january["note"]
    february = rows[("2025-02-01", None, "A")]
    assert february["period_end"] == day("2025-03-01")
    assert february["start_snapshot"] == day("2025-01-10") and february["end_snapshot"] == day("2025-02-05")
    expected = changes_km2(ogr_of(S1), ogr_of(S2))
    assert expected[2] > 160 and expected[3] == 0.0  # a 0.1 x 0.2 degree strip gained, nothing lost
    assert_row(february, expected)
    assert february["km2_per_day"] == pytest.approx(expected[2] / 28, abs=1e-5)
    assert not february["note"]
    march = rows[("2025-03-01", None, "A")]
    assert march["start_snapshot"] == day("2025-02-05") and march["end_snapshot"] == day("2025-03-03")
    expected = changes_km2(ogr_of(S2), ogr_of(S3))
    assert expected[2] > 80 and expected[3] > 80
    assert_row(march, expected)
    assert "2025-03-03" in march["note"]
    assert march["km2_per_day"] == pytest.approx((expected[2] - expected[3]) / 31, abs=1e-5)


def test_weeks_days_and_given_dates(provider):
    control = hand_control()
    # ISO week of Wednesday 5 February: Monday 3 to Monday 10 February
    _result, rows = run({"CONTROL": control, "SOURCES": "A", "PERIOD": "week", "DATES": "2025-02-05"})
    (row,) = rows
    assert (row["period_start"], row["period_end"]) == (day("2025-02-03"), day("2025-02-10"))
    assert_row(row, changes_km2(ogr_of(S1), ogr_of(S2)))
    # days: every day from the first to the last selected one, changed or not
    _result, rows = run({"CONTROL": control, "SOURCES": "A", "PERIOD": "day",
                         "DATES": "2025-02-03/1"})
    rows = by_key(rows)
    assert len(rows) == 29  # 3 February to the last snapshot, 3 March
    assert_row(rows[("2025-02-04", None, "A")], changes_km2(ogr_of(S1), ogr_of(S2)))
    assert_row(rows[("2025-03-02", None, "A")], changes_km2(ogr_of(S2), ogr_of(S3)))
    quiet = rows[("2025-02-20", None, "A")]
    assert quiet["gained_km2"] == 0.0 and quiet["lost_km2"] == 0.0
    assert quiet["held_start_km2"] == pytest.approx(ogr_area_m2(ogr_of(S2)) / 1e6, abs=1e-4)
    # between given dates, each source on its own rows
    _result, rows = run({"CONTROL": control, "PERIOD": "dates", "DATES": "2025-01-15,2025-02-20,2025-03-10"})
    rows = by_key(rows)
    assert sorted(rows) == [("2025-01-15", None, "A"), ("2025-01-15", None, "B"),
                            ("2025-02-20", None, "A"), ("2025-02-20", None, "B")]
    assert_row(rows[("2025-01-15", None, "A")], changes_km2(ogr_of(S1), ogr_of(S2)))
    assert_row(rows[("2025-02-20", None, "A")], changes_km2(ogr_of(S2), ogr_of(S3)))
    assert rows[("2025-01-15", None, "B")]["gained_km2"] is None  # B starts on 20 January
    assert_row(rows[("2025-02-20", None, "B")], (ogr_area_m2(ogr_of(B1)) / 1e6,) * 2 + (0.0, 0.0))


def test_areas_clip_the_change_and_polygons_are_written(provider, tmp_path):
    """Within an area only its part of the change counts; an area the change
    misses gets zeros; GAINED and LOST hold the polygons."""
    clip = square(37.25, 48.05, 37.45, 48.35)   # half the gained strip, part of the new square
    west = square(36.95, 48.05, 37.1, 48.15)    # across the strip lost in March
    far = square(39.0, 48.0, 39.1, 48.1)
    areas = areas_layer([("clip", clip), ("west", west), ("far", far)])
    table = str(tmp_path / "change.csv")
    result, rows = run({"CONTROL": hand_control(), "SOURCES": "A", "PERIOD": "dates",
                        "DATES": "2025-02-01,2025-03-01,2025-03-10", "AREAS": areas,
                        "AREA_NAME_FIELD": "name", "GAINED": "TEMPORARY_OUTPUT", "LOST": "TEMPORARY_OUTPUT"})
    rows = by_key(rows)
    assert len(rows) == 6
    for name, wkt in (("clip", clip), ("west", west), ("far", far)):
        area = ogr_of(wkt)
        assert_row(rows[("2025-02-01", name, "A")], changes_km2(ogr_of(S1), ogr_of(S2), area))
        assert_row(rows[("2025-03-01", name, "A")], changes_km2(ogr_of(S2), ogr_of(S3), area))
    assert rows[("2025-02-01", "clip", "A")]["gained_km2"] > 50
    assert rows[("2025-03-01", "west", "A")]["lost_km2"] > 40
    assert rows[("2025-03-01", "far", "A")]["gained_km2"] == 0.0
    gained = {(f["period_start"].toPyDate().isoformat(), f["area"]): f for f in result["GAINED"].getFeatures()}
    lost = {(f["period_start"].toPyDate().isoformat(), f["area"]): f for f in result["LOST"].getFeatures()}
    assert sorted(gained) == [("2025-02-01", "clip"), ("2025-03-01", "clip")]
    assert sorted(lost) == [("2025-03-01", "west")]
    expected = ogr_of(S2).Difference(ogr_of(S1)).Intersection(ogr_of(clip))
    polygon = ogr_of(gained[("2025-02-01", "clip")].geometry().asWkt(12))
    assert ogr_area_m2(polygon.SymDifference(expected)) < 1.0  # m²
    assert gained[("2025-02-01", "clip")]["km2"] == pytest.approx(ogr_area_m2(expected) / 1e6, abs=1e-4)
    assert "clip" in gained[("2025-02-01", "clip")]["label"]
    # a CSV table: ISO dates
    import processing

    processing.run(ALG, {"CONTROL": hand_control(), "STATUSES": "occupied", "SOURCES": "A",
                         "PERIOD": "month", "DATES": "", "TABLE": table})
    with open(table, newline="", encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert first["period_start"] == "2025-01-01" and first["period_end"] == "2025-02-01"


def reversed_ring(west, south, east, north):
    ring = ring_wkt(west, south, east, north)[1:-1].split(", ")
    return "(" + ", ".join(ring[::-1]) + ")"


def test_ring_of_gained_ground_around_held_island(provider):
    """Ground gained all around an island held already (the island's edges
    vanish) and a hole given up inside held ground."""
    before = f"MULTIPOLYGON(({ring_wkt(37.1, 48.1, 37.2, 48.2)}), ({ring_wkt(38.0, 48.0, 38.3, 48.3)}))"
    after = f"MULTIPOLYGON(({ring_wkt(37.0, 48.0, 37.3, 48.3)}), " \
            f"({ring_wkt(38.0, 48.0, 38.3, 48.3)}, {reversed_ring(38.1, 48.1, 38.2, 48.2)}))"
    assert QgsGeometry.fromWkt(after).isGeosValid()
    control = control_layer([
        (QgsGeometry.fromWkt(before), day("2025-01-01"), day("2025-01-02"), "occupied", "A"),
        (QgsGeometry.fromWkt(after), day("2025-01-02"), None, "occupied", "A")])
    _result, (row,) = run({"CONTROL": control, "PERIOD": "dates", "DATES": "2025-01-01,2025-01-02"})
    expected = changes_km2(ogr_of(before), ogr_of(after))
    assert expected[2] > 600 and expected[3] > 70
    assert_row(row, expected)


def test_bad_input_is_a_clear_message(provider):
    from qgis.core import QgsProcessingException

    control = hand_control()
    with pytest.raises(QgsProcessingException, match="at least two dates"):
        run({"CONTROL": control, "PERIOD": "dates", "DATES": "2025-02-01"})
    with pytest.raises(QgsProcessingException, match="DATES"):
        run({"CONTROL": control, "PERIOD": "month", "DATES": "2025-13-01"})
    with pytest.raises(QgsProcessingException, match="no control feature"):
        run({"CONTROL": control, "SOURCES": "nobody"})


# -- the real snapshots -------------------------------------------------------------
def snapshot_on(files_by_day, when):
    """The OGR geometry of the snapshot file valid on ``when`` (the latest on or before)."""
    earlier = [d for d in files_by_day if d <= when]
    path = files_by_day[max(earlier)]
    source = ogr.Open(str(path))
    layer = source.GetLayer(0)
    union = None
    for feature in layer:
        geometry = feature.GetGeometryRef().Clone()
        union = geometry if union is None else union.Union(geometry)
    return union, max(earlier)


@pytest.fixture(scope="module")
def november_files():
    from support import deepstate_files

    data = shared_data_path()
    return deepstate_files(data, datetime.date(2025, 10, 25), datetime.date(2025, 12, 3))


def test_real_november_2025_whole_data_and_pokrovsk(provider, november_files):
    from situation_mapper.core.snapshot_dates import date_from_file_name
    from support import control_layer_from_files, towns_layer

    data = shared_data_path()
    by_day = {date_from_file_name(f.name): f for f in november_files}
    control = control_layer_from_files(november_files)
    towns = towns_layer(data)
    start, start_day = snapshot_on(by_day, day("2025-11-01"))
    end, end_day = snapshot_on(by_day, day("2025-12-01"))
    _result, (row,) = run({"CONTROL": control, "PERIOD": "month", "DATES": "2025-11-01..2025-11-30"})
    expected = changes_km2(start, end)
    assert expected[2] > 50  # ground was taken in November 2025
    assert (row["start_snapshot"], row["end_snapshot"]) == (start_day, end_day)
    assert_row(row, expected, tolerance=2e-3)
    assert row["gained_km2"] == pytest.approx(expected[2], rel=1e-6)
    assert row["lost_km2"] == pytest.approx(expected[3], rel=1e-6, abs=1e-4)
    # within Pokrovsk (the OpenStreetMap town limits)
    pokrovsk = [f for f in towns.getFeatures() if f["name"] == "Pokrovsk"][0]
    area = ogr_of(pokrovsk.geometry().asWkt(15))
    _result, rows = run({"CONTROL": control, "PERIOD": "month", "DATES": "2025-11-01..2025-11-30",
                         "AREAS": towns, "AREA_NAME_FIELD": "name"})
    rows = {r["area"]: r for r in rows}
    expected = changes_km2(start, end, area)
    assert expected[2] > 1.0
    assert_row(rows["Pokrovsk"], expected, tolerance=1e-4)


def test_real_daily_series_matches_per_pair_differences(provider, november_files):
    from situation_mapper.core.snapshot_dates import date_from_file_name
    from support import control_layer_from_files

    files = [f for f in november_files if date_from_file_name(f.name) <= day("2025-11-15")]
    by_day = {date_from_file_name(f.name): f for f in files}
    _result, rows = run({"CONTROL": control_layer_from_files(files), "PERIOD": "day",
                         "DATES": "2025-11-01..2025-11-14"})
    assert len(rows) == 14
    worst = 0.0
    for row in rows:
        before, _d = snapshot_on(by_day, row["period_start"])
        after, _d = snapshot_on(by_day, row["period_end"])
        expected = changes_km2(before, after)
        worst = max(worst, abs(row["gained_km2"] - expected[2]), abs(row["lost_km2"] - expected[3]))
        assert row["held_end_km2"] == pytest.approx(expected[1], rel=1e-7)
    assert worst < 1e-4
    assert sum(r["gained_km2"] for r in rows) > 10
    # with the polygons asked for, every pair is measured through GEOS faces: the same figures
    result, with_polygons = run({"CONTROL": control_layer_from_files(files), "PERIOD": "day",
                                 "DATES": "2025-11-01..2025-11-14", "GAINED": "TEMPORARY_OUTPUT"})
    for row, other in zip(rows, with_polygons):
        assert other["gained_km2"] == pytest.approx(row["gained_km2"], abs=1e-6)
        assert other["lost_km2"] == pytest.approx(row["lost_km2"], abs=1e-6)
    polygons = {f["period_start"].toPyDate(): f["km2"] for f in result["GAINED"].getFeatures()}
    assert sum(polygons.values()) == pytest.approx(sum(r["gained_km2"] for r in rows), abs=1e-5)
    assert np.isfinite([r["km2_per_day"] for r in rows]).all()
