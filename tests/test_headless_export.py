"""A map product from the command line, as a newsroom's morning job runs it:
qgis_process.bin on a GeoPackage store made by importsnapshots and
importevents, with claims; its stderr stays clean (no GDAL "ERROR" line)."""

import datetime
import json
import re
import subprocess  # nosec B404 - runs QGIS's own command-line tool
from pathlib import Path

import pytest

from conftest import shared_data_path
from test_qgis_process import QGIS_PROCESS, qgis_process_env  # noqa: F401 (a fixture)

TOWNS = "cities/towns_donetsk_front.geojson"
DAYS = [datetime.date(2025, 11, 18), datetime.date(2025, 11, 19), datetime.date(2025, 11, 20)]
EVENTS_CSV = """datetime,lon,lat,type,side,source,verification
2025-11-18T06:30:00Z,37.18,48.28,infiltration,hostile,Analyst desk,unverified
2025-11-19T09:10:00Z,37.16,48.29,strike,hostile,ISW,claimed
2025-11-20T08:00:00Z,37.20,48.28,force_estimate,hostile,ISW,unverified
"""
CLAIMS_CSV = """date,area,claimed_pct,who
2025-11-18,Pokrovsk,60,ISW
"""


def run(env, *args):
    """qgis_process.bin with ``args``: (stdout, stderr); fails on a non-zero exit."""
    done = subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True,  # nosec B603
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout, done.stderr


def error_lines(stderr):
    return [line for line in stderr.splitlines() if re.match(r"\s*ERROR\b", line)]


@pytest.fixture()
def store_with_events(qgis_process_env, tmp_path):  # noqa: F811
    """A store of three real DeepStateMap days and three events, written by the
    plugin's own import algorithms from the command line."""
    snapshots = tmp_path / "snapshots"
    snapshots.mkdir()
    for day in DAYS:
        name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
        (snapshots / name).symlink_to(shared_data_path() / "deepstate" / name)
    store = tmp_path / "situation.gpkg"
    run(qgis_process_env, "run", "situationmapper:importsnapshots", "--", f"INPUT={snapshots}",
        "SOURCE=DeepStateMap", f"OUTPUT={store}")
    events = tmp_path / "events.csv"
    events.write_text(EVENTS_CSV, encoding="utf-8")
    run(qgis_process_env, "run", "situationmapper:importevents", "--", f"INPUT={events}", f"OUTPUT={store}")
    return store


def export_args(store, tmp_path, output, *extra):
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS_CSV, encoding="utf-8")
    return ("run", "situationmapper:exportmap", "--", f"CONTROL={store}",
            f"AREAS={shared_data_path() / TOWNS}", "AREA_NAME_FIELD=name", "FOCUS_AREA=Pokrovsk",
            "REAR=37.05,48.43", "DATE=2025-11-20", f"CLAIMS={claims}", "TITLE=Pokrovsk",
            f"OUTPUT={output}") + extra


@pytest.mark.slow
def test_headless_export_of_a_store_prints_no_error(qgis_process_env, store_with_events, tmp_path):  # noqa: F811
    output = tmp_path / "pokrovsk.pdf"
    _stdout, stderr = run(qgis_process_env, *export_args(store_with_events, tmp_path, output))
    assert output.stat().st_size > 10000
    assert error_lines(stderr) == [], stderr
    assert "unable to open database file" not in stderr
    receipt = json.loads(Path(str(output) + ".json").read_text(encoding="utf-8"))
    assert receipt["map_scale"] > 0


@pytest.mark.slow
def test_headless_export_with_an_unreachable_basemap_is_written_and_attributed(
        qgis_process_env, store_with_events, tmp_path):  # noqa: F811
    """No tile server answers (the discard port): the tiles are missing, the
    product is written, the attribution is in the sources and the receipt."""
    output = tmp_path / "offline.pdf"
    _stdout, stderr = run(qgis_process_env, *export_args(
        store_with_events, tmp_path, output, "BASEMAP=http://127.0.0.1:9/{z}/{x}/{y}.png",
        "BASEMAP_ATTRIBUTION=© Tiles of the test"))
    assert output.stat().st_size > 10000
    assert error_lines(stderr) == [], stderr
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True,  # nosec B603
                          check=True).stdout
    assert "Basemap (127.0.0.1): © Tiles of the test" in " ".join(text.split())
    receipt = json.loads(Path(str(output) + ".json").read_text(encoding="utf-8"))
    assert receipt["parameters"]["BASEMAP_ATTRIBUTION"] == "© Tiles of the test"
    assert any("127.0.0.1" in layer.get("source", "") for layer in receipt["inputs"]["layers"])
