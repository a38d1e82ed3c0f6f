"""Every table an algorithm writes to a .csv file carries ISO dates (2025-11-20),
read from the CSV file's own text."""

import csv
import datetime
import re

from test_compare_claims import claims_table
from test_corridor import LAT0 as C_LAT0, LON0 as C_LON0, aeqd, area_layer, local_rectangle_wkt, two_blocks
from test_encirclement import EAST_HALF, LAT0, LON0, control_layer, point_layer
from test_occupied_share import areas_layer, scenario_control
from test_route_buffer import route_layer
from test_snapshot_front_changes import box_wkt
from test_snapshot_front_changes import control_layer as rows_control_layer

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
D = datetime.date


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run_to_csv(name, tmp_path, output="OUTPUT", others=(), **params):
    import processing

    path = tmp_path / f"{name}.csv"
    params[output] = str(path)
    for other in others:
        params.setdefault(other, "TEMPORARY_OUTPUT")
    processing.run(f"situationmapper:{name}", params)
    assert not re.search(r"\d{4}/\d{2}/\d{2}", path.read_text(encoding="utf-8"))
    return csv_rows(path)


def assert_iso(rows, columns):
    assert rows
    for row in rows:
        for column in columns:
            value = row[column]
            assert value == "" or ISO.match(value), f"{column}: {value!r} is not an ISO date"


def situation():
    return rows_control_layer([
        (box_wkt(37.0, 48.0, 37.1, 48.1), D(2025, 11, 18), D(2025, 11, 20), "occupied", "A"),
        (box_wkt(37.0, 48.0, 37.2, 48.1), D(2025, 11, 20), None, "occupied", "A"),
    ])


def test_occupied_share_csv(provider, tmp_path):
    rows = run_to_csv("occupiedshare", tmp_path, AREAS=areas_layer(), AREA_NAME_FIELD="name",
                      CONTROL=scenario_control(), DATES="2025-01-12")
    assert_iso(rows, ("date", "snapshot_date"))
    assert {r["date"] for r in rows} == {"2025-01-12"}
    assert {r["snapshot_date"] for r in rows} == {"2025-01-10"}


def test_compare_claims_csv(provider, tmp_path):
    claims = claims_table([("2025-01-12", "half", "60", "Ministry A")])
    rows = run_to_csv("compareclaims", tmp_path, CLAIMS=claims, AREAS=areas_layer(),
                      AREA_NAME_FIELD="name", CONTROL=scenario_control())
    assert_iso(rows, ("date", "snapshot_date"))
    assert {r["date"] for r in rows} == {"2025-01-12"}
    assert {r["snapshot_date"] for r in rows} == {"2025-01-10"}


def test_encirclement_csv(provider, tmp_path):
    control = control_layer({"2025-11-01": EAST_HALF})
    rows = run_to_csv("encirclement", tmp_path, output="TABLE", others=("ARCS",),
                      AREA=point_layer({"P": (LON0, LAT0)}), CONTROL=control, DATES="2025-11-20")
    assert_iso(rows, ("date", "snapshot_date"))
    assert [(r["date"], r["snapshot_date"]) for r in rows] == [("2025-11-20", "2025-11-01")]


def test_corridor_csv(provider, tmp_path):
    _forward, inverse = aeqd(C_LON0, C_LAT0)
    rear = inverse.transform(0.0, 15000.0)
    control = control_layer({"2025-11-01": two_blocks(3000)})
    rows = run_to_csv("corridor", tmp_path, output="TABLE",
                      others=("THROAT", "PASSAGE", "CENTRELINE"),
                      AREA=area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000)),
                      REAR=f"{rear[0]},{rear[1]} [EPSG:4326]", CONTROL=control, DATES="2025-11-05")
    assert_iso(rows, ("date", "snapshot_date"))
    assert [(r["date"], r["snapshot_date"]) for r in rows] == [("2025-11-05", "2025-11-01")]


def test_route_buffer_csv(provider, tmp_path):
    north = aeqd(C_LON0, C_LAT0)[1].transform(0.0, 20000.0)
    control = control_layer({"2025-11-01": local_rectangle_wkt(1000, 5000, 60000, 10000),
                             "2025-11-10": local_rectangle_wkt(-1000, 5000, 60000, 10000)})
    rows = run_to_csv("routebuffer", tmp_path, output="TABLE", others=("BUFFER", "FRIENDLY"),
                      ROUTE=route_layer({"M": [(C_LON0, C_LAT0), north]}), ROUTE_NAME_FIELD="name",
                      HALF_WIDTH_M=2000, CONTROL=control, DATES="2025-11-05,2025-11-12")
    assert_iso(rows, ("date", "snapshot_date", "first_cut_date"))
    assert [(r["date"], r["snapshot_date"], r["first_cut_date"]) for r in rows] == [
        ("2025-11-05", "2025-11-01", "2025-11-12"), ("2025-11-12", "2025-11-10", "2025-11-12")]


def test_changes_csv(provider, tmp_path):
    rows = run_to_csv("changes", tmp_path, CONTROL=situation(), DATE_A="2025-11-19",
                      DATE_B="2025-11-21")
    assert_iso(rows, ("date_a", "date_b"))
    assert {(r["date_a"], r["date_b"]) for r in rows} == {("2025-11-19", "2025-11-21")}


def test_front_line_csv(provider, tmp_path):
    rows = run_to_csv("frontline", tmp_path, CONTROL=situation(), DATE="2025-11-19")
    assert_iso(rows, ("date", "shown_date"))
    assert [(r["date"], r["shown_date"]) for r in rows] == [("2025-11-19", "2025-11-18")]


def test_snapshot_at_csv(provider, tmp_path):
    rows = run_to_csv("snapshotat", tmp_path, CONTROL=situation(), DATE="2025-11-19",
                      STATUSES="occupied")
    assert_iso(rows, ("valid_from", "shown_date"))
    assert [r["shown_date"] for r in rows] == ["2025-11-18"]


def test_csv_destination_is_recognised():
    from situation_mapper.algorithms.base import is_csv_destination

    assert is_csv_destination("/tmp/x.csv") and is_csv_destination("/tmp/X.CSV")
    assert is_csv_destination("ogr:/tmp/x.csv") and is_csv_destination("/tmp/x.csv|layername=x")
    assert not is_csv_destination("/tmp/x.gpkg") and not is_csv_destination("TEMPORARY_OUTPUT")
    assert not is_csv_destination("memory:") and not is_csv_destination(None)
