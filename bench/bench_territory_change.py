"""Benchmark: the daily series of ground gained and lost over all 769 real
DeepStateMap snapshots (every day from the first to the last, 776 periods), by
``situationmapper:territorychange`` against the naive loop measured in the same
run (for each day: read the features valid that day from the store, union
them, take the differences with the day before both ways with QgsGeometry and
measure them and the day's ground on the WGS84 ellipsoid with QgsDistanceArea).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_territory_change.py [ROUNDS]``

The control layer is a situation store (GeoPackage) in a temporary folder,
imported with ``situationmapper:importsnapshots``. Prints per round and as the
best of the rounds: seconds of each, the ratio naive / algorithm (target >=
20), CPU seconds of each, and the largest difference between the two in km²
(gained, lost and held; they must agree to 1e-3 km²).
"""

import datetime
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import start_qgis  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TARGET_RATIO = 20.0
MAX_DIFFERENCE_KM2 = 1e-3


def naive(store):
    """{period start: (held start, held end, gained, lost) km²} by the naive loop,
    its seconds and its CPU seconds."""
    from qgis.core import QgsGeometry

    from situation_mapper.core.geodesy import wgs84_distance_area
    from situation_mapper.store import fetch_geometries, open_control_layer, read_records, select_records

    start, cpu_start = time.perf_counter(), time.process_time()
    da = wgs84_distance_area()
    layer = open_control_layer(store)
    records = read_records(layer)
    first = min(r.valid_from for r in records)
    last = max(r.valid_from for r in records)
    values = {}
    previous = previous_held = None
    day = first
    while day <= last + datetime.timedelta(days=1):
        valid = select_records(records, day, ["occupied"])
        union = QgsGeometry.unaryUnion(list(fetch_geometries(layer, [r.fid for r in valid]).values()))
        held = da.measureArea(union)
        if previous is not None:
            gained = da.measureArea(union.difference(previous)) / 1e6
            lost = da.measureArea(previous.difference(union)) / 1e6
            values[day - datetime.timedelta(days=1)] = (previous_held / 1e6, held / 1e6, gained, lost)
        previous, previous_held = union, held
        day += datetime.timedelta(days=1)
    return values, time.perf_counter() - start, time.process_time() - cpu_start


def algorithm(store):
    """The same by situationmapper:territorychange (PERIOD day, DATES all), its
    seconds and its CPU seconds."""
    import processing

    start, cpu_start = time.perf_counter(), time.process_time()
    result = processing.run("situationmapper:territorychange", {
        "CONTROL": store, "STATUSES": "occupied", "PERIOD": "day", "DATES": "all",
        "TABLE": "TEMPORARY_OUTPUT"})
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    values = {f["period_start"].toPyDate(): (f["held_start_km2"], f["held_end_km2"], f["gained_km2"],
                                             f["lost_km2"])
              for f in result["TABLE"].getFeatures()}
    return values, seconds, cpu_seconds


def main(rounds=2):
    if not DATA.exists():
        print(f"real data not found in {DATA}")
        return 1
    _app, _provider = start_qgis()
    import processing
    from qgis.core import QgsProcessingFeedback
    from support import deepstate_files

    with tempfile.TemporaryDirectory(prefix="bench_change_") as folder:
        store = str(Path(folder) / "store.gpkg")
        processing.run("situationmapper:importsnapshots",
                       {"INPUT": [str(f) for f in deepstate_files(DATA)], "OUTPUT": store},
                       feedback=QgsProcessingFeedback())
        best = {"naive": float("inf"), "fast": float("inf")}
        best_cpu = dict(best)
        for number in range(1, rounds + 1):
            reference, naive_seconds, naive_cpu = naive(store)
            measured, fast_seconds, fast_cpu = algorithm(store)
            if set(reference) != set(measured):
                print(f"the runs give different periods ({len(reference)} / {len(measured)})")
                return 1
            worst = max(abs(a - b) for key in reference for a, b in zip(reference[key], measured[key]))
            net = max(abs((m[1] - m[0]) - (m[2] - m[3])) for m in measured.values())
            for name, seconds, cpu in (("naive", naive_seconds, naive_cpu), ("fast", fast_seconds, fast_cpu)):
                best[name], best_cpu[name] = min(best[name], seconds), min(best_cpu[name], cpu)
            print(f"round {number}: naive {naive_seconds:.2f} s, territorychange {fast_seconds:.2f} s, "
                  f"ratio {naive_seconds / fast_seconds:.1f}x; CPU seconds {naive_cpu:.2f} / {fast_cpu:.2f}; "
                  f"{len(reference)} periods, largest difference {worst:.2e} km² "
                  f"(held end - held start against gained - lost: {net:.2e} km²)")
            if worst > MAX_DIFFERENCE_KM2:
                print(f"results differ by more than {MAX_DIFFERENCE_KM2} km²")
                return 1
        print(f"best: naive {best['naive']:.2f} s, territorychange {best['fast']:.2f} s, "
              f"ratio {best['naive'] / best['fast']:.1f}x (target >= {TARGET_RATIO:.0f}x)")
        print(f"best CPU seconds: naive {best_cpu['naive']:.2f}, territorychange {best_cpu['fast']:.2f} "
              f"(ratio {best_cpu['naive'] / best_cpu['fast']:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2))
