"""Benchmark: ``situationmapper:corridor`` over 100 dates of the real data
(Pokrovsk to the rear point 37.05E 48.43N, WINDOW_DAYS 28), the algorithm as
it is (radius grid, each distinct hostile ground in the window solved once)
against the algorithm as it was (every date solved by bisection from the last
date's radius), measured in the same run.

    .venv/bin/python bench/bench_corridor.py [number of dates, default 100] [--profile]

Prints the seconds and CPU seconds of each and their ratios (target >= 3), the
largest differences between the two tables (the bisection's last metre
depends on the date solved before it, so they differ by at most the 1 m
radius tolerance), and the largest difference between the series and each
date computed alone (a fresh solver, no starting radius, no reuse), which must
be zero; and, for scale, how far the old algorithm's series is from its own
dates computed alone. Then the same for ``situationmapper:encirclement`` of
Pokrovsk and Myrnohrad at 5, 10 and 20 km over the same dates, against every
date measured in full (its rows and arcs must be identical). ``--profile``: where the time of the old algorithm goes (cProfile).
Needs ../shared/data (DeepStateMap snapshots and the town polygons).
"""

import cProfile
import datetime
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import DATA, start_qgis  # noqa: E402

REAR = (37.05, 48.43)  # between Dobropillia and Bilytske, friendly ground
WINDOW_DAYS = 28
TARGET_RATIO = 3.0
ENCIRCLEMENT_RADII = "5000,10000,20000"
FIGURES = ("width_m", "throat_lon", "throat_lat", "throat_length_m", "trend_m_per_day")


def run_corridor(reuse, towns, control, dates, profile=False):
    """{date: row attributes}, seconds, CPU seconds (and a profile) of one run."""
    import processing

    from situation_mapper.algorithms.corridor import CorridorAlgorithm

    CorridorAlgorithm.REUSE_RESULTS = reuse
    profiler = cProfile.Profile() if profile else None
    try:
        start, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        out = processing.run("situationmapper:corridor", {
            "AREA": towns, "REAR": f"{REAR[0]},{REAR[1]} [EPSG:4326]", "CONTROL": control,
            "DATES": dates, "WINDOW_DAYS": WINDOW_DAYS, "TABLE": "TEMPORARY_OUTPUT",
            "THROAT": "TEMPORARY_OUTPUT", "PASSAGE": "TEMPORARY_OUTPUT"})
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        CorridorAlgorithm.REUSE_RESULTS = True
    rows = {f["date"].toPyDate(): f for f in out["TABLE"].getFeatures()}
    passages = {f["date"].toPyDate(): f for f in out["PASSAGE"].getFeatures()}
    return rows, passages, seconds, cpu, profiler


def largest_difference(first, second, name):
    """The largest difference of a figure between two tables (inf: NULL in one only)."""
    worst = 0.0
    for day, row in first.items():
        a, b = row[name], second[day][name]
        numbers = (isinstance(a, float), isinstance(b, float))
        if numbers == (True, True):
            worst = max(worst, abs(a - b))
        elif numbers != (False, False):
            return float("inf")
    return worst


def run_encirclement(reuse, towns, control, dates):
    """(sorted table rows, sorted arcs), seconds and CPU seconds of one run."""
    import processing

    from situation_mapper.algorithms.encirclement import EncirclementAlgorithm

    EncirclementAlgorithm.REUSE_RESULTS = reuse
    try:
        start, cpu = time.perf_counter(), time.process_time()
        out = processing.run("situationmapper:encirclement", {
            "AREA": towns, "AREA_NAME_FIELD": "name", "CONTROL": control, "DATES": dates,
            "RADIUS_M": ENCIRCLEMENT_RADII, "TABLE": "TEMPORARY_OUTPUT", "ARCS": "TEMPORARY_OUTPUT"})
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        EncirclementAlgorithm.REUSE_RESULTS = True
    rows = sorted((f.attributes() for f in out["TABLE"].getFeatures()), key=str)
    arcs = sorted((f.attributes() for f in out["ARCS"].getFeatures()), key=str)
    return (rows, arcs), seconds, cpu


def encirclement_figures(control, dates):
    """Encirclement of Pokrovsk and Myrnohrad over the same dates, as it is against
    every date measured in full; returns the ratio."""
    from support import towns_layer

    towns = towns_layer(DATA)
    towns.setSubsetString("\"name\" IN ('Pokrovsk', 'Myrnohrad')")
    old, old_s, old_cpu = run_encirclement(False, towns, control, dates)
    new, new_s, new_cpu = run_encirclement(True, towns, control, dates)
    print(f"encirclement of Pokrovsk and Myrnohrad at {ENCIRCLEMENT_RADII} m, {len(new[0])} rows:")
    print(f"  every date measured in full: {old_s:6.2f} s, CPU {old_cpu:6.2f} s")
    print(f"  as it is (distinct grounds, changed points): {new_s:6.2f} s, CPU {new_cpu:6.2f} s")
    print(f"  ratio: {old_s / new_s:.1f}x, CPU ratio: {old_cpu / new_cpu:.1f}x; "
          f"rows and arcs identical: {new == old} ({len(new[1])} arcs)")
    return old_s / new_s if new == old else 0.0


