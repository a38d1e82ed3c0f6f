"""situationmapper:corridor: hand cases, the local projection's error, and the
real data against an independent raster method (pyproj + GDAL rasterising +
scipy distance transform + connected components)."""

import datetime
import json

import numpy as np
import pytest
from pyproj import Geod, Transformer
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

from conftest import shared_data_path
from test_encirclement import control_layer

GEOD = Geod(ellps="WGS84")
LON0, LAT0 = 37.0, 48.0
# Rear point for Pokrovsk: 37.05E 48.43N, between Dobropillia and Bilytske, 12.8 to
# 18.5 km from the nearest occupied ground on every date tested (friendly throughout).
POKROVSK_REAR = (37.05, 48.43)


def aeqd(lon, lat):
    """pyproj transformers to and from an aeqd projection (independent of QGIS)."""
    proj = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m"
    return (Transformer.from_crs("EPSG:4326", proj, always_xy=True),
            Transformer.from_crs(proj, "EPSG:4326", always_xy=True))


def local_rectangle_wkt(xmin, ymin, xmax, ymax, step=100.0):
    """A rectangle straight in the aeqd plane around (LON0, LAT0), densified, as lon/lat WKT."""
    _forward, inverse = aeqd(LON0, LAT0)
    corners = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax), (xmin, ymin)]
    ring = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
        n = max(1, int(np.hypot(x1 - x0, y1 - y0) / step))
        for t in np.arange(n) / n:
            ring.append(inverse.transform(x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    ring.append(ring[0])
    return "POLYGON((" + ", ".join(f"{x:.10f} {y:.10f}" for x, y in ring) + "))"


def area_layer(wkt):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "area", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(wkt))
    layer.dataProvider().addFeatures([feature])
    return layer


def run(**params):
    import processing

    for key in ("TABLE", "THROAT", "PASSAGE", "CENTRELINE"):
        params.setdefault(key, "TEMPORARY_OUTPUT")
    result = processing.run("situationmapper:corridor", params)
    return {key: list(result[key].getFeatures()) for key in ("TABLE", "THROAT", "PASSAGE", "CENTRELINE")}


def two_blocks(gap_m):
    """Two hostile blocks 4 km deep, ``gap_m`` apart, reaching past the search disc."""
    half = gap_m / 2.0
    return QgsGeometry.fromWkt(local_rectangle_wkt(-60000, 4000, -half, 8000)).combine(
        QgsGeometry.fromWkt(local_rectangle_wkt(half, 4000, 60000, 8000))).asWkt()


def test_two_blocks_2_km_apart_give_a_2_km_throat(provider):
    _forward, inverse = aeqd(LON0, LAT0)
    rear = inverse.transform(0.0, 15000.0)
    closed = QgsGeometry.fromWkt(two_blocks(2000)).combine(
        QgsGeometry.fromWkt(local_rectangle_wkt(-1500, 5000, 1500, 6000))).asWkt()
    control = control_layer({"2025-11-01": two_blocks(3000), "2025-11-10": two_blocks(2000),
                             "2025-11-20": two_blocks(1000), "2025-11-30": closed})
    out = run(AREA=area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000)),
              REAR=f"{rear[0]},{rear[1]} [EPSG:4326]", CONTROL=control,
              DATES="2025-11-05,2025-11-10,2025-11-25,2025-11-30")
    rows = {r["date"].toPyDate().isoformat(): r for r in out["TABLE"]}
    for day, gap in (("2025-11-05", 3000), ("2025-11-10", 2000), ("2025-11-25", 1000)):
        row = rows[day]
        assert row["status"] == "open"
        # buffer chords make the eroded ground at most 0.12 % of r too large
        assert row["width_m"] == pytest.approx(gap, abs=3.0 + 0.0012 * gap)
        assert row["throat_length_m"] == pytest.approx(gap, abs=2.0)
        lon, lat = row["throat_lon"], row["throat_lat"]
        x, y = aeqd(LON0, LAT0)[0].transform(lon, lat)
        assert abs(x) < 5.0 and 4000 - 1 <= y <= 8000 + 1
    assert rows["2025-11-05"]["snapshot_date"].toPyDate() == datetime.date(2025, 11, 1)
    cut = rows["2025-11-30"]
    assert cut["width_m"] == 0 and cut["status"] == "cut off 2025-11-30"
    throats = {t["date"].toPyDate().isoformat(): t for t in out["THROAT"]}
    assert set(throats) == {"2025-11-05", "2025-11-10", "2025-11-25"}
    line = throats["2025-11-10"].geometry().asPolyline()
    length = GEOD.inv(line[0].x(), line[0].y(), line[-1].x(), line[-1].y())[2]
    assert length == pytest.approx(2000, abs=2.0)
    assert throats["2025-11-10"]["length_m"] == pytest.approx(length, abs=0.01)
    # passage and centreline: the centreline ends at the rear point and runs through the gap
    assert len(out["PASSAGE"]) == 4
    centreline = {c["date"].toPyDate().isoformat(): c for c in out["CENTRELINE"]}["2025-11-10"]
    end = centreline.geometry().asPolyline()[-1]
    assert GEOD.inv(end.x(), end.y(), *rear)[2] < 0.01


