"""situationmapper:encirclement: hand cases and the real data against an
independent dense bearing sampling (pyproj.Geod + numpy even-odd point-in-polygon)."""

import datetime
import json

import numpy as np
import pytest
from pyproj import Geod
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer

from conftest import shared_data_path

GEOD = Geod(ellps="WGS84")
LON0, LAT0 = 37.18, 48.28


def control_layer(polygons_by_day, source="test"):
    """A memory control layer: {date: wkt} snapshots of status occupied."""
    from situation_mapper.store.schema import control_fields

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "control", "memory")
    layer.dataProvider().addAttributes(control_fields().toList())
    layer.updateFields()
    days = sorted(polygons_by_day)
    features = []
    for start, stop in zip(days, days[1:] + [None]):
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry.fromWkt(polygons_by_day[start])
        geometry.convertToMultiType()
        feature.setGeometry(geometry)
        feature["valid_from"] = start
        feature["valid_to"] = stop
        feature["status"] = "occupied"
        feature["source"] = source
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def point_layer(points):
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "areas", "memory")
    features = []
    for name, (lon, lat) in points.items():
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
        feature["name"] = name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(**params):
    import processing

    params.setdefault("TABLE", "TEMPORARY_OUTPUT")
    params.setdefault("ARCS", "TEMPORARY_OUTPUT")
    result = processing.run("situationmapper:encirclement", params)
    return list(result["TABLE"].getFeatures()), list(result["ARCS"].getFeatures())


EAST_HALF = f"POLYGON(({LON0} 47.5, 39 47.5, 39 49, {LON0} 49, {LON0} 47.5))"


def test_half_ring_is_180_degrees(provider):
    control = control_layer({"2025-11-01": EAST_HALF})
    rows, arcs = run(AREA=point_layer({"P": (LON0, LAT0)}), AREA_NAME_FIELD="name",
                     CONTROL=control, DATES="2025-11-20", RADIUS_M="5000, 10000")
    assert [r["radius_m"] for r in rows] == [5000, 10000]
    for row in rows:
        # the geodesic along azimuth 0 and 180 is the meridian through the centre
        assert row["enclosed_deg"] == pytest.approx(180.0, abs=1e-3)
        assert row["open_deg"] == pytest.approx(180.0, abs=1e-3)
        assert row["hostile_sectors"] == 1
        assert row["area"] == "P" and row["source"] == "test"
        assert row["snapshot_date"].toPyDate() == datetime.date(2025, 11, 1)
        assert row["date"].toPyDate() == datetime.date(2025, 11, 20)
    assert len(arcs) == 2
    for arc in arcs:
        assert arc["start_az"] == pytest.approx(0.0, abs=1e-3) or arc["start_az"] == pytest.approx(360.0, abs=1e-3)
        assert arc["end_az"] == pytest.approx(180.0, abs=1e-3)
        line = arc.geometry().asPolyline()
        distances = [GEOD.inv(LON0, LAT0, p.x(), p.y())[2] for p in line]
        assert max(abs(d - arc["radius_m"]) for d in distances) < 1e-3
        azimuths = [GEOD.inv(LON0, LAT0, p.x(), p.y())[0] % 360 for p in line[1:-1]]
        assert all(0 < a < 180 for a in azimuths)


def test_ring_gap_and_wrap_through_north(provider):
    # hostile everywhere around except a 5 km-wide gap to the north-west
    ring = QgsGeometry.fromPointXY(QgsPointXY(LON0, LAT0)).buffer(0.5, 32).difference(
        QgsGeometry.fromPointXY(QgsPointXY(LON0, LAT0)).buffer(0.01, 32))
    corners = [GEOD.fwd(LON0, LAT0, azimuth, 20000.0)[:2] for azimuth in (300.0, 330.0)]
    # gap edges along the geodesics (pyproj), 100 m between vertices
    edge_a = GEOD.npts(LON0, LAT0, *corners[0], 199)
    edge_b = GEOD.npts(*corners[1], LON0, LAT0, 199)
    outline = [(LON0, LAT0)] + edge_a + [corners[0], corners[1]] + edge_b + [(LON0, LAT0)]
    gap = QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in outline]])
    closed_day, gap_day = "2025-12-01", "2025-11-01"
    control = control_layer({gap_day: ring.difference(gap).asWkt(), closed_day: ring.asWkt()})
    rows, arcs = run(AREA=point_layer({"P": (LON0, LAT0)}), CONTROL=control,
                     DATES=f"{gap_day},{closed_day}", RADIUS_M="5000")
    by_day = {r["date"].toPyDate().isoformat(): r for r in rows}
    assert by_day[closed_day]["enclosed_deg"] == pytest.approx(360.0)
    assert by_day[closed_day]["hostile_sectors"] == 1
    gap_row = by_day[gap_day]
    # chords of 100 m deviate from the geodesic by far less than 0.01 degree
    edges = [300.0, 330.0]
    assert gap_row["hostile_sectors"] == 1, [(a["start_az"], a["end_az"]) for a in arcs]
    gap_arc = next(a for a in arcs if a["date"].toPyDate().isoformat() == gap_day)
    assert gap_arc["end_az"] == pytest.approx(edges[0], abs=0.01)
    assert gap_arc["start_az"] == pytest.approx(edges[1], abs=0.01)
    assert gap_row["open_deg"] == pytest.approx(30.0, abs=0.02)
    # the hostile run wraps through north: 330 -> 300 clockwise
    assert gap_arc["degrees"] == pytest.approx(330.0, abs=0.02)