def main(count=100, profile=False):
    app, provider = start_qgis()  # noqa: F841  (kept alive)
    from support import control_layer_from_files, deepstate_files, towns_layer

    from qgis.core import QgsPointXY

    from situation_mapper.core.corridor import CorridorSolver
    from situation_mapper.layers.hostile_ground import HostileGround

    if not DATA.exists():
        print(f"no data at {DATA}")
        return 1
    files = deepstate_files(DATA, datetime.date(2025, 6, 1), datetime.date(2026, 2, 28))
    # the trend looks WINDOW_DAYS back: the control holds those days too
    files = files[-(count + WINDOW_DAYS):]
    control = control_layer_from_files(files)
    towns = towns_layer(DATA)
    towns.setSubsetString("\"name\" = 'Pokrovsk'")
    days = HostileGround(control, ["occupied"]).days()[-count:]
    dates = f"{days[0].isoformat()}..{days[-1].isoformat()}"

    old, old_passages, old_s, old_cpu, _ = run_corridor(False, towns, control, dates)
    new, new_passages, new_s, new_cpu, _ = run_corridor(True, towns, control, dates)
    ratio, cpu_ratio = old_s / new_s, old_cpu / new_cpu

    print(f"dates: {len(new)} ({days[0]} .. {days[-1]}), Pokrovsk -> {REAR[0]}E {REAR[1]}N, "
          f"trend window {WINDOW_DAYS} days")
    print(f"as it was (bisection, every date):        {old_s:6.2f} s, CPU {old_cpu:6.2f} s")
    print(f"as it is (grid, distinct grounds solved): {new_s:6.2f} s, CPU {new_cpu:6.2f} s")
    print(f"ratio: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x), CPU ratio: {cpu_ratio:.1f}x")
    for name in FIGURES:
        print(f"  largest difference as it was / as it is, {name}: {largest_difference(old, new, name):.3g}")
    closures = sum(1 for day in new if new[day]["closure_estimate"] != old[day]["closure_estimate"])
    print(f"  dates whose closure estimate differs: {closures}")

    # each date alone: a fresh solver, no starting radius, no reuse
    pokrovsk = next(towns.getFeatures()).geometry()
    hostile = HostileGround(control, ["occupied"])
    worst, geometry_differs = 0.0, 0
    start = time.perf_counter()
    for day in days:
        solver = CorridorSolver(pokrovsk, QgsPointXY(*REAR))
        result = solver.solve(hostile.on(day, "DeepStateMap", solver.wgs84_window())[0])
        row = new[day]
        worst = max(worst, abs(row["width_m"] - result.width_m),
                    abs(row["throat_lon"] - result.throat_centre.x()),
                    abs(row["throat_lat"] - result.throat_centre.y()),
                    abs(row["throat_length_m"] - result.throat_length_m))
        passage = result.passage
        passage.convertToMultiType()
        if bytes(new_passages[day].geometry().asWkb()) != bytes(passage.asWkb()):
            geometry_differs += 1
    alone_s = time.perf_counter() - start
    print(f"series against each date alone ({alone_s:.1f} s): largest difference in width, throat "
          f"centre and length {worst:.3g}; passages differing: {geometry_differs}")
    # the old algorithm against itself: its dates solved alone (bisection, no hint)
    jitter = 0.0
    for day in days:
        solver = CorridorSolver(pokrovsk, QgsPointXY(*REAR))
        result = solver.solve_by_bisection(hostile.on(day, "DeepStateMap", solver.wgs84_window())[0])
        jitter = max(jitter, abs(old[day]["width_m"] - result.width_m))
    print(f"as it was, series against each date alone (bisection without a starting radius): "
          f"largest width difference {jitter:.3g} m")
    widths = [row["width_m"] for row in new.values()]
    print(f"widths from {max(widths):.0f} m down to {min(widths):.0f} m")
    if profile:  # an extra run: the profiler's overhead stays out of the timings
        profiler = run_corridor(False, towns, control, dates, profile=True)[-1]
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(8)
        print("where the time of the old algorithm goes (cProfile, by own time):")
        print("\n".join(line for line in text.getvalue().splitlines() if line.strip())[:3000])
    encirclement_ratio = encirclement_figures(control, dates)
    passed = min(ratio, encirclement_ratio) >= TARGET_RATIO and worst == 0.0 and not geometry_differs
    return 0 if passed else 2


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(int(arguments[0]) if arguments else 100, "--profile" in sys.argv))
