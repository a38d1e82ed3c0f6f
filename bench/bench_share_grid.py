"""Benchmark: the occupied share of a grid of about 1,100 square cells of 5 km
over the Donetsk front (``native:creategrid`` in UTM zone 37N, EPSG:32637,
the cells then used as areas) on all 769 real DeepStateMap snapshots, by
``situationmapper:occupiedshare`` against the naive loop measured in the same
run (for each date: read the features valid that day from the store, union
them, intersect the union with each cell and measure it on the WGS84
ellipsoid), as in bench/bench_occupied_share.py.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_share_grid.py [ROUNDS] [EVERY]``

The naive loop over every day and cell would take minutes, so it runs on every
EVERY-th snapshot day (default 8) and its time is extrapolated linearly to all
days (its cost per day hardly varies: one union, one intersection per cell);
the output says so. The algorithm always runs on all 769 days. Prints per
round and as the best of the rounds: rows, seconds, the ratio (extrapolated
naive / algorithm, target >= 40), CPU seconds, the peak resident memory of
the algorithm's run (the process's high-water mark reset just before it;
target < 1 GB) and the largest differences in percentage points: to the
naive loop on the days it measured (its cells' edges are the straight
longitude/latitude chords between their corners, where the plugin takes an
area's edges as geodesics: on 5 km edges they differ by up to ~8e-3 points,
allowed 1e-2), and to naive overlays of the cells with their edges put on
the geodesics (pyproj points every 250 m) on every 64th day (must agree to 1e-3).

``--profile`` runs the algorithm once under cProfile instead and prints where
the time goes; ``--store=PATH`` uses the store at PATH (imported there first
when it does not exist) instead of importing one into a temporary folder.
"""

import cProfile
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import start_qgis  # noqa: E402
from bench_occupied_share import build_store  # noqa: E402 (the same store of the 769 snapshots)

DATA = ROOT.parent / "shared" / "data"
TARGET_RATIO = 40.0
MAX_DIFFERENCE_PTS = 1e-3
# the plugin takes an area's edges as geodesics (core/share_edges.geodesic_densified);
# the naive loop intersects the straight longitude/latitude chords between the
# cells' corners: on a 5 km edge a sliver of up to ~2000 m2, i.e. ~8e-3 points
CHORD_DIFFERENCE_PTS = 1e-2
GEODESIC_STEP_M = 250.0
CHECK_EVERY = 64  # days of the check against naive overlays of the geodesic cells
MEMORY_LIMIT_MB = 1024.0
CELL_M = 5000.0
# UTM 37N, metres: about 165 km x 165 km from Siversk and Lyman down to Vuhledar
# and Kurakhove, Kramatorsk, Pokrovsk and Donetsk inside it (33 x 33 = 1,089 cells)
GRID_EXTENT = (315_000.0, 5_268_000.0, 480_000.0, 5_433_000.0)
GRID_CRS = "EPSG:32637"


def build_grid(folder):
    """The grid of 5 km cells (native:creategrid, rectangles, EPSG:32637) in a GeoPackage; its path."""
    import processing

    x_min, y_min, x_max, y_max = GRID_EXTENT
    path = os.path.join(folder, "grid.gpkg")
    processing.run("native:creategrid", {
        "TYPE": 2, "EXTENT": f"{x_min},{x_max},{y_min},{y_max} [{GRID_CRS}]",
        "HSPACING": CELL_M, "VSPACING": CELL_M, "HOVERLAY": 0, "VOVERLAY": 0,
        "CRS": GRID_CRS, "OUTPUT": path})
    return path