def test_rear_in_hostile_ground_is_cut_off_and_bad_radius_is_an_error(provider):
    from qgis.core import QgsProcessingException

    _forward, inverse = aeqd(LON0, LAT0)
    control = control_layer({"2025-11-01": two_blocks(2000)})
    area = area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000))
    inside = inverse.transform(5000.0, 6000.0)
    out = run(AREA=area, REAR=f"{inside[0]},{inside[1]} [EPSG:4326]", CONTROL=control, DATES="2025-11-02")
    assert out["TABLE"][0]["width_m"] == 0 and out["TABLE"][0]["status"].startswith("cut off")
    assert "rear point" in out["TABLE"][0]["note"]
    far = inverse.transform(0.0, 15000.0)
    with pytest.raises(QgsProcessingException, match="outside the search radius"):
        run(AREA=area, REAR=f"{far[0]},{far[1]} [EPSG:4326]", CONTROL=control, SEARCH_RADIUS_M=10000)


def test_local_projection_error_against_pyproj():
    from situation_mapper.core.local_projection import LocalProjection

    projection = LocalProjection(QgsPointXY(37.18, 48.28))
    rng = np.random.default_rng(1)
    worst_radial = worst_relative = 0.0
    for _ in range(300):
        az1, az2 = rng.uniform(0, 360, 2)
        d1, d2 = rng.uniform(100, 60000, 2)
        lon1, lat1, _ = GEOD.fwd(37.18, 48.28, az1, d1)
        lon2, lat2, _ = GEOD.fwd(37.18, 48.28, az2, d2)
        p1 = projection.point_to_local(QgsPointXY(lon1, lat1))
        p2 = projection.point_to_local(QgsPointXY(lon2, lat2))
        worst_radial = max(worst_radial, abs(np.hypot(p1.x(), p1.y()) - d1))
        true = GEOD.inv(lon1, lat1, lon2, lat2)[2]
        worst_relative = max(worst_relative, abs(p1.distance(p2) - true) / true)
    assert worst_radial < 1e-3  # metres: distances from the centre are exact
    assert worst_relative < 2e-5  # within 60 km of the centre


def test_geodesic_buffer_distance_error():
    from situation_mapper.core.local_projection import geodesic_buffer

    start, end = (37.0, 48.0), (37.6, 48.4)  # a 60 km route
    route = QgsGeometry.fromPolylineXY([QgsPointXY(*start), QgsPointXY(*end)])
    buffered = geodesic_buffer(route, 1000.0)
    # the route as QGIS stores it is straight in degrees: sample it densely in degrees
    t = np.linspace(0, 1, 20001)
    line_lon = start[0] + t * (end[0] - start[0])
    line_lat = start[1] + t * (end[1] - start[1])
    worst = 0.0
    for vertex in list(buffered.vertices())[::7]:
        n = line_lon.size
        distances = GEOD.inv(np.full(n, vertex.x()), np.full(n, vertex.y()), line_lon, line_lat)[2]
        worst = max(worst, abs(distances.min() - 1000.0))
    assert worst < 0.5  # metres (measured: 0.02 m; vertices lie on the true offset)


