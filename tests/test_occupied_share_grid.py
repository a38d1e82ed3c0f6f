"""situationmapper:occupiedshare over a grid of 5 km cells of the Donetsk front
(native:creategrid in UTM zone 37N, as bench/bench_share_grid.py builds it)
on all 769 real snapshots, checked on a few days against an independent
computation for a sample of cells: cells on the edge of the front, cells
fully inside and fully outside it, and a spread of any cells. The reference
transforms the cells' corners with OSR, takes their edges as geodesics
(pyproj points every 100 m, as the plugin does), intersects them with the
day's snapshot polygon read straight from its GeoJSON file (OGR, i.e. GEOS
without QGIS) and measures the pieces with pyproj.Geod on WGS84."""

import datetime
import warnings

import pytest

from conftest import shared_data_path

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pyproj's PROJ data warning: Geod needs none
    from pyproj import Geod

GEOD = Geod(ellps="WGS84")
CELL_M = 5000.0
GRID_EXTENT = (315_000.0, 5_268_000.0, 480_000.0, 5_433_000.0)  # 33 x 33 cells
STEP_M = 100.0
TOLERANCE_PTS = 1e-4  # observed: under 2e-6
DAYS = ("2024-07-08", "2025-03-15", "2025-11-20", "2026-08-22")


@pytest.fixture(scope="module")
def grid_run(qgis_processing, tmp_path_factory):
    """The store of the 769 snapshots, the grid and occupiedshare's rows over every day."""
    import processing
    from qgis.core import QgsApplication
    from support import deepstate_files

    import conftest
    from situation_mapper.algorithms.provider import PROVIDER_ID, SituationMapperProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById(PROVIDER_ID) is None:  # as conftest's provider fixture, once per module
        conftest._PROVIDERS.append(SituationMapperProvider())
        registry.addProvider(conftest._PROVIDERS[-1])

    folder = tmp_path_factory.mktemp("grid")
    store = str(folder / "store.gpkg")
    files = deepstate_files(shared_data_path())
    assert len(files) == 769
    processing.run("situationmapper:importsnapshots", {"INPUT": [str(f) for f in files], "OUTPUT": store})
    x_min, y_min, x_max, y_max = GRID_EXTENT
    grid = str(folder / "grid.gpkg")
    processing.run("native:creategrid", {
        "TYPE": 2, "EXTENT": f"{x_min},{x_max},{y_min},{y_max} [EPSG:32637]",
        "HSPACING": CELL_M, "VSPACING": CELL_M, "HOVERLAY": 0, "VOVERLAY": 0,
        "CRS": "EPSG:32637", "OUTPUT": grid})
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": grid, "AREA_NAME_FIELD": "id", "CONTROL": store, "STATUSES": "occupied",
        "DATES": "all", "OUTPUT": "TEMPORARY_OUTPUT"})
    layer = result["OUTPUT"]
    wanted = set(DAYS)
    rows = {}
    count = 0
    for feature in layer.getFeatures():
        count += 1
        day = feature["date"].toString("yyyy-MM-dd")
        if day in wanted:
            rows[(day, feature["area"])] = feature
    return store, grid, files, rows, count


def cell_corners(grid_path):
    """{cell id (text): [(lon, lat), ...]} of the grid's cells, corners transformed by OSR."""
    from osgeo import ogr, osr

    utm, wgs84 = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(32637)
    wgs84.ImportFromEPSG(4326)
    for reference in (utm, wgs84):
        reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(utm, wgs84)
    source = ogr.Open(grid_path)
    corners = {}
    for feature in source.GetLayer(0):
        ring = feature.GetGeometryRef().GetGeometryRef(0)
        points = [ring.GetPoint_2D(i) for i in range(ring.GetPointCount())]
        corners[str(feature.GetField("id"))] = [transform.TransformPoint(x, y)[:2] for x, y in points]
    return corners


