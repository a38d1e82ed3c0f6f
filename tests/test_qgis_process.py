"""The plugin's algorithms run headless under qgis_process."""

import json
import os
import subprocess  # nosec B404 - runs QGIS's own command-line tool
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer

QGIS_PROCESS = "/usr/bin/qgis_process.bin"  # Debian's wrapper passes an option the binary rejects
PLUGIN_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def qgis_process_env(tmp_path):
    if not Path(QGIS_PROCESS).exists():
        pytest.skip(f"{QGIS_PROCESS} is not installed")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "situation_mapper").symlink_to(PLUGIN_ROOT, target_is_directory=True)
    env = dict(os.environ, QGIS_PLUGINPATH=str(plugins),
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    subprocess.run([QGIS_PROCESS, "plugins", "enable", "situation_mapper"],  # nosec B603
                   env=env, check=True, capture_output=True, timeout=300)
    return env


def qgis_process(env, *args):
    done = subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True,  # nosec B603
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def test_provider_is_listed(qgis_process_env):
    listing = qgis_process(qgis_process_env, "list")
    assert "situationmapper:geodesicarc" in listing


def test_geodesic_arc_runs_headless(qgis_process_env, tmp_path):
    output = tmp_path / "arc.gpkg"
    stdout = qgis_process(qgis_process_env, "--json", "run", "situationmapper:geodesicarc", "--",
                          "CENTER=37.18,48.28 [EPSG:4326]", "RADIUS_M=5000",
                          "START_AZIMUTH=270", "END_AZIMUTH=90", f"OUTPUT={output}")
    result = json.loads(stdout[stdout.index("{"):])
    assert Path(result["results"]["OUTPUT"]).exists()
    layer = QgsVectorLayer(str(output), "arc", "ogr")
    assert layer.isValid() and layer.featureCount() == 1
    feature = next(layer.getFeatures())
    assert feature["sweep_deg"] == 180
    assert feature["length_m"] == pytest.approx(3.14159 * 5000, rel=1e-3)


def save_layer(layer, path):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer.name()
    error = QgsVectorFileWriter.writeAsVectorFormatV2(layer, str(path), QgsCoordinateTransformContext(),
                                                      options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return f"{path}|layername={layer.name()}"


def test_corridor_with_only_a_csv_table_runs_headless(qgis_process_env, tmp_path):
    import csv

    from test_corridor import LAT0, LON0, aeqd, area_layer, local_rectangle_wkt, two_blocks
    from test_encirclement import control_layer

    area = save_layer(area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000)), tmp_path / "area.gpkg")
    control = save_layer(control_layer({"2025-11-01": two_blocks(2000)}), tmp_path / "control.gpkg")
    rear = aeqd(LON0, LAT0)[1].transform(0.0, 15000.0)
    table = tmp_path / "corridor.csv"
    stdout = qgis_process(qgis_process_env, "--json", "run", "situationmapper:corridor", "--",
                          f"AREA={area}", f"REAR={rear[0]},{rear[1]} [EPSG:4326]", f"CONTROL={control}",
                          "DATES=2025-11-01,2025-11-03", f"TABLE={table}")
    result = json.loads(stdout[stdout.index("{"):])
    assert set(result["results"]) == {"TABLE"}
    with open(table, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["date"], r["snapshot_date"]) for r in rows] == [
        ("2025-11-01", "2025-11-01"), ("2025-11-03", "2025-11-01")]
    assert [r["status"] for r in rows] == ["open", "open"]
    assert float(rows[0]["width_m"]) == pytest.approx(2000.0, abs=5.0)


def test_front_distance_with_only_a_csv_table_runs_headless(qgis_process_env, tmp_path):
    import csv

    from pyproj import Geod
    from test_encirclement import control_layer, point_layer

    targets = save_layer(point_layer({"town": (36.9, 48.5)}), tmp_path / "targets.gpkg")
    control = save_layer(control_layer({"2025-11-01": "POLYGON((37 48, 38 48, 38 49, 37 49, 37 48))"}),
                         tmp_path / "control.gpkg")
    table = tmp_path / "distance.csv"
    stdout = qgis_process(qgis_process_env, "--json", "run", "situationmapper:frontdistance", "--",
                          f"TARGETS={targets}", "TARGET_NAME_FIELD=name", f"CONTROL={control}",
                          "DATES=2025-11-01,2025-11-03", f"TABLE={table}")
    result = json.loads(stdout[stdout.index("{"):])
    assert set(result["results"]) == {"TABLE"}
    with open(table, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["date"], r["snapshot_date"]) for r in rows] == [
        ("2025-11-01", "2025-11-01"), ("2025-11-03", "2025-11-01")]
    # the nearest point of a meridian edge lies within a few metres of the parallel
    assert float(rows[0]["distance_km"]) * 1000 == pytest.approx(
        Geod(ellps="WGS84").inv(36.9, 48.5, 37.0, 48.5)[2], abs=5.0)
    assert float(rows[0]["bearing_deg"]) == pytest.approx(90.0, abs=0.5)