def peak_reset() -> bool:
    """Reset the process's resident-memory high-water mark (Linux); False if it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """The resident-memory high-water mark (VmHWM, else ru_maxrss), in MB."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def resident_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def geodesic_cell(geometry, geod, step_m=GEODESIC_STEP_M):
    """A cell (EPSG:4326 polygon) with points every ``step_m`` metres on the
    geodesic between its corners (pyproj), as the plugin takes its edges."""
    from qgis.core import QgsGeometry, QgsPointXY

    rings = []
    for ring in geometry.asMultiPolygon()[0] if geometry.isMultipart() else geometry.asPolygon():
        points = [QgsPointXY(ring[0])]
        for start, end in zip(ring[:-1], ring[1:]):
            length = geod.inv(start.x(), start.y(), end.x(), end.y())[2]
            between = max(0, int(length // step_m))
            points.extend(QgsPointXY(x, y) for x, y in geod.npts(start.x(), start.y(), end.x(), end.y(), between))
            points.append(QgsPointXY(end))
        rings.append(points)
    return QgsGeometry.fromPolygonXY(rings)


def naive(store, grid_path, every, geodesic=False):
    """{(date, cell): percent} by the naive loop on every ``every``-th snapshot
    day, its seconds and CPU seconds, and the number of days it measured.
    With ``geodesic``, the cells' edges are geodesics (see geodesic_cell)."""
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
    grid = QgsVectorLayer(grid_path, "grid", "ogr")
    request = QgsFeatureRequest().setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"),
                                                    grid.transformContext())
    areas = [(str(f["id"]), f.geometry()) for f in grid.getFeatures(request)]
    if geodesic:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyproj's PROJ data warning: Geod needs none
            from pyproj import Geod
        geod = Geod(ellps="WGS84")
        areas = [(name, geodesic_cell(geometry, geod)) for name, geometry in areas]
    da = wgs84_distance_area()
    whole = {name: da.measureArea(geometry) for name, geometry in areas}
    layer = open_control_layer(store)
    records = read_records(layer)
    shares = {}
    days = snapshot_days(records)[::every]
    for day in days:
        valid = select_records(records, day, ["occupied"])
        union = QgsGeometry.unaryUnion(list(fetch_geometries(layer, [r.fid for r in valid]).values()))
        for name, geometry in areas:
            shares[(day.isoformat(), name)] = da.measureArea(geometry.intersection(union)) / whole[name] * 100
    return shares, time.perf_counter() - start, time.process_time() - cpu_start, len(days)


def run_algorithm(store, grid_path):
    import processing

    return processing.run("situationmapper:occupiedshare", {
        "AREAS": grid_path, "AREA_NAME_FIELD": "id", "CONTROL": store,
        "STATUSES": "occupied", "DATES": "all", "OUTPUT": "TEMPORARY_OUTPUT"})


def algorithm(store, grid_path):
    """The output layer of situationmapper:occupiedshare over all days, its
    seconds, CPU seconds and peak resident memory (MB, and whether the peak
    is of this run alone)."""
    reset = peak_reset()
    start, cpu_start = time.perf_counter(), time.process_time()
    result = run_algorithm(store, grid_path)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return result["OUTPUT"], seconds, cpu_seconds, peak_mb(), reset


def shares_of(layer, days):
    """{(date, cell): percent} of the output rows on ``days`` (ISO strings)."""
    wanted = set(days)
    shares = {}
    date_index, area_index, pct_index = (layer.fields().indexOf(n) for n in ("date", "area", "occupied_pct"))
    for feature in layer.getFeatures():
        attributes = feature.attributes()
        day = attributes[date_index].toString("yyyy-MM-dd")
        if day in wanted:
            shares[(day, attributes[area_index])] = attributes[pct_index]
    return shares


def profile(store, grid_path, lines=40):
    profiler = cProfile.Profile()
    profiler.enable()
    result = run_algorithm(store, grid_path)
    profiler.disable()
    print(f"{result['OUTPUT'].featureCount()} rows")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)


