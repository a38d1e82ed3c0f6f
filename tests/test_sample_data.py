"""The authored, illustrative sample scenario: deterministic, labelled as
illustrative, with the story it tells (ground closing in, a narrowing corridor,
two sources that disagree) checked by independent measurements, and importable
into a store."""

import datetime
import filecmp
import os
import subprocess  # nosec B404 - runs this repository's own script, no shell
import sys

import pytest
from pyproj import Geod
from qgis.core import QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer

D = datetime.date
GEOD = Geod(ellps="WGS84")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    from situation_mapper.sample_data.build_scenario import build_scenario

    return build_scenario(str(tmp_path_factory.mktemp("scenario")))


def only_geometry(path):
    layer = QgsVectorLayer(path, "x", "ogr")
    assert layer.isValid(), path
    features = list(layer.getFeatures())
    assert len(features) == 1, path
    return features[0].geometry(), features[0]


def geod_area_m2(geometry):
    """Ellipsoidal area by pyproj (independent of QGIS): exterior rings minus holes."""
    total = 0.0
    for polygon in geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]:
        for index, ring in enumerate(polygon):
            area, _perimeter = GEOD.polygon_area_perimeter([p.x() for p in ring], [p.y() for p in ring])
            total += abs(area) if index == 0 else -abs(area)
    return total


def town(scenario, name):
    layer = QgsVectorLayer(scenario["towns"], "towns", "ogr")
    return [f.geometry() for f in layer.getFeatures() if f["name"] == name][0]


def share_percent(scenario, series, day):
    pokrovsk = town(scenario, "Pokrovsk (illustrative)")
    path = [p for p in scenario["control_files"][series] if f"{day:%Y%m%d}" in p][0]
    hostile, _ = only_geometry(path)
    return 100.0 * geod_area_m2(hostile.intersection(pokrovsk)) / geod_area_m2(pokrovsk)


def test_build_is_deterministic(scenario, tmp_path):
    from situation_mapper.sample_data.build_scenario import build_scenario

    again = build_scenario(str(tmp_path / "again"))
    first_files = sorted(os.path.relpath(os.path.join(d, f), os.path.dirname(scenario["towns"]))
                         for d, _, files in os.walk(os.path.dirname(scenario["towns"])) for f in files)
    second_files = sorted(os.path.relpath(os.path.join(d, f), str(tmp_path / "again"))
                          for d, _, files in os.walk(str(tmp_path / "again")) for f in files)
    assert first_files == second_files
    assert len(first_files) == 3 * 2 + 17  # towns, route, events (+ .qmd) and 17 snapshots
    for relative in first_files:
        assert filecmp.cmp(os.path.join(os.path.dirname(scenario["towns"]), relative),
                           os.path.join(str(tmp_path / "again"), relative), shallow=False), relative
    assert again["series"] == scenario["series"]


def test_everything_is_labelled_illustrative(scenario):
    for key in ("towns", "route", "events"):
        layer = QgsVectorLayer(scenario[key], key, "ogr")
        _message, ok = layer.loadDefaultMetadata()
        assert ok
        assert "ILLUSTRATIVE" in layer.metadata().abstract()
        assert "illustrative" in layer.metadata().keywords()["situation_mapper"]
        assert all("Illustrative" in f["note"] for f in layer.getFeatures())
    for files in scenario["control_files"].values():
        for path in files:
            _geometry, feature = only_geometry(path)
            assert "Illustrative" in feature["note"]
    names = sorted(f["name"] for f in QgsVectorLayer(scenario["towns"], "t", "ogr").getFeatures())
    assert names == ["Myrnohrad (illustrative)", "Pokrovsk (illustrative)"]


def test_towns_route_and_events_are_where_the_story_says(scenario):
    pokrovsk = town(scenario, "Pokrovsk (illustrative)")
    myrnohrad = town(scenario, "Myrnohrad (illustrative)")
    centre = pokrovsk.centroid().asPoint()
    assert abs(centre.x() - 37.18) < 0.01 and abs(centre.y() - 48.28) < 0.01
    east = myrnohrad.centroid().asPoint()
    assert abs(east.x() - 37.26) < 0.01 and abs(east.y() - 48.30) < 0.01
    # a few km across: 6.3 km east-west, 5.2 km north-south by construction
    box = pokrovsk.boundingBox()
    width = GEOD.inv(box.xMinimum(), 48.28, box.xMaximum(), 48.28)[2]
    height = GEOD.inv(37.18, box.yMinimum(), 37.18, box.yMaximum())[2]
    assert width == pytest.approx(6300, abs=20) and height == pytest.approx(5200, abs=20)
    assert 20e6 < geod_area_m2(pokrovsk) < 35e6

    from situation_mapper.core.geodesy import wgs84_distance_area

    assert wgs84_distance_area().measureArea(pokrovsk) == pytest.approx(geod_area_m2(pokrovsk), rel=1e-4)

    route = [f for f in QgsVectorLayer(scenario["route"], "r", "ogr").getFeatures()][0].geometry()
    line = route.asPolyline()
    assert pokrovsk.contains(QgsGeometry.fromPointXY(QgsPointXY(line[0])))
    assert myrnohrad.contains(QgsGeometry.fromPointXY(QgsPointXY(line[-1])))

    events = list(QgsVectorLayer(scenario["events"], "e", "ogr").getFeatures())
    kinds = {f["type"] for f in events}
    assert {"flag_raised", "infiltration", "force_estimate"} <= kinds
    assert {f["verification"] for f in events} == {"confirmed", "claimed", "unverified", "refuted"}
    for feature in events:
        assert feature["source"] in ("Source A", "Source B") and feature["side"] == "hostile"
        assert D(2025, 11, 1) <= feature["datetime"].toUTC().date().toPyDate() <= D(2025, 11, 25)
        assert "illustrative" in feature["note"].lower()


