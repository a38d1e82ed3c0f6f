"""situationmapper:frontdistance against an independent computation: pyproj
(Geod and an aeqd projection centred on each target) and numpy segment distances."""

import csv
import datetime
import json
import os

import numpy as np
import pytest
import pyproj
from pyproj import Geod, Transformer
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

from conftest import shared_data_path
from test_encirclement import control_layer, point_layer

if not os.environ.get("PROJ_LIB") and os.path.exists("/usr/share/proj/proj.db"):
    pyproj.datadir.set_data_dir("/usr/share/proj")

GEOD = Geod(ellps="WGS84")


def box(west, south, east, north):
    return f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"


def expected_nearest(rings, lon, lat, step=0.0005):
    """(distance m, azimuth 0..360, nearest lon, lat) from (lon, lat) to the rings
    (outside them): rings densified in lon/lat, projected to an aeqd centred on
    the target with pyproj, nearest point on every segment by numpy, measured
    back with pyproj.Geod."""
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m +no_defs"
    forward = Transformer.from_proj("+proj=longlat +ellps=WGS84 +no_defs", aeqd, always_xy=True)
    inverse = Transformer.from_proj(aeqd, "+proj=longlat +ellps=WGS84 +no_defs", always_xy=True)
    best = (np.inf, None, None)
    for ring in rings:
        ring = np.asarray(ring, dtype=float)[:, :2]
        dense = [ring[:1]]
        for a, b in zip(ring[:-1], ring[1:]):
            n = max(1, int(np.ceil(np.max(np.abs(b - a)) / step)))
            t = np.arange(1, n + 1)[:, None] / n
            dense.append(a + (b - a) * t)
        dense = np.vstack(dense)
        x, y = forward.transform(dense[:, 0], dense[:, 1])
        p, q = np.column_stack([x, y])[:-1], np.column_stack([x, y])[1:]
        d = q - p
        length2 = np.maximum((d * d).sum(axis=1), 1e-12)
        t = np.clip(-(p * d).sum(axis=1) / length2, 0.0, 1.0)
        near = p + d * t[:, None]
        r = np.hypot(near[:, 0], near[:, 1])
        i = int(np.argmin(r))
        if r[i] < best[0]:
            best = (r[i], near[i, 0], near[i, 1])
    lon1, lat1 = inverse.transform(best[1], best[2])
    azimuth, _back, distance = GEOD.inv(lon, lat, lon1, lat1)
    return distance, azimuth % 360.0, lon1, lat1


def box_ring(west, south, east, north):
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def run(**params):
    import processing

    params.setdefault("TABLE", "TEMPORARY_OUTPUT")
    result = processing.run("situationmapper:frontdistance", params)
    rows = sorted(result["TABLE"].getFeatures(), key=lambda f: (f["date"], f["target"]))
    return rows, result


def day(value):
    return None if value is None or value.isNull() else value.toPyDate()


BOX = (37.0, 48.0, 38.0, 49.0)


def test_outside_and_inside_a_box(provider):
    targets = point_layer({"west": (36.9, 48.5), "east": (38.1, 48.3), "inside": (37.5, 48.5)})
    rows, result = run(TARGETS=targets, TARGET_NAME_FIELD="name",
                       CONTROL=control_layer({"2025-11-01": box(*BOX)}))
    assert "NEAREST" not in result or result["NEAREST"] is None
    by_name = {r["target"]: r for r in rows}
    assert set(by_name) == {"west", "east", "inside"}
    for name, (lon, lat), bearing in (("west", (36.9, 48.5), 90.0), ("east", (38.1, 48.3), 270.0)):
        distance, azimuth, _lon, _lat = expected_nearest([box_ring(*BOX)], lon, lat)
        row = by_name[name]
        assert row["distance_km"] * 1000 == pytest.approx(distance, abs=1.0)
        assert row["bearing_deg"] == pytest.approx(azimuth, abs=0.01)
        assert row["bearing_deg"] == pytest.approx(bearing, abs=0.5)
        assert day(row["snapshot_date"]) == datetime.date(2025, 11, 1)
    inside = by_name["inside"]
    assert inside["distance_km"] == 0.0
    assert _null(inside["bearing_deg"])


def _null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