def main(rounds=3, every=8, profiling=False, store=None):
    if not DATA.exists():
        print(f"real data not found in {DATA}")
        return 1
    _app, _provider = start_qgis()
    with tempfile.TemporaryDirectory(prefix="bench_grid_") as folder:
        started = time.perf_counter()
        if store is None or not os.path.exists(store):
            store = build_store(folder) if store is None else build_store(os.path.dirname(store))
            print(f"store of 769 snapshots imported in {time.perf_counter() - started:.1f} s")
        grid_path = build_grid(folder)
        if profiling:
            profile(store, grid_path)
            return 0
        print(f"resident memory before the runs: {resident_mb():.0f} MB")
        best = {"naive": float("inf"), "fast": float("inf")}
        best_cpu = dict(best)
        peak = 0.0
        for number in range(1, rounds + 1):
            reference, naive_seconds, naive_cpu, naive_days = naive(store, grid_path, every)
            layer, fast_seconds, fast_cpu, memory, alone = algorithm(store, grid_path)
            rows = layer.featureCount()
            cells = len({key[1] for key in reference})
            all_days = rows // cells if cells else 0
            scale = all_days / naive_days
            geodesic, _seconds, _cpu, _days = naive(store, grid_path, CHECK_EVERY, geodesic=True)
            measured = shares_of(layer, {key[0] for key in reference} | {key[0] for key in geodesic})
            del layer
            if not set(reference) <= set(measured) or not set(geodesic) <= set(measured):
                print("the runs give different rows")
                return 1
            chords = max(abs(reference[key] - measured[key]) for key in reference)
            worst = max(abs(geodesic[key] - measured[key]) for key in geodesic)
            naive_all, naive_cpu_all = naive_seconds * scale, naive_cpu * scale
            for name, seconds, cpu in (("naive", naive_all, naive_cpu_all), ("fast", fast_seconds, fast_cpu)):
                best[name], best_cpu[name] = min(best[name], seconds), min(best_cpu[name], cpu)
            peak = max(peak, memory)
            print(f"round {number}: naive {naive_seconds:.1f} s on {naive_days} of {all_days} days "
                  f"(every {every}th), extrapolated to {naive_all:.1f} s; occupiedshare {fast_seconds:.2f} s "
                  f"for {rows} rows ({cells} cells x {all_days} days), ratio {naive_all / fast_seconds:.1f}x; "
                  f"CPU seconds {naive_cpu_all:.1f} (extrapolated) / {fast_cpu:.2f}; peak memory of the "
                  f"run {memory:.0f} MB{'' if alone else ' (process peak: the reset failed)'}; "
                  f"largest difference {chords:.2e} percentage points to the naive loop over "
                  f"{len(reference)} values (its cells' edges are lon/lat chords), {worst:.2e} to naive "
                  f"overlays of geodesic cells over {len(geodesic)} values (every {CHECK_EVERY}th day)")
            if worst > MAX_DIFFERENCE_PTS or chords > CHORD_DIFFERENCE_PTS:
                print(f"results differ by more than {MAX_DIFFERENCE_PTS} percentage points "
                      f"({CHORD_DIFFERENCE_PTS} with chords)")
                return 1
        print(f"best: naive {best['naive']:.1f} s (extrapolated from every {every}th day), occupiedshare "
              f"{best['fast']:.2f} s, ratio {best['naive'] / best['fast']:.1f}x (target >= {TARGET_RATIO:.0f}x)")
        print(f"best CPU seconds: naive {best_cpu['naive']:.1f} (extrapolated), occupiedshare "
              f"{best_cpu['fast']:.2f} (ratio {best_cpu['naive'] / best_cpu['fast']:.1f}x)")
        print(f"peak resident memory of an occupiedshare run: {peak:.0f} MB (limit {MEMORY_LIMIT_MB:.0f} MB)")
    return 0


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in sys.argv[1:] if a.startswith("--"))
    sys.exit(main(int(arguments[0]) if arguments else 3, int(arguments[1]) if len(arguments) > 1 else 8,
                  profiling="profile" in options, store=options.get("store") or None))
