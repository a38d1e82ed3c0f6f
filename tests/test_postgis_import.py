"""situationmapper:importsnapshots on both backends (the same tests on a GeoPackage
and on PostGIS), and two analysts importing into one PostGIS store at the same time
from two processes.

Also runnable as a script: ``python tests/test_postgis_import.py worker ...`` is one
analyst's import process in the concurrency test."""

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import RecordingFeedback, geod_area_km2, run_import, square, write_geojson  # noqa: E402
from test_postgis_store import pg_location, pg_schema, postgis_server  # noqa: E402,F401

D = datetime.date
BACKENDS = ["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)]


@pytest.fixture(params=BACKENDS)
def store_location(request, tmp_path):
    """A store location not created yet: a .gpkg path or a PostGIS schema."""
    if request.param == "gpkg":
        return str(tmp_path / "store.gpkg")
    return request.getfixturevalue("pg_location")


def open_control(location):
    from qgis.core import QgsVectorLayer

    from situation_mapper.store import postgis as postgis_store

    if postgis_store.is_postgis_location(location):
        return postgis_store.control_layer(location)
    layer = QgsVectorLayer(f"{location}|layername=control", "control", "ogr")
    assert layer.isValid()
    return layer


def rows_of(location):
    """Control rows as dicts sorted by (source, status, valid_from); dates as datetime.date."""
    from situation_mapper.store import to_day

    layer = open_control(location)
    rows = []
    for feature in layer.getFeatures():
        row = {name: feature[name] for name in layer.fields().names()}
        row["valid_from"], row["valid_to"] = to_day(row["valid_from"]), to_day(row["valid_to"])
        row["geometry"] = feature.geometry()
        rows.append(row)
    return sorted(rows, key=lambda r: (r["source"], r["status"], r["valid_from"]))


# -- the same import tests on both backends -----------------------------------------------
def test_three_days_make_a_chained_series(provider, tmp_path, store_location):
    files = [write_geojson(tmp_path / f"occupied_test_{day}.geojson", [[square(37.0, 48.0, size)]])
             for day, size in (("20251118", 0.10), ("20251119", 0.11), ("20251121", 0.12))]
    result = run_import([str(f) for f in files], store_location)

    assert result["IMPORTED"] == 3 and result["SKIPPED"] == 0
    assert result["GAPS"] == "2025-11-20" and result["GAP_DAYS"] == 1
    assert "password" not in result["OUTPUT"]
    rows = rows_of(store_location)
    assert [(r["valid_from"], r["valid_to"]) for r in rows] == [
        (D(2025, 11, 18), D(2025, 11, 19)), (D(2025, 11, 19), D(2025, 11, 21)), (D(2025, 11, 21), None)]
    for row, size in zip(rows, (0.10, 0.11, 0.12)):
        assert (row["source"], row["status"], row["confidence"]) == ("occupied_test", "occupied", "assessed")
        assert row["area_km2"] == pytest.approx(geod_area_km2([square(37.0, 48.0, size)]), rel=1e-6)
        assert row["geometry"].wkbType() == 6  # MultiPolygon
        assert row["imported_from"] == f"occupied_test_{row['valid_from']:%Y%m%d}.geojson"


def test_append_skips_what_is_there_and_rechains(provider, tmp_path, store_location):
    first = [write_geojson(tmp_path / f"s_{day}.geojson", [[square(37.0, 48.0, 0.1)]])
             for day in ("2025-11-18", "2025-11-19", "2025-11-21")]
    run_import([str(f) for f in first], store_location, SOURCE="DeepStateMap")
    later = [write_geojson(tmp_path / f"s_{day}.geojson", [[square(37.0, 48.0, 0.1)]])
             for day in ("2025-11-17", "2025-11-20")]
    feedback = RecordingFeedback()
    result = run_import([str(f) for f in first + later], store_location, feedback, SOURCE="DeepStateMap")

    assert result["IMPORTED"] == 2 and result["SKIPPED"] == 3
    assert sum("is already in the store" in i for i in feedback.infos) == 3
    days = [r["valid_from"] for r in rows_of(store_location)]
    assert days == [D(2025, 11, 17), D(2025, 11, 18), D(2025, 11, 19), D(2025, 11, 20), D(2025, 11, 21)]
    assert [r["valid_to"] for r in rows_of(store_location)] == days[1:] + [None]


def test_an_error_midway_leaves_the_store_as_it_was(provider, tmp_path, store_location):
    from qgis.core import QgsProcessingException

    good = write_geojson(tmp_path / "s_2025-11-18.geojson", [[square(37.0, 48.0, 0.1)]])
    run_import([str(good)], store_location, SOURCE="A")
    before = [(r["source"], r["valid_from"], r["valid_to"]) for r in rows_of(store_location)]
    more = write_geojson(tmp_path / "s_2025-11-19.geojson", [[square(37.0, 48.0, 0.1)]])
    line = write_geojson(tmp_path / "s_2025-11-20.geojson", [[[37.0, 48.0], [37.1, 48.1]]],
                         geometry_type="LineString")
    with pytest.raises(QgsProcessingException, match="not polygons"):
        run_import([str(more), str(line)], store_location, SOURCE="A")
    assert [(r["source"], r["valid_from"], r["valid_to"]) for r in rows_of(store_location)] == before


@pytest.mark.postgis
def test_a_failed_first_import_leaves_no_empty_store(provider, tmp_path, pg_location, pg_schema):
    from qgis.core import QgsProcessingException

    from situation_mapper.store import postgis as postgis_store

    more = write_geojson(tmp_path / "s_2025-11-19.geojson", [[square(37.0, 48.0, 0.1)]])
    line = write_geojson(tmp_path / "s_2025-11-20.geojson", [[[37.0, 48.0], [37.1, 48.1]]],
                         geometry_type="LineString")
    with pytest.raises(QgsProcessingException, match="not polygons"):
        run_import([str(more), str(line)], pg_location, SOURCE="A")
    with pytest.raises(postgis_store.NoStoreYet):
        postgis_store.validate(pg_location)
    assert pg_schema not in postgis_store.list_stores(pg_location)


@pytest.mark.postgis
def test_imported_rows_carry_provenance(provider, tmp_path, pg_location):
    files = [write_geojson(tmp_path / f"s_2025-11-{day}.geojson", [[square(37.0, 48.0, 0.1)]])
             for day in (18, 20)]
    run_import([str(files[0])], pg_location, SOURCE="A")
    run_import([str(files[1])], pg_location, SOURCE="A")  # re-chains the first row
    rows = rows_of(pg_location)
    assert [r["created_by"] for r in rows] == ["postgres", "postgres"]
    assert [r["row_version"] for r in rows] == [2, 1]  # the first row's valid_to was changed once
    assert all(r["changed_at"] >= r["created_at"] for r in rows)


# -- two analysts, two processes, one store ------------------------------------------------
def _series_files(folder: Path, prefix: str, first: D, days: int):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        size = 0.05 + 0.001 * offset
        paths.append(str(write_geojson(folder / f"{prefix}_{day:%Y%m%d}.geojson",
                                       [[square(37.0, 48.0, size)]])))
    return paths


@pytest.mark.postgis
@pytest.mark.slow
def test_two_analysts_importing_at_once_lose_nothing(qgis_app, tmp_path, pg_location):
    """Analyst A imports series S days 1-40 and T days 1-20; analyst B, at the same
    time, S days 21-60 (20 days overlap A's) and U days 1-20. Every snapshot ends up
    in the store exactly once with a correct validity chain."""
    start = D(2025, 9, 1)
    s_files = _series_files(tmp_path / "S", "S", start, 60)
    t_files = _series_files(tmp_path / "T", "T", start, 20)
    u_files = _series_files(tmp_path / "U", "U", start, 20)
    jobs = {"a": s_files[:40] + t_files, "b": s_files[20:] + u_files}
    go = tmp_path / "go"
    processes = {}
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name, files in jobs.items():
        spec = tmp_path / f"{name}.json"
        spec.write_text(json.dumps({"files": files, "store": pg_location, "go": str(go)}))
        processes[name] = subprocess.Popen(  # nosec B603 - fixed argument list, no shell
            [sys.executable, __file__, "worker", str(spec)], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for name in jobs:  # both are ready (QGIS started) before either imports
        ready = tmp_path / f"{name}.json.ready"
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert processes[name].poll() is None, processes[name].communicate()
            assert time.monotonic() < deadline, f"worker {name} did not start"
            time.sleep(0.05)
    go.write_text("go")
    results = {}
    for name, process in processes.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        results[name] = json.loads(out.strip().splitlines()[-1])

    assert results["a"]["IMPORTED"] + results["b"]["IMPORTED"] == 100
    assert results["a"]["SKIPPED"] + results["b"]["SKIPPED"] == 20
    rows = rows_of(pg_location)
    by_series = {}
    for row in rows:
        by_series.setdefault(row["source"], []).append(row)
    assert {k: len(v) for k, v in by_series.items()} == {"S": 60, "T": 20, "U": 20}
    for source, series in by_series.items():
        days = [r["valid_from"] for r in series]
        assert days == sorted(set(days))  # each day once
        assert [r["valid_to"] for r in series] == days[1:] + [None], source
    areas = {r["valid_from"]: r["area_km2"] for r in by_series["S"]}
    day_40 = start + datetime.timedelta(days=39)
    assert areas[day_40] == pytest.approx(geod_area_km2([square(37.0, 48.0, 0.05 + 0.039)]), rel=1e-6)


def _worker(spec_path: str) -> None:
    """One analyst's import process: start QGIS, say ready, wait for go, import."""
    from support import start_processing_in_worker

    _app, _provider = start_processing_in_worker()  # both kept until the process ends
    import processing
    from qgis.core import QgsProcessingFeedback

    spec = json.loads(Path(spec_path).read_text())
    Path(spec_path + ".ready").write_text("ready")
    while not Path(spec["go"]).exists():
        time.sleep(0.01)
    result = processing.run("situationmapper:importsnapshots",
                            {"INPUT": spec["files"], "OUTPUT": spec["store"], "SOURCE": ""},
                            feedback=QgsProcessingFeedback())
    print(json.dumps({k: result[k] for k in ("IMPORTED", "SKIPPED", "OUTPUT")}))
    sys.stdout.flush()
    os._exit(0)  # skip QGIS's teardown: the result is out


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "worker":
        _worker(sys.argv[2])


@pytest.mark.postgis
@pytest.mark.slow
def test_qgis_process_imports_into_postgis_and_analyses_it(qgis_app, tmp_path, pg_location):
    """From the command line: import into a PostGIS store, then the occupied share
    with CONTROL the store's control table as a Processing layer string."""
    from test_qgis_process import QGIS_PROCESS, PLUGIN_ROOT  # noqa: F401

    from situation_mapper.store import postgis as postgis_store

    if not Path(QGIS_PROCESS).exists():
        pytest.skip(f"{QGIS_PROCESS} is not installed")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "situation_mapper").symlink_to(PLUGIN_ROOT, target_is_directory=True)
    env = dict(os.environ, QGIS_PLUGINPATH=str(plugins), QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "config"),
               QT_QPA_PLATFORM="offscreen")
    subprocess.run([QGIS_PROCESS, "plugins", "enable", "situation_mapper"],  # nosec B603
                   env=env, check=True, capture_output=True, timeout=300)
    files = _series_files(tmp_path / "in", "S", D(2025, 11, 1), 3)

    def run(*args):
        done = subprocess.run([QGIS_PROCESS, "--json", "run", *args], env=env,  # nosec B603
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr + done.stdout
        return json.loads(done.stdout[done.stdout.index("{"):])["results"]

    imported = run("situationmapper:importsnapshots", "--", *[f"INPUT={f}" for f in files],
                   f"OUTPUT={pg_location}")
    assert imported["IMPORTED"] == 3
    towns = write_geojson(tmp_path / "towns.geojson", [[square(37.0, 48.0, 0.1)]], [{"name": "town"}],
                          geometry_type="MultiPolygon")
    shares = run("situationmapper:occupiedshare", "--", f"AREAS={towns}", "AREA_NAME_FIELD=name",
                 f"CONTROL={postgis_store.processing_source(pg_location)}", "DATES=2025-11-03",
                 f"OUTPUT={tmp_path / 'share.csv'}")
    import csv

    with open(shares["OUTPUT"], newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and rows[0]["area"] == "town" and rows[0]["source"] == "S"
    expected = 100 * geod_area_km2([square(37.0, 48.0, 0.052)]) / geod_area_km2([square(37.0, 48.0, 0.1)])
    assert float(rows[0]["occupied_pct"]) == pytest.approx(expected, abs=0.05)
