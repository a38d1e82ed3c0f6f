"""Benchmark: the occupied share of the 14 real town and hromada polygons on all
769 real DeepStateMap snapshots, by ``situationmapper:occupiedshare`` against
the naive loop measured in the same run (for each date: read the features
valid that day from the store, union them, intersect the union with each area
and measure it on the WGS84 ellipsoid).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_occupied_share.py [ROUNDS]``

The control layer is a GeoPackage written to a temporary folder (the files are
read with the test helper ``control_layer_from_files``, not the plugin's
importer). Prints per round and as the best of the rounds (the machine is
shared; the best run of each is the fairest comparison): seconds of each, the
ratio naive / algorithm (target >= 20), and the largest difference between the
two in percentage points (they must agree to 1e-3).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TARGET_RATIO = 20.0
MAX_DIFFERENCE_PTS = 1e-3


def _setup():
    plugin_parent = ROOT / "build" / "plugins"
    plugin_parent.mkdir(parents=True, exist_ok=True)
    link = plugin_parent / "situation_mapper"
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    for path in (str(ROOT / "tests"), str(plugin_parent), "/usr/share/qgis/python/plugins"):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from situation_mapper.processing.provider import SituationMapperProvider

    provider = SituationMapperProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def build_store(folder):
    """A GeoPackage control table of every snapshot file; its path."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter
    from support import control_layer_from_files, deepstate_files

    layer = control_layer_from_files(deepstate_files(DATA))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "control"
    path = os.path.join(folder, "store.gpkg")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(), options)
    if error[0] != QgsVectorFileWriter.NoError:
        raise RuntimeError(f"cannot write {path}: {error[1]}")
    return path


def naive(store, towns_path):
    """{(date, area): percent} by the naive loop, and its seconds."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsGeometry, QgsVectorLayer

    from situation_mapper.core.geodesy import wgs84_distance_area
    from situation_mapper.layers.control import (
        fetch_geometries,
        open_control_layer,
        read_records,
        select_records,
        snapshot_days,
    )

    start = time.perf_counter()
    towns = QgsVectorLayer(towns_path, "towns", "ogr")
    request = QgsFeatureRequest().setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"),
                                                    towns.transformContext())
    areas = [(f["name"], f.geometry()) for f in towns.getFeatures(request)]
    da = wgs84_distance_area()
    whole = {name: da.measureArea(geometry) for name, geometry in areas}
    layer = open_control_layer(store)
    records = read_records(layer)
    shares = {}
    for day in snapshot_days(records):
        valid = select_records(records, day, ["occupied"])
        union = QgsGeometry.unaryUnion(list(fetch_geometries(layer, [r.fid for r in valid]).values()))
        for name, geometry in areas:
            shares[(day.isoformat(), name)] = da.measureArea(geometry.intersection(union)) / whole[name] * 100
    return shares, time.perf_counter() - start


def algorithm(store, towns_path):
    """{(date, area): percent} by situationmapper:occupiedshare, and its seconds."""
    import processing

    start = time.perf_counter()
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": towns_path, "AREA_NAME_FIELD": "name", "CONTROL": store,
        "STATUSES": "occupied", "DATES": "all", "OUTPUT": "TEMPORARY_OUTPUT"})
    seconds = time.perf_counter() - start
    shares = {(f["date"].toString("yyyy-MM-dd"), f["area"]): f["occupied_pct"]
              for f in result["OUTPUT"].getFeatures()}
    return shares, seconds


def main(rounds=3):
    if not DATA.exists():
        print(f"real data not found in {DATA}")
        return 1
    _app, _provider = _setup()
    towns_path = str(DATA / "cities" / "towns_donetsk_front.geojson")
    with tempfile.TemporaryDirectory(prefix="bench_share_") as folder:
        started = time.perf_counter()
        store = build_store(folder)
        print(f"store of 769 snapshots built in {time.perf_counter() - started:.1f} s")
        best_naive = best_fast = float("inf")
        for number in range(1, rounds + 1):
            reference, naive_seconds = naive(store, towns_path)
            measured, fast_seconds = algorithm(store, towns_path)
            if set(reference) != set(measured):
                print("the two runs give different rows")
                return 1
            worst = max(abs(reference[key] - measured[key]) for key in reference)
            best_naive, best_fast = min(best_naive, naive_seconds), min(best_fast, fast_seconds)
            print(f"round {number}: naive {naive_seconds:.2f} s, occupiedshare {fast_seconds:.2f} s, "
                  f"ratio {naive_seconds / fast_seconds:.1f}x, {len(reference)} values, "
                  f"largest difference {worst:.2e} percentage points")
            if worst > MAX_DIFFERENCE_PTS:
                print(f"results differ by more than {MAX_DIFFERENCE_PTS} percentage points")
                return 1
        ratio = best_naive / best_fast
        print(f"best: naive {best_naive:.2f} s, occupiedshare {best_fast:.2f} s, ratio {ratio:.1f}x "
              f"(target >= {TARGET_RATIO:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