def geodesic_polygon(corners):
    """An OGR polygon through ``corners`` whose edges follow the geodesics (a point every STEP_M)."""
    from osgeo import ogr

    ring = ogr.Geometry(ogr.wkbLinearRing)
    ring.AddPoint_2D(*corners[0])
    for (x0, y0), (x1, y1) in zip(corners[:-1], corners[1:]):
        length = GEOD.inv(x0, y0, x1, y1)[2]
        for x, y in GEOD.npts(x0, y0, x1, y1, int(length // STEP_M)):
            ring.AddPoint_2D(x, y)
        ring.AddPoint_2D(x1, y1)
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


def geod_area_m2(geometry):
    """Ellipsoidal area (pyproj.Geod, WGS84) of an OGR (multi)polygon or collection, m²."""
    from osgeo import ogr

    if geometry is None or geometry.IsEmpty():
        return 0.0
    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind == ogr.wkbPolygon:
        total = 0.0
        for number in range(geometry.GetGeometryCount()):
            ring = geometry.GetGeometryRef(number)
            points = [ring.GetPoint_2D(i) for i in range(ring.GetPointCount())]
            area, _ = GEOD.polygon_area_perimeter([p[0] for p in points], [p[1] for p in points])
            total += abs(area) if number == 0 else -abs(area)
        return total
    if kind in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        return sum(geod_area_m2(geometry.GetGeometryRef(i)) for i in range(geometry.GetGeometryCount()))
    return 0.0  # lines and points where the cell only touches the front


def snapshot_polygon(path):
    """The occupied ground of one snapshot file (OGR), repaired when invalid."""
    from osgeo import ogr

    source = ogr.Open(str(path))
    parts = [f.GetGeometryRef().Clone() for f in source.GetLayer(0) if f.GetGeometryRef() is not None]
    union = parts[0]
    for part in parts[1:]:
        union = union.Union(part)
    return union if union.IsValid() else union.MakeValid()


def sample(rows, day, cells):
    """Cell ids of ``day`` to check: on the edge of the front, fully inside,
    fully outside (by the measured share; each then checked), and every 50th cell."""
    shares = {cell: rows[(day, cell)]["occupied_pct"] for cell in cells}
    edge = [c for c in cells if 0.0 < shares[c] < 100.0]
    inside = [c for c in cells if shares[c] == 100.0]
    outside = [c for c in cells if shares[c] == 0.0]
    assert len(edge) >= 12 and len(inside) >= 6 and len(outside) >= 6, (day, len(edge), len(inside))
    chosen = edge[::max(1, len(edge) // 12)][:12] + inside[::len(inside) // 6][:6] \
        + outside[::len(outside) // 6][:6] + cells[::50]
    return list(dict.fromkeys(chosen)), {"edge": edge, "inside": inside, "outside": outside}


def test_grid_cells_match_an_independent_computation(grid_run):
    from situation_mapper.core.snapshot_dates import date_from_file_name

    _store, grid_path, files, rows, count = grid_run
    corners = cell_corners(grid_path)
    cells = sorted(corners, key=int)
    assert len(cells) == 33 * 33
    assert count == 769 * len(cells)
    by_day = {date_from_file_name(f.name).isoformat(): f for f in files}
    worst = {"edge": 0.0, "inside": 0.0, "outside": 0.0}
    for day in DAYS:
        occupied = snapshot_polygon(by_day[day])
        chosen, kinds = sample(rows, day, cells)
        for cell in chosen:
            polygon = geodesic_polygon(corners[cell])
            whole = geod_area_m2(polygon)
            inside = polygon.Intersection(occupied) if polygon.Intersects(occupied) else None
            expected = geod_area_m2(inside) / whole * 100.0
            row = rows[(day, cell)]
            assert row["occupied_pct"] == pytest.approx(expected, abs=TOLERANCE_PTS), (day, cell)
            assert row["occupied_km2"] == pytest.approx(expected / 100.0 * whole / 1e6, abs=TOLERANCE_PTS * 0.25)
            assert row["area_km2"] == pytest.approx(whole / 1e6, rel=1e-7), (day, cell)
            assert row["snapshot_date"].toPyDate() == datetime.date.fromisoformat(day)
            kind = next(k for k, members in kinds.items() if cell in members)
            worst[kind] = max(worst[kind], abs(row["occupied_pct"] - expected))
        # the cells said to be fully inside or outside are so by the reference too
        for cell in kinds["inside"][::25] + kinds["outside"][::25]:
            polygon = geodesic_polygon(corners[cell])
            share = geod_area_m2(polygon.Intersection(occupied)) / geod_area_m2(polygon) * 100.0 \
                if polygon.Intersects(occupied) else 0.0
            assert share == pytest.approx(rows[(day, cell)]["occupied_pct"], abs=TOLERANCE_PTS), (day, cell)
    print("largest differences to OGR + pyproj, percentage points: "
          + ", ".join(f"{kind} {value:.1e}" for kind, value in worst.items()))


def test_grid_change_column_follows_the_shares(grid_run):
    """change_pct of a day is its share minus the previous day's (a row written
    from the day before's features keeps the two consistent)."""
    import processing

    store, grid_path, _files, _rows, _count = grid_run
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": grid_path, "AREA_NAME_FIELD": "id", "CONTROL": store,
        "DATES": "2025-11-18..2025-11-22", "OUTPUT": "TEMPORARY_OUTPUT"})
    shares = {}
    for feature in result["OUTPUT"].getFeatures():
        shares[(feature["date"].toPyDate(), feature["area"])] = feature
    days = sorted({day for day, _cell in shares})
    assert len(days) == 5
    changed = 0
    for before, after in zip(days[:-1], days[1:]):
        for (day, cell), feature in shares.items():
            if day != after:
                continue
            expected = feature["occupied_pct"] - shares[(before, cell)]["occupied_pct"]
            assert feature["change_pct"] == pytest.approx(expected, abs=1e-12), (day, cell)
            changed += expected != 0.0
    assert changed > 0
    first = [f for (day, _cell), f in shares.items() if day == days[0]]
    assert all(f["change_pct"] is None or str(f["change_pct"]) == "NULL" for f in first)

