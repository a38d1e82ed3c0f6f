"""Benchmark: the occupied share of the 14 real town and hromada polygons on all
769 real DeepStateMap snapshots, by ``situationmapper:occupiedshare`` against
the naive loop measured in the same run (for each date: read the features
valid that day from the store, union them, intersect the union with each area
and measure it on the WGS84 ellipsoid).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_occupied_share.py [ROUNDS]``

The control layer is a situation store (GeoPackage) in a temporary folder,
imported with ``situationmapper:importsnapshots``, which checks every
geometry (so the measuring does not check them again). Prints per round and
as the best of the rounds (the machine is shared; the best run of each is
the fairest comparison): seconds of each, the
ratio naive / algorithm (target >= 20), CPU seconds of each (the work done,
much less sensitive to what else runs on the machine), and the largest
difference between the two in percentage points (they must agree to 1e-3).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import start_qgis  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TARGET_RATIO = 20.0
MAX_DIFFERENCE_PTS = 1e-3


def build_store(folder):
    """A situation store of every snapshot file, imported by the plugin; its path."""
    import processing
    from qgis.core import QgsProcessingFeedback
    from support import deepstate_files

    path = os.path.join(folder, "store.gpkg")
    processing.run("situationmapper:importsnapshots",
                   {"INPUT": [str(f) for f in deepstate_files(DATA)], "OUTPUT": path},
                   feedback=QgsProcessingFeedback())
    return path


def naive(store, towns_path):
    """{(date, area): percent} by the naive loop, its seconds and its CPU seconds."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsGeometry, QgsVectorLayer

    from situation_mapper.core.geodesy import wgs84_distance_area
    from situation_mapper.store import (
        fetch_geometries,
        open_control_layer,
        read_records,
        select_records,
        snapshot_days,
    )

    start, cpu_start = time.perf_counter(), time.process_time()
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
    return shares, time.perf_counter() - start, time.process_time() - cpu_start


def algorithm(store, towns_path):
    """{(date, area): percent} by situationmapper:occupiedshare, its seconds and
    its CPU seconds."""
    import processing

    start, cpu_start = time.perf_counter(), time.process_time()
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": towns_path, "AREA_NAME_FIELD": "name", "CONTROL": store,
        "STATUSES": "occupied", "DATES": "all", "OUTPUT": "TEMPORARY_OUTPUT"})
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    shares = {(f["date"].toString("yyyy-MM-dd"), f["area"]): f["occupied_pct"]
              for f in result["OUTPUT"].getFeatures()}
    return shares, seconds, cpu_seconds


def main(rounds=3):
    if not DATA.exists():
        print(f"real data not found in {DATA}")
        return 1
    _app, _provider = start_qgis()
    towns_path = str(DATA / "cities" / "towns_donetsk_front.geojson")
    with tempfile.TemporaryDirectory(prefix="bench_share_") as folder:
        started = time.perf_counter()
        store = build_store(folder)
        print(f"store of 769 snapshots imported in {time.perf_counter() - started:.1f} s")
        best = {"naive": float("inf"), "fast": float("inf")}
        best_cpu = dict(best)
        for number in range(1, rounds + 1):
            reference, naive_seconds, naive_cpu = naive(store, towns_path)
            measured, fast_seconds, fast_cpu = algorithm(store, towns_path)
            if set(reference) != set(measured):
                print("the runs give different rows")
                return 1
            worst = max(abs(reference[key] - measured[key]) for key in reference)
            for name, seconds, cpu in (("naive", naive_seconds, naive_cpu), ("fast", fast_seconds, fast_cpu)):
                best[name], best_cpu[name] = min(best[name], seconds), min(best_cpu[name], cpu)
            print(f"round {number}: naive {naive_seconds:.2f} s, occupiedshare {fast_seconds:.2f} s, "
                  f"ratio {naive_seconds / fast_seconds:.1f}x; CPU seconds {naive_cpu:.2f} / {fast_cpu:.2f}; "
                  f"{len(reference)} values, largest difference {worst:.2e} percentage points")
            if worst > MAX_DIFFERENCE_PTS:
                print(f"results differ by more than {MAX_DIFFERENCE_PTS} percentage points")
                return 1
        print(f"best: naive {best['naive']:.2f} s, occupiedshare {best['fast']:.2f} s, "
              f"ratio {best['naive'] / best['fast']:.1f}x (target >= {TARGET_RATIO:.0f}x)")
        # CPU seconds hardly depend on what else the machine runs: the work done
        print(f"best CPU seconds: naive {best_cpu['naive']:.2f}, occupiedshare {best_cpu['fast']:.2f} "
              f"(ratio {best_cpu['naive'] / best_cpu['fast']:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