def test_approach_rate_gaps_and_nearest_lines(provider):
    # the box's west edge moves west: 37.0 (Nov 1), 36.95 (Nov 15), 36.92 (Nov 29)
    snapshots = {"2025-11-01": box(37.0, 48.0, 38.0, 49.0), "2025-11-15": box(36.95, 48.0, 38.0, 49.0),
                 "2025-11-29": box(36.92, 48.0, 38.0, 49.0)}
    lon, lat = 36.8, 48.5
    rows, result = run(TARGETS=point_layer({"town": (lon, lat)}), TARGET_NAME_FIELD="name",
                       CONTROL=control_layer(snapshots), WINDOW_DAYS=14,
                       DATES="2025-10-20,2025-11-01,2025-11-15,2025-11-29,2025-12-03",
                       NEAREST="TEMPORARY_OUTPUT")
    assert [day(r["date"]) for r in rows] == [datetime.date(2025, 10, 20), datetime.date(2025, 11, 1),
                                             datetime.date(2025, 11, 15), datetime.date(2025, 11, 29),
                                             datetime.date(2025, 12, 3)]
    west = {"2025-11-01": 37.0, "2025-11-15": 36.95, "2025-11-29": 36.92}
    dist = {k: expected_nearest([box_ring(v, 48.0, 38.0, 49.0)], lon, lat)[0] for k, v in west.items()}
    before, first, mid, last, after = rows
    # no snapshot on Oct 20: a row with NULL figures and a note
    assert _null(before["distance_km"]) and _null(before["approach_km_per_week"])
    assert before["note"] and "2025-10-20" in before["note"]
    # Nov 1 - 14 days has no snapshot: NULL approach with a note
    assert first["distance_km"] * 1000 == pytest.approx(dist["2025-11-01"], abs=1.0)
    assert _null(first["approach_km_per_week"]) and "approach" in first["note"]
    assert mid["approach_km_per_week"] == pytest.approx(
        (dist["2025-11-01"] - dist["2025-11-15"]) / 1000 * 7 / 14, abs=1e-3)
    assert last["approach_km_per_week"] == pytest.approx(
        (dist["2025-11-15"] - dist["2025-11-29"]) / 1000 * 7 / 14, abs=1e-3)
    assert last["approach_km_per_week"] > 0  # the front comes closer
    # Dec 3 uses the Nov 29 snapshot; Dec 3 - 14 = Nov 19 uses Nov 15
    assert day(after["snapshot_date"]) == datetime.date(2025, 11, 29)
    assert after["approach_km_per_week"] == pytest.approx(last["approach_km_per_week"], abs=1e-9)
    lines = list(result["NEAREST"].getFeatures())
    assert len(lines) == 4
    for line in lines:
        start, end = line.geometry().asPolyline()
        assert (start.x(), start.y()) == pytest.approx((lon, lat), abs=1e-9)
        key = day(line["snapshot_date"]).isoformat()
        _d, _a, lon1, lat1 = expected_nearest([box_ring(west[key], 48.0, 38.0, 49.0)], lon, lat)
        assert GEOD.inv(end.x(), end.y(), lon1, lat1)[2] < 1.0
        assert line["label"] == "town: {:.1f} km (test, {})".format(line["distance_km"], key)


def test_receding_front_is_negative_and_csv_has_iso_dates(provider, tmp_path):
    snapshots = {"2025-11-01": box(37.0, 48.0, 38.0, 49.0), "2025-11-08": box(37.1, 48.0, 38.0, 49.0)}
    path = tmp_path / "distance.csv"
    import processing

    processing.run("situationmapper:frontdistance", {
        "TARGETS": point_layer({"town": (36.8, 48.5)}), "TARGET_NAME_FIELD": "name",
        "CONTROL": control_layer(snapshots), "WINDOW_DAYS": 7, "TABLE": str(path)})
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["date"] for r in rows] == ["2025-11-01", "2025-11-08"]
    assert rows[1]["snapshot_date"] == "2025-11-08"
    d0 = expected_nearest([box_ring(37.0, 48.0, 38.0, 49.0)], 36.8, 48.5)[0]
    d1 = expected_nearest([box_ring(37.1, 48.0, 38.0, 49.0)], 36.8, 48.5)[0]
    assert float(rows[1]["approach_km_per_week"]) == pytest.approx((d0 - d1) / 1000, abs=1e-3)
    assert float(rows[1]["approach_km_per_week"]) < 0


def test_polygon_targets_and_bad_window(provider):
    from qgis.core import QgsProcessingException

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "t", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(box(36.79, 48.49, 36.81, 48.51)))
    feature["name"] = "square"
    layer.dataProvider().addFeatures([feature])
    rows, _ = run(TARGETS=layer, TARGET_NAME_FIELD="name", CONTROL=control_layer({"2025-11-01": box(*BOX)}))
    distance = expected_nearest([box_ring(*BOX)], 36.8, 48.5)[0]
    assert rows[0]["distance_km"] * 1000 == pytest.approx(distance, abs=20.0)
    with pytest.raises(QgsProcessingException):
        run(TARGETS=layer, CONTROL=control_layer({"2025-11-01": box(*BOX)}), WINDOW_DAYS=0)


def _rings(path):
    rings = []
    for feature in json.loads(path.read_text())["features"]:
        geometry = feature["geometry"]
        if geometry is None:
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            rings.extend(polygon)
    return rings


@pytest.mark.slow
def test_real_data_against_independent_computation(provider, tmp_path):
    from support import deepstate_files, towns_layer
    from test_import_snapshots import run_import

    shared = shared_data_path()
    days = [datetime.date(2025, 11, 1), datetime.date(2025, 11, 20)]
    files = [f for f in deepstate_files(shared, days[0], days[-1])
             if any(f.name.endswith(d.strftime("%Y%m%d") + ".geojson") for d in days)]
    if len(files) != len(days):
        pytest.skip("the November 2025 DeepStateMap files are missing")
    store = tmp_path / "store.gpkg"
    run_import([str(f) for f in files], store)
    towns = towns_layer(shared)
    points = {}
    for feature in towns.getFeatures():
        if feature["name"] in ("Pokrovsk", "Myrnohrad", "Kostiantynivka hromada"):
            point = feature.geometry().pointOnSurface().asPoint()
            points[feature["name"]] = (point.x(), point.y())
    assert points
    rows, _ = run(TARGETS=point_layer(points), TARGET_NAME_FIELD="name", CONTROL=str(store),
                  DATES=",".join(d.isoformat() for d in days))
    assert len(rows) == len(points) * len(days)
    rings = {d: _rings(f) for d, f in zip(days, files)}
    checked = 0
    for row in rows:
        if row["distance_km"] == 0:
            continue
        lon, lat = points[row["target"]]
        distance, azimuth, _lon, _lat = expected_nearest(rings[day(row["date"])], lon, lat)
        assert row["distance_km"] * 1000 == pytest.approx(distance, abs=20.0), row["target"]
        assert row["bearing_deg"] == pytest.approx(azimuth, abs=1.0)
        checked += 1
        print(row["target"], day(row["date"]), row["distance_km"], distance / 1000)
    assert checked >= 3
