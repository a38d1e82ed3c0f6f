"""Benchmark: import the 769 real DeepStateMap snapshots into a temporary store,
against a bare GDAL/OGR read of the same files (open each, read every feature's
geometry) measured in the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_import.py [ROUNDS]``

Prints, per round and as the best of the rounds (the machine is shared, so the
best run of each is the fairest comparison): wall-clock seconds and the ratio
import / bare read (target <= 1.5); the same with one reading thread; the CPU
time ratio (the work done, whatever the threads); and the peak memory
(resident set and Python allocations).
"""

import glob
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import start_qgis  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "deepstate"
TARGET_RATIO = 1.5


def bare_ogr_read(files):
    """Seconds to open every file with OGR and read every feature's geometry."""
    from osgeo import ogr

    start, cpu = time.perf_counter(), time.process_time()
    vertices = 0
    for path in files:
        dataset = ogr.Open(path)
        for feature in dataset.GetLayer(0):
            geometry = feature.GetGeometryRef()
            vertices += geometry.GetGeometryCount()
        dataset = None
    return time.perf_counter() - start, time.process_time() - cpu


def plugin_import(files, folder):
    """Seconds for situationmapper:importsnapshots of ``files`` into a new store."""
    import processing
    from qgis.core import QgsProcessingFeedback

    store = os.path.join(folder, "bench_store.gpkg")
    if os.path.exists(store):
        os.remove(store)
    start, cpu = time.perf_counter(), time.process_time()
    result = processing.run("situationmapper:importsnapshots",
                            {"INPUT": files, "OUTPUT": store}, feedback=QgsProcessingFeedback())
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result["IMPORTED"] == len(files), result
    return elapsed, cpu


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    files = sorted(glob.glob(str(DATA / "deepstatemap_data_*.geojson")))
    if not files:
        print(f"no data in {DATA}; nothing to measure")
        return
    _app, _provider = start_qgis()
    bare_ogr_read(files)  # warm the file cache so both sides read from memory
    bare_times, import_times, bare_cpu, import_cpu = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(rounds):
            wall, cpu = bare_ogr_read(files)
            bare_times.append(wall)
            bare_cpu.append(cpu)
            wall, cpu = plugin_import(files, folder)
            import_times.append(wall)
            import_cpu.append(cpu)
            print(f"round {index + 1}: bare OGR read {bare_times[-1]:.2f} s, import "
                  f"{import_times[-1]:.2f} s, ratio {import_times[-1] / bare_times[-1]:.2f} "
                  f"(CPU time ratio {import_cpu[-1] / bare_cpu[-1]:.2f})")
        # the same import with one reading thread (a machine with one free core)
        from situation_mapper.algorithms import import_snapshots

        threads = import_snapshots.PREPARE_THREADS
        import_snapshots.PREPARE_THREADS = 1
        single_thread = min(plugin_import(files, folder)[0] for _ in range(2))
        import_snapshots.PREPARE_THREADS = threads
        tracemalloc.start()
        plugin_import(files, folder)
        _current, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    best_bare, best_import = min(bare_times), min(import_times)
    ratio = best_import / best_bare
    print(f"with one reading thread: best import {single_thread:.2f} s, ratio "
          f"{single_thread / best_bare:.2f}")
    print(f"CPU time (all threads), best of each: bare {min(bare_cpu):.2f} s, import "
          f"{min(import_cpu):.2f} s, ratio {min(import_cpu) / min(bare_cpu):.2f}")
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"files: {len(files)}")
    print(f"best bare OGR read: {best_bare:.2f} s; best import: {best_import:.2f} s")
    print(f"ratio import / bare read: {ratio:.2f} (target <= {TARGET_RATIO}) "
          f"{'OK' if ratio <= TARGET_RATIO else 'ABOVE TARGET'}")
    print(f"peak resident memory of the process: {peak_rss_mb:.0f} MB; "
          f"peak Python allocations during an import: {python_peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
