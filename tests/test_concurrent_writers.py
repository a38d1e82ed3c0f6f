"""Two writers on one GeoPackage store, in real separate processes: nothing is
lost, and a writer killed at any moment leaves the old or the new store, never
half of one."""

import json
import os
import random
import signal
import subprocess  # nosec B404 - runs this interpreter on a test script
import sys
import time
from pathlib import Path

import pytest
from osgeo import ogr

from conftest import PLUGIN_PARENT, shared_data_path

DAYS = 60
VALIDATE_GPKG = [Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"),
                 Path("/usr/share/doc/python3-gdal/examples/validate_gpkg.py")]

WRITER = r'''
"""A writer of a situation store in its own process."""
import json, os, sys, time

plugin_parent, action, store_path, source, folder, start_at = sys.argv[1:7]
sys.path.insert(0, plugin_parent)
sys.path.insert(0, "/usr/share/qgis/python/plugins")
from qgis.core import QgsApplication

app = QgsApplication([], False)
app.initQgis()
from processing.core.Processing import Processing

Processing.initialize()
import processing
from situation_mapper.algorithms.provider import SituationMapperProvider

provider = SituationMapperProvider()
QgsApplication.processingRegistry().addProvider(provider)
delay = float(start_at) - time.time()
if delay > 0:
    time.sleep(delay)
print("started", flush=True)
if action == "import":
    result = processing.run("situationmapper:importsnapshots",
                            {"INPUT": folder, "SOURCE": source, "OUTPUT": store_path})
    print(json.dumps({"imported": result["IMPORTED"]}), flush=True)
elif action == "drawing":
    from qgis.core import QgsGeometry, QgsPointXY
    from situation_mapper.layers import drawings

    layers = drawings.open_drawing_layers(store_path)
    line = QgsGeometry.fromPolylineXY([QgsPointXY(37.0, 48.0), QgsPointXY(37.1, 48.1)])
    drawings.add_drawing(layers.arcs, line, {"note": source}, "arc")
    drawings.save_drawings(layers.arcs)
    print(json.dumps({"drawing": source}), flush=True)
elif action == "events":  # folder: an event file
    result = processing.run("situationmapper:importevents", {"INPUT": folder, "SOURCE": source,
                                                              "OUTPUT": store_path})
    print(json.dumps({"events": result["IMPORTED"]}), flush=True)
elif action == "copy":
    from qgis.core import QgsProcessingException

    try:
        result = processing.run("situationmapper:copystore",
                                {"SOURCE_STORE": folder, "TARGET_STORE": store_path})
        print(json.dumps({"copied": result["CONTROL_ROWS"]}), flush=True)
    except QgsProcessingException as error:
        print(json.dumps({"refused": str(error)}), flush=True)
'''


@pytest.fixture(scope="module")
def days_folder(tmp_path_factory):
    """A folder of links to 60 consecutive DeepStateMap days (one row each)."""
    data = shared_data_path("deepstate")
    files = sorted(data.glob("deepstatemap_data_*.geojson"))[:DAYS]
    assert len(files) == DAYS
    folder = tmp_path_factory.mktemp("days")
    for file in files:
        (folder / file.name).symlink_to(file)
    return folder