def test_no_hostile_ground_nearby_is_zero(provider):
    far = "POLYGON((30 40, 31 40, 31 41, 30 41, 30 40))"
    rows, arcs = run(AREA=point_layer({"P": (LON0, LAT0)}), CONTROL=control_layer({"2025-11-01": far}),
                     DATES="2025-11-02")
    assert rows[0]["enclosed_deg"] == 0 and rows[0]["hostile_sectors"] == 0 and not arcs


def test_bad_radius_and_dates_are_clear_errors(provider):
    from qgis.core import QgsProcessingException

    control = control_layer({"2025-11-01": EAST_HALF})
    area = point_layer({"P": (LON0, LAT0)})
    with pytest.raises(QgsProcessingException, match="RADIUS_M"):
        run(AREA=area, CONTROL=control, RADIUS_M="5 km")
    with pytest.raises(QgsProcessingException, match="DATES"):
        run(AREA=area, CONTROL=control, DATES="20.11.2025")
    with pytest.raises(QgsProcessingException, match="not a control layer"):
        run(AREA=area, CONTROL=area)


def test_arcs_output_gets_the_pincer_style(provider, qgis_new_project):
    import processing
    from qgis.core import QgsMarkerLineSymbolLayer

    control = control_layer({"2025-11-01": EAST_HALF})
    processing.runAndLoadResults("situationmapper:encirclement", {
        "AREA": point_layer({"P": (LON0, LAT0)}), "CONTROL": control, "DATES": "2025-11-20",
        "TABLE": "TEMPORARY_OUTPUT", "ARCS": "TEMPORARY_OUTPUT"})
    arcs = [layer for layer in QgsProject.instance().mapLayers().values()
            if layer.type() == layer.VectorLayer and "start_az" in layer.fields().names()]
    assert len(arcs) == 1
    symbol = arcs[0].renderer().symbol()
    markers = [symbol.symbolLayer(i) for i in range(symbol.symbolLayerCount())
               if isinstance(symbol.symbolLayer(i), QgsMarkerLineSymbolLayer)]
    assert len(markers) == 2  # an arrowhead at each end: a pincer


# -- real data ------------------------------------------------------------------
def _rings(path):
    """Exterior and interior rings of a GeoJSON (Multi)Polygon file, as arrays."""
    rings = []
    for feature in json.loads(path.read_text())["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            rings.extend(np.asarray(ring, dtype=float)[:, :2] for ring in polygon)
    return rings


def dense_enclosed_degrees(rings, lon, lat, radius, step=0.01):
    """Enclosed degrees by 0.01 degree bearing sampling: pyproj.Geod.fwd points,
    even-odd ray casting over every ring edge (numpy), independent of QGIS/GEOS."""
    azimuths = np.arange(0.0, 360.0, step)
    n = azimuths.size
    xs, ys, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), azimuths, np.full(n, float(radius)))
    inside = np.zeros(n, dtype=bool)
    ymin, ymax = ys.min(), ys.max()
    for ring in rings:
        x1, y1 = ring[:-1, 0], ring[:-1, 1]
        x2, y2 = ring[1:, 0], ring[1:, 1]
        keep = ~((np.maximum(y1, y2) < ymin) | (np.minimum(y1, y2) > ymax))
        x1, y1, x2, y2 = x1[keep], y1[keep], x2[keep], y2[keep]
        if x1.size == 0:
            continue
        straddle = (y1[None, :] > ys[:, None]) != (y2[None, :] > ys[:, None])
        with np.errstate(divide="ignore", invalid="ignore"):
            x_cross = x1[None, :] + (ys[:, None] - y1[None, :]) * (x2 - x1)[None, :] / (y2 - y1)[None, :]
        crossings = np.count_nonzero(straddle & (x_cross > xs[:, None]), axis=1)
        inside ^= (crossings % 2).astype(bool)
    return inside.sum() * step


@pytest.mark.slow
def test_real_data_against_dense_sampling(provider):
    from support import control_layer_from_files, deepstate_files, towns_layer

    shared = shared_data_path()
    days = [datetime.date(2025, 10, 15), datetime.date(2025, 11, 20), datetime.date(2025, 12, 20),
            datetime.date(2026, 1, 20), datetime.date(2026, 2, 20)]
    files = [f for f in deepstate_files(shared, days[0], days[-1])
             if any(f.name.endswith(d.strftime("%Y%m%d") + ".geojson") for d in days)]
    assert len(files) == len(days)
    control = control_layer_from_files(files)
    towns = towns_layer(shared)
    towns.setSubsetString("\"name\" IN ('Pokrovsk', 'Myrnohrad')")
    rows, arcs = run(AREA=towns, AREA_NAME_FIELD="name", CONTROL=control,
                     DATES=",".join(d.isoformat() for d in days), RADIUS_M="5000,10000")
    assert len(rows) == 2 * 2 * len(days)
    rings_by_day = {d: _rings(f) for d, f in zip(days, files)}
    worst = 0.0
    seen = set()
    for row in rows:
        day = row["date"].toPyDate()
        expected = dense_enclosed_degrees(rings_by_day[day], row["centre_lon"], row["centre_lat"],
                                          row["radius_m"])
        worst = max(worst, abs(row["enclosed_deg"] - expected))
        assert row["enclosed_deg"] == pytest.approx(expected, abs=0.5), (row["area"], day, row["radius_m"])
        seen.add(round(row["enclosed_deg"]))
        # the arcs of that row add up to its enclosed degrees
        total = sum(a["degrees"] for a in arcs if a["date"] == row["date"] and a["area"] == row["area"]
                    and a["radius_m"] == row["radius_m"])
        assert total == pytest.approx(row["enclosed_deg"], abs=1e-6)
    assert len(seen) > 5  # the situation really changes over these dates
    print(f"worst difference against 0.01-degree sampling: {worst:.4f} degrees")
