"""A user asks only for the outputs they want: the optional outputs of corridor,
encirclement and routebuffer are written only when given a destination."""

import processing
import pytest

from test_corridor import LAT0 as C_LAT0, LON0 as C_LON0, aeqd, area_layer, local_rectangle_wkt, two_blocks
from test_encirclement import EAST_HALF, LAT0, LON0, control_layer, point_layer
from test_route_buffer import route_layer


def corridor_params():
    rear = aeqd(C_LON0, C_LAT0)[1].transform(0.0, 15000.0)
    return {"AREA": area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000)),
            "REAR": f"{rear[0]},{rear[1]} [EPSG:4326]",
            "CONTROL": control_layer({"2025-11-01": two_blocks(2000)}), "DATES": "2025-11-01"}


def test_corridor_with_only_the_table(provider):
    result = processing.run("situationmapper:corridor", {**corridor_params(), "TABLE": "TEMPORARY_OUTPUT"})
    assert set(result) == {"TABLE"}
    (row,) = result["TABLE"].getFeatures()
    # the bottleneck is the 2 km gap between the blocks (to the 1 m bisection)
    assert row["status"] == "open" and row["width_m"] == pytest.approx(2000.0, abs=5.0)


def test_corridor_with_the_table_and_one_optional_output(provider):
    result = processing.run("situationmapper:corridor", {**corridor_params(), "TABLE": "TEMPORARY_OUTPUT",
                                                         "THROAT": "TEMPORARY_OUTPUT"})
    assert set(result) == {"TABLE", "THROAT"}
    (throat,) = result["THROAT"].getFeatures()
    assert throat["length_m"] == pytest.approx(2000.0, abs=5.0)


def test_encirclement_with_only_the_table(provider):
    control = control_layer({"2025-11-01": EAST_HALF})
    result = processing.run("situationmapper:encirclement", {
        "AREA": point_layer({"P": (LON0, LAT0)}), "CONTROL": control, "DATES": "2025-11-20",
        "TABLE": "TEMPORARY_OUTPUT"})
    assert set(result) == {"TABLE"}
    (row,) = result["TABLE"].getFeatures()
    # the hostile half east of the centre's meridian: about 180 degrees of the circle
    assert row["enclosed_deg"] == pytest.approx(180.0, abs=0.5)


def test_route_buffer_with_only_the_table(provider):
    north = aeqd(C_LON0, C_LAT0)[1].transform(0.0, 20000.0)
    control = control_layer({"2025-11-01": local_rectangle_wkt(-1000, 5000, 60000, 10000)})
    result = processing.run("situationmapper:routebuffer", {
        "ROUTE": route_layer({"M": [(C_LON0, C_LAT0), north]}), "HALF_WIDTH_M": 2000,
        "CONTROL": control, "DATES": "2025-11-01", "TABLE": "TEMPORARY_OUTPUT"})
    assert set(result) == {"TABLE"}
    (row,) = result["TABLE"].getFeatures()
    # the block from 5 to 10 km across the route, grown by 2 km: 3 to 12 km threatened
    assert row["threatened_km"] == pytest.approx(9.0, abs=0.01) and bool(row["cut"])