@pytest.fixture()
def writer_script(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return script


def start_writer(script, action, store, source, folder, start_at=0.0):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(  # nosec B603 - this interpreter, a test script
        [sys.executable, str(script), str(PLUGIN_PARENT), action, str(store), source, str(folder),
         repr(start_at)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process, timeout=240):
    stdout, stderr = process.communicate(timeout=timeout)
    assert process.returncode == 0, stderr[-3000:] + stdout
    return json.loads(stdout.strip().splitlines()[-1])


def rows_per_source(store):
    """Control rows per source, counted with OGR straight from the file."""
    dataset = ogr.Open(str(store))
    assert dataset is not None, f"{store} does not open"
    counts = {}
    for feature in dataset.GetLayerByName("control"):
        counts[feature.GetField("source")] = counts.get(feature.GetField("source"), 0) + 1
    return counts


def assert_valid_store(store):
    from situation_mapper.store import geopackage

    assert geopackage.validate(str(store)).control_rows >= 0
    script = next((path for path in VALIDATE_GPKG if path.exists()), None)
    if script is None:
        return  # GDAL's GeoPackage validator is not installed here
    done = subprocess.run([sys.executable, str(script), str(store)],  # nosec B603
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("offset", [0.0, 0.0, 0.03, 0.1, 0.25])
def test_two_imports_started_together_keep_both_sources(qgis_processing, days_folder, writer_script,
                                                        tmp_path, offset):
    store = tmp_path / "shared.gpkg"
    start_at = time.time() + 4.0  # both are running QGIS by then; then A, and B offset s later
    first = start_writer(writer_script, "import", store, "A", days_folder, start_at)
    second = start_writer(writer_script, "import", store, "B", days_folder, start_at + offset)
    assert finished(first) == {"imported": DAYS}
    assert finished(second) == {"imported": DAYS}
    assert rows_per_source(store) == {"A": DAYS, "B": DAYS}
    assert_valid_store(store)
    assert sorted(os.listdir(tmp_path)) == ["shared.gpkg", "writer.py"]


@pytest.mark.parametrize("offset", [0.0, 0.05, 0.2])
def test_events_imported_during_a_snapshot_import_are_kept(qgis_processing, days_folder, writer_script,
                                                           tmp_path, offset):
    events = tmp_path / "events.csv"
    events.write_text("date,lon,lat,type\n" + "".join(f"2025-01-{1 + i % 28:02d},37.{i:03d},48.2,strike\n"
                                                       for i in range(300)))
    store = tmp_path / "shared.gpkg"
    start_at = time.time() + 4.0
    first = start_writer(writer_script, "import", store, "A", days_folder, start_at)
    second = start_writer(writer_script, "events", store, "desk", events, start_at + offset)
    assert finished(first) == {"imported": DAYS}
    assert finished(second) == {"events": 300}
    assert rows_per_source(store) == {"A": DAYS}
    dataset = ogr.Open(str(store))
    assert dataset.GetLayerByName("events").GetFeatureCount() == 300
    dataset = None
    assert_valid_store(store)


def test_an_import_into_an_existing_store_and_a_second_one_queue(qgis_processing, days_folder,
                                                                 writer_script, tmp_path):
    store = tmp_path / "shared.gpkg"
    assert finished(start_writer(writer_script, "import", store, "A", days_folder)) == {"imported": DAYS}
    start_at = time.time() + 4.0
    writers = [start_writer(writer_script, "import", store, source, days_folder, start_at)
               for source in ("B", "C")]
    assert [finished(w) for w in writers] == [{"imported": DAYS}] * 2
    assert rows_per_source(store) == {"A": DAYS, "B": DAYS, "C": DAYS}


def test_a_drawing_saved_during_an_import_is_kept(qgis_processing, days_folder, writer_script, tmp_path):
    store = tmp_path / "shared.gpkg"
    assert finished(start_writer(writer_script, "import", store, "A", days_folder)) == {"imported": DAYS}
    for attempt, offset in enumerate((0.0, 0.05, 0.15)):
        start_at = time.time() + 4.0
        importer = start_writer(writer_script, "import", store, f"B{attempt}", days_folder, start_at)
        drawer = start_writer(writer_script, "drawing", store, f"arc {attempt}", days_folder,
                              start_at + offset)
        assert finished(importer) == {"imported": DAYS}
        assert finished(drawer) == {"drawing": f"arc {attempt}"}
    counts = rows_per_source(store)
    assert counts == {"A": DAYS, "B0": DAYS, "B1": DAYS, "B2": DAYS}
    dataset = ogr.Open(str(store))  # kept: its layers die with it
    notes = sorted(feature.GetField("note") for feature in dataset.GetLayerByName("drawings_arcs"))
    assert notes == ["arc 0", "arc 1", "arc 2"]
    assert_valid_store(store)


def test_a_copy_and_an_import_into_one_store_never_lose_a_side(qgis_processing, days_folder,
                                                                writer_script, tmp_path):
    source = tmp_path / "source.gpkg"
    assert finished(start_writer(writer_script, "import", source, "A", days_folder)) == {"imported": DAYS}
    for attempt, offset in enumerate((0.0, 0.05, -0.05, 0.2)):
        target = tmp_path / f"target{attempt}.gpkg"
        start_at = time.time() + 4.0
        importer = start_writer(writer_script, "import", target, "B", days_folder, start_at)
        copier = start_writer(writer_script, "copy", target, "", source, start_at + offset)
        assert finished(importer) == {"imported": DAYS}
        copy = finished(copier)
        if "copied" in copy:  # the copy came first (or into the empty store): the import added on top
            assert copy == {"copied": DAYS}
            assert rows_per_source(target) == {"A": DAYS, "B": DAYS}
        else:  # the import came first: the copy says the target is not empty and writes nothing
            assert "already holds control rows" in copy["refused"]
            assert rows_per_source(target) == {"B": DAYS}
        assert_valid_store(target)


def test_a_writer_killed_at_any_moment_leaves_the_old_or_the_new_store(qgis_processing, days_folder,
                                                                       writer_script, tmp_path):
    store = tmp_path / "shared.gpkg"
    assert finished(start_writer(writer_script, "import", store, "A", days_folder)) == {"imported": DAYS}
    outcomes = set()
    chance = random.Random(17)  # nosec B311 - kill moments, not secrets
    for _attempt in range(6):
        writer = start_writer(writer_script, "import", store, "B", days_folder)
        assert writer.stdout.readline().strip() == "started"
        time.sleep(chance.uniform(0.0, 0.5))  # the import itself takes about 0.3 s here
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=60)
        counts = rows_per_source(store)
        assert counts in ({"A": DAYS}, {"A": DAYS, "B": DAYS}), counts
        outcomes.add(tuple(sorted(counts)))
        assert_valid_store(store)
        if "B" in counts:
            break
    # whatever a killed writer left beside the store, the next one clears it and writes
    finished(start_writer(writer_script, "import", store, "B", days_folder))
    assert rows_per_source(store) == {"A": DAYS, "B": DAYS}
    assert sorted(os.listdir(tmp_path)) == ["shared.gpkg", "writer.py"]
    assert_valid_store(store)


def test_a_writer_waiting_too_long_is_refused_naming_the_store(qgis_processing, writer_script, tmp_path):
    import threading

    from qgis.core import QgsGeometry

    from situation_mapper.store import StoreError, geopackage

    store = str(tmp_path / "busy.gpkg")
    geopackage.create(store)
    holder = subprocess.Popen(  # nosec B603 - holds the lock file as another process would
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a+b'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(30)",
         store + ".lock"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="busy.gpkg.*another import or save"):
            geopackage.StoreUpdate(store, timeout=0.5)
        cancel = threading.Event()
        threading.Timer(0.3, cancel.set).start()
        with pytest.raises(StoreError, match="Cancelled while waiting.*busy.gpkg"):
            geopackage.StoreUpdate(store, timeout=20, cancelled=cancel.is_set)
    finally:
        holder.kill()
        holder.communicate()
    update = geopackage.StoreUpdate(store, timeout=5)  # free again once its holder is gone
    update.add_control(QgsGeometry.fromWkt("MultiPolygon (((0 0, 1 0, 1 1, 0 0)))"),
                       __import__("datetime").date(2025, 11, 1), None, {"source": "A", "status": "occupied"})
    update.commit()
    assert rows_per_source(store) == {"A": 1}


def test_store_opened_for_editing_during_an_update_keeps_both(qgis_processing, tmp_path):
    import datetime

    from qgis.core import QgsGeometry, QgsPointXY

    from situation_mapper.layers import drawings
    from situation_mapper.store import geopackage

    store = str(tmp_path / "s.gpkg")
    geopackage.create(store)
    layers = drawings.open_drawing_layers(store)  # shown, not being edited
    update = geopackage.StoreUpdate(store)  # a copy: nobody edits the store yet
    assert not update.in_place
    line = QgsGeometry.fromPolylineXY([QgsPointXY(37.0, 48.0), QgsPointXY(37.1, 48.1)])
    drawings.add_drawing(layers.arcs, line, {"note": "kept"}, "arc")  # editing: the -wal is there
    update.add_control(QgsGeometry.fromWkt("MultiPolygon (((0 0, 1 0, 1 1, 0 0)))"),
                       datetime.date(2025, 11, 1), None, {"source": "A", "status": "occupied"})
    update.commit()  # written into the live file, the editing session keeps it
    drawings.save_drawings(layers.arcs)
    assert rows_per_source(store) == {"A": 1}
    dataset = ogr.Open(store)
    assert [f.GetField("note") for f in dataset.GetLayerByName("drawings_arcs")] == ["kept"]
    dataset = None
    layers.arcs.commitChanges()
    del layers
    assert_valid_store(store)


def test_a_writer_inside_a_writer_is_refused(qgis_processing, tmp_path):
    from situation_mapper.store import StoreError, geopackage

    store = str(tmp_path / "s.gpkg")
    geopackage.create(store)
    outer = geopackage.StoreUpdate(store)
    try:
        with pytest.raises(StoreError, match="already being written"):
            geopackage.StoreUpdate(store)
    finally:
        outer.abort()
    geopackage.StoreUpdate(store).abort()  # free again


def _store_layer(store, project):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{store}|layername=control", "control", "ogr")
    assert layer.isValid()
    project.addMapLayer(layer)
    return layer


def test_a_layer_shown_during_an_import_shows_the_new_days(provider, days_folder, tmp_path):
    import processing
    from qgis.core import QgsProject

    files = sorted(str(path) for path in days_folder.iterdir())
    store = tmp_path / "shown.gpkg"
    processing.run("situationmapper:importsnapshots", {"INPUT": files[:10], "SOURCE": "A",
                                                       "OUTPUT": str(store)})
    project = QgsProject.instance()
    layer = _store_layer(store, project)
    try:
        assert layer.featureCount() == 10
        processing.run("situationmapper:importsnapshots", {"INPUT": files[10:25], "SOURCE": "A",
                                                           "OUTPUT": str(store)})
        assert layer.isValid()
        assert layer.featureCount() == 25
        assert len(list(layer.getFeatures())) == 25
    finally:
        project.removeMapLayer(layer.id())


def test_a_layer_shown_during_another_process_import_shows_it_after_a_reload(
        provider, days_folder, writer_script, tmp_path):
    import processing
    from qgis.core import QgsProject

    from situation_mapper import store as facade

    files = sorted(str(path) for path in days_folder.iterdir())
    store = tmp_path / "shown.gpkg"
    processing.run("situationmapper:importsnapshots", {"INPUT": files[:5], "SOURCE": "A",
                                                       "OUTPUT": str(store)})
    project = QgsProject.instance()
    layer = _store_layer(store, project)
    try:
        assert layer.featureCount() == 5
        assert finished(start_writer(writer_script, "import", store, "B", days_folder)) == {"imported": DAYS}
        assert layer.isValid()  # still reading the file it opened, which was replaced
        assert facade.reload_layers(str(store), project) == 1
        assert layer.featureCount() == 5 + DAYS
        assert len(list(layer.getFeatures())) == 5 + DAYS
    finally:
        project.removeMapLayer(layer.id())