def test_snapshots_are_dated_in_their_names(scenario):
    from situation_mapper.core.snapshot_dates import date_from_file_name

    days = {series: [date_from_file_name(p) for p in files]
            for series, files in scenario["control_files"].items()}
    assert days["source_a_occupied"] == [D(2025, 11, d) for d in (1, 5, 10, 15, 20, 25)]
    assert days["source_a_contested"] == days["source_a_occupied"]
    assert days["source_b_claimed"] == [D(2025, 11, d) for d in (2, 8, 14, 20, 24)]
    for series, files in scenario["control_files"].items():
        source, status, _side, _confidence = scenario["series"][series]
        for path in files:
            geometry, feature = only_geometry(path)
            assert geometry.isGeosValid() and not geometry.isEmpty(), path
            assert (feature["source"], feature["status"]) == (source, status)
            assert os.path.basename(path).startswith(f"scenario_{status}_")


def test_ground_closes_in_and_the_sources_disagree(scenario):
    shares = [share_percent(scenario, "source_a_occupied", D(2025, 11, d)) for d in (1, 5, 10, 15, 20, 25)]
    assert shares[0] == 0.0
    assert all(a <= b for a, b in zip(shares, shares[1:])) and shares[-1] > shares[-2]
    assert 45 < shares[-1] < 70  # "about 60 % of the city"
    # on the same day Source B claims far more than Source A assesses
    assessed = share_percent(scenario, "source_a_occupied", D(2025, 11, 20))
    claimed = share_percent(scenario, "source_b_claimed", D(2025, 11, 20))
    assert claimed > assessed + 5


def friendly_width(hostile):
    """Longest friendly stretch of the meridian 37.215E between 48.20N and 48.40N, metres."""
    meridian = QgsGeometry.fromPolylineXY([QgsPointXY(37.215, 48.20), QgsPointXY(37.215, 48.40)])
    friendly = meridian.difference(hostile)
    parts = friendly.asMultiPolyline() if friendly.isMultipart() else [friendly.asPolyline()]
    return max(GEOD.inv(p[0].x(), p[0].y(), p[-1].x(), p[-1].y())[2] for p in parts)


def test_corridor_towards_the_neighbour_town_narrows(scenario):
    """Friendly ground along the meridian between the towns (37.215E): its
    width (metres, pyproj) shrinks with every snapshot and stays open."""
    widths = [friendly_width(only_geometry(path)[0])
              for path in scenario["control_files"]["source_a_occupied"]]
    assert all(a > b for a, b in zip(widths, widths[1:])), widths
    assert widths[0] > 10000 and 1000 < widths[-1] < 4000, widths
    # outside the town the supply road is still clear of hostile ground at the end
    route = [f for f in QgsVectorLayer(scenario["route"], "r", "ogr").getFeatures()][0].geometry()
    road_between_towns = route.difference(town(scenario, "Pokrovsk (illustrative)"))
    assessed, _ = only_geometry(scenario["control_files"]["source_a_occupied"][-1])
    claimed, _ = only_geometry(scenario["control_files"]["source_b_claimed"][-1])
    assert not road_between_towns.intersects(assessed)
    assert not road_between_towns.intersects(claimed)
    # Source B's claim of 2025-11-24 leaves a narrower corridor than Source A's 2025-11-25
    assert friendly_width(claimed) < friendly_width(assessed)


def test_import_into_a_store(scenario, tmp_path, provider, qgis_new_project):
    from situation_mapper.store import open_control_layer, read_records
    from situation_mapper.sample_data.build_scenario import import_scenario

    store = str(tmp_path / "scenario.gpkg")
    results = import_scenario(scenario, store)
    assert [r["IMPORTED"] for r in results] == [6, 6, 5, 8]  # three series, then the 8 events
    assert results[-1]["SKIPPED"] == 0
    records = read_records(open_control_layer(store))
    chain = sorted((r.valid_from, r.valid_to) for r in records
                   if (r.source, r.status) == ("Source A", "occupied"))
    assert chain == [(D(2025, 11, 1), D(2025, 11, 5)), (D(2025, 11, 5), D(2025, 11, 10)),
                     (D(2025, 11, 10), D(2025, 11, 15)), (D(2025, 11, 15), D(2025, 11, 20)),
                     (D(2025, 11, 20), D(2025, 11, 25)), (D(2025, 11, 25), None)]
    assert {(r.source, r.status, r.confidence) for r in records} == {
        ("Source A", "occupied", "assessed"), ("Source A", "contested", "assessed"),
        ("Source B", "claimed", "claimed")}
    QgsProject.instance().clear()


def test_command_line_builds_the_folder(tmp_path):
    folder = tmp_path / "cli"
    completed = subprocess.run(  # nosec B603 - fixed argument list, no shell
        [sys.executable, os.path.join(ROOT, "sample_data", "build_scenario.py"), str(folder)],
        capture_output=True, text=True, timeout=120, check=False,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert completed.returncode == 0, completed.stderr
    assert "17 control snapshots" in completed.stdout
    assert (folder / "towns.geojson").exists()
    assert len(list((folder / "control" / "source_b_claimed").glob("scenario_claimed_*.geojson"))) == 5
