"""Every series algorithm gives one row per asked date, also on days between
snapshots (the latest earlier snapshot shows, named in snapshot_date) and before
the first snapshot (NULL figures): a situation store whose snapshots skip days."""

import math

import processing
import pytest
from qgis.core import QgsGeometry

from test_corridor import LAT0, LON0, aeqd, area_layer, local_rectangle_wkt, two_blocks
from test_encirclement import point_layer
from test_import_snapshots import run_import
from test_route_buffer import route_layer

ASKED = "2025-10-31/1"  # 2025-10-31 .. 2025-11-04, every day
DAYS = ["2025-10-31", "2025-11-01", "2025-11-02", "2025-11-03", "2025-11-04"]
SHOWN = [None, "2025-11-01", "2025-11-01", "2025-11-01", "2025-11-04"]


@pytest.fixture()
def gapped_store(tmp_path):
    """Snapshots on 2025-11-01 (a 2 km gap between two blocks) and 2025-11-04 (1 km)."""
    files = []
    for day, gap in (("2025-11-01", 2000), ("2025-11-04", 1000)):
        geometry = QgsGeometry.fromWkt(two_blocks(gap))
        path = tmp_path / f"front_{day}.geojson"
        path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                        '"properties": {}, "geometry": ' + geometry.asJson(10) + "}]}")
        files.append(str(path))
    store = tmp_path / "store.gpkg"
    run_import(files, store, SOURCE="DSM")
    return str(store)


def day_of(value):
    return value.toString("yyyy-MM-dd") if value else None


def null(value):
    return value is None or str(value) == "NULL"


def table(algorithm, params, output="TABLE"):
    result = processing.run(f"situationmapper:{algorithm}", {**params, output: "TEMPORARY_OUTPUT"})
    return list(result[output].getFeatures())


def test_corridor_gives_a_row_per_asked_date(provider, gapped_store):
    rear = aeqd(LON0, LAT0)[1].transform(0.0, 15000.0)
    rows = table("corridor", {"AREA": area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000)),
                              "REAR": f"{rear[0]},{rear[1]} [EPSG:4326]", "CONTROL": gapped_store,
                              "DATES": ASKED})
    assert [day_of(r["date"]) for r in rows] == DAYS
    assert [day_of(r["snapshot_date"]) for r in rows] == SHOWN
    assert null(rows[0]["width_m"]) and "no snapshot on or before" in rows[0]["note"]
    # the widest disc passes the gap between the blocks: 2 km, then 1 km
    for row, width in zip(rows[1:], (2000, 2000, 2000, 1000)):
        assert row["status"] == "open" and row["width_m"] == pytest.approx(width, abs=5.0)


def test_encirclement_gives_a_row_per_asked_date(provider, gapped_store):
    rows = table("encirclement", {"AREA": point_layer({"P": (LON0, LAT0)}), "CONTROL": gapped_store,
                                  "DATES": ASKED, "RADIUS_M": "6000"})
    assert [day_of(r["date"]) for r in rows] == DAYS
    assert [day_of(r["snapshot_date"]) for r in rows] == SHOWN
    assert null(rows[0]["enclosed_deg"]) and rows[0]["radius_m"] == 6000
    # the circle of 6 km crosses the blocks (4 to 8 km north) except in the gap:
    # hostile where |x| > gap/2 and 4 km < y, i.e. two runs of bearings (by hand,
    # in the local plane: from asin(half/6000) to acos(4000/6000) on each side)
    for row, half in zip(rows[1:], (1000, 1000, 1000, 500)):
        expected = 2 * math.degrees(math.acos(4000 / 6000) - math.asin(half / 6000))
        assert row["enclosed_deg"] == pytest.approx(expected, abs=0.05)
        assert row["hostile_sectors"] == 2


def test_route_buffer_gives_a_row_per_asked_date(provider, gapped_store):
    north = aeqd(LON0, LAT0)[1].transform(0.0, 20000.0)
    rows = table("routebuffer", {"ROUTE": route_layer({"M": [(LON0, LAT0), north]}),
                                 "HALF_WIDTH_M": 2000, "CONTROL": gapped_store, "DATES": ASKED})
    assert [day_of(r["date"]) for r in rows] == DAYS
    assert [day_of(r["snapshot_date"]) for r in rows] == SHOWN
    assert null(rows[0]["threatened_km"])
    # blocks 4 to 8 km north, their edge gap/2 from the route, grown by 2 km
    for row, half in zip(rows[1:], (1000, 1000, 1000, 500)):
        expected = 4 + 2 * math.sqrt(2.0 ** 2 - (half / 1000) ** 2)
        assert row["threatened_km"] == pytest.approx(expected, abs=0.01)


def test_occupied_share_gives_a_row_per_asked_date(provider, gapped_store):
    areas = area_layer(local_rectangle_wkt(-2000, 4000, 2000, 8000))
    rows = table("occupiedshare", {"AREAS": areas, "CONTROL": gapped_store, "DATES": ASKED},
                 output="OUTPUT")
    assert [day_of(r["date"]) for r in rows] == DAYS
    assert [day_of(r["snapshot_date"]) for r in rows] == SHOWN
    assert null(rows[0]["occupied_pct"])
    # a 4 km wide box over the blocks: all but the gap is occupied
    for row, gap in zip(rows[1:], (2000, 2000, 2000, 1000)):
        assert row["occupied_pct"] == pytest.approx(100.0 * (4000 - gap) / 4000, abs=0.05)