# -- real data --------------------------------------------------------------------
def raster_corridor_width(rings, area_rings, centre, rear, search_radius, cell=20.0):
    """Corridor width by an independent raster method: hostile polygons rasterised
    (GDAL) on a ``cell``-metre grid of a pyproj aeqd projection, Euclidean distance
    transform (scipy), and the largest clearance whose component joins the rear
    cell to an area cell inside the search disc (scipy labelling)."""
    from osgeo import gdal, ogr
    from scipy import ndimage

    forward, _inverse = aeqd(*centre)
    half = search_radius + 2 * cell
    size = int(np.ceil(2 * half / cell))

    driver = ogr.GetDriverByName("Memory")

    def burn(polygon_rings):
        """Cells covered by an odd number of rings (even-odd: holes come out)."""
        raster = gdal.GetDriverByName("MEM").Create("", size, size, 1, gdal.GDT_Byte)
        raster.SetGeoTransform((-half, cell, 0, half, 0, -cell))
        band = raster.GetRasterBand(1)
        mask = np.zeros((size, size), dtype=bool)
        for ring in polygon_rings:
            xs, ys = forward.transform(ring[:, 0], ring[:, 1])
            if max(np.abs(xs).min(), np.abs(ys).min()) > 3 * half:
                continue  # far outside the grid
            linear = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in zip(xs, ys):
                linear.AddPoint_2D(float(x), float(y))
            polygon = ogr.Geometry(ogr.wkbPolygon)
            polygon.AddGeometry(linear)
            source = driver.CreateDataSource("ring")  # kept alive while rasterising
            layer = source.CreateLayer("ring", geom_type=ogr.wkbPolygon)
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetGeometry(polygon)
            layer.CreateFeature(feature)
            band.Fill(0)
            gdal.RasterizeLayer(raster, [1], layer, burn_values=[1])
            mask ^= band.ReadAsArray().astype(bool)
            source = None
        return mask

    gdal.PushErrorHandler("CPLQuietErrorHandler")  # layers without a CRS: intended
    try:
        hostile = burn(rings)
        area = burn(area_rings) & ~hostile
    finally:
        gdal.PopErrorHandler()
    clearance = ndimage.distance_transform_edt(~hostile, sampling=cell)
    xs = -half + (np.arange(size) + 0.5) * cell
    in_disc = (xs[None, :] ** 2 + xs[::-1, None] ** 2) <= search_radius ** 2
    rx, ry = forward.transform(*rear)
    rear_cell = (int((half - ry) / cell), int((rx + half) / cell))

    def connected(radius):
        free = (clearance >= radius) & in_disc
        labels, _count = ndimage.label(free)
        label = labels[rear_cell]
        return label != 0 and bool(np.any(labels[area] == label))

    low, high = 0.0, float(clearance[rear_cell])
    while high - low > 1.0:
        middle = 0.5 * (low + high)
        low, high = (middle, high) if connected(middle) else (low, middle)
    # distances run between cell centres: the hostile edge lies half a cell nearer
    return 2.0 * low - cell


def _geojson_rings(path):
    rings = []
    for feature in json.loads(path.read_text())["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            rings.extend(np.asarray(ring, dtype=float)[:, :2] for ring in polygon)
    return rings


@pytest.mark.slow
def test_pokrovsk_corridor_against_raster_method(provider):
    from support import control_layer_from_files, deepstate_files, towns_layer

    shared = shared_data_path()
    days = [datetime.date(2025, 10, 1), datetime.date(2025, 11, 1), datetime.date(2025, 11, 20),
            datetime.date(2026, 1, 1)]
    files = [f for f in deepstate_files(shared, days[0], days[-1])
             if any(f.name.endswith(d.strftime("%Y%m%d") + ".geojson") for d in days)]
    assert len(files) == len(days)
    control = control_layer_from_files(files)
    towns = towns_layer(shared)
    towns.setSubsetString("\"name\" = 'Pokrovsk'")
    out = run(AREA=towns, REAR=f"{POKROVSK_REAR[0]},{POKROVSK_REAR[1]} [EPSG:4326]", CONTROL=control,
              DATES=",".join(d.isoformat() for d in days))
    rows = sorted(out["TABLE"], key=lambda r: r["date"])
    widths = [r["width_m"] for r in rows]
    assert all(r["status"] == "open" for r in rows)
    # the corridor narrows over autumn 2025
    assert widths == sorted(widths, reverse=True) and widths[0] > 2 * widths[-1]

    from situation_mapper.core.local_projection import local_centroid

    pokrovsk = next(towns.getFeatures()).geometry()
    centre = local_centroid(pokrovsk)
    area_rings = [np.array([(p.x(), p.y()) for p in ring]) for polygon in pokrovsk.asMultiPolygon()
                  for ring in polygon] if pokrovsk.isMultipart() else \
        [np.array([(p.x(), p.y()) for p in ring]) for ring in pokrovsk.asPolygon()]
    search = max(20000.0, 1.5 * GEOD.inv(centre.x(), centre.y(), *POKROVSK_REAR)[2])
    for row, path in zip(rows, files):
        expected = raster_corridor_width(_geojson_rings(path), area_rings, (centre.x(), centre.y()),
                                         POKROVSK_REAR, search)
        print(row["date"].toPyDate(), f"width {row['width_m']:.0f} m, raster {expected:.0f} m")
        assert row["width_m"] == pytest.approx(expected, abs=100.0)
        if not row["note"]:
            # a pinch between two hostile edges: the throat is a chord of the widest
            # disc, nearly its diameter
            assert 0.95 * row["width_m"] <= row["throat_length_m"] <= row["width_m"] + 20.0
    assert sum(1 for r in rows if not r["note"]) >= 2
