"""Corridor widths over many dates: time per date against a baseline measured in
the same run (reading, unioning and clipping each date's snapshot, the least any
per-date analysis must do).

    .venv/bin/python bench/bench_corridor.py [number of dates, default 100]

Needs ../shared/data (DeepStateMap snapshots and the town polygons).
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "build" / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsPointXY  # noqa: E402

REAR = QgsPointXY(37.05, 48.43)  # between Dobropillia and Bilytske, friendly ground


def main(count=100):
    app = QgsApplication([], False)
    app.initQgis()
    import conftest  # noqa: F401  (links the plugin package)
    from support import control_layer_from_files, deepstate_files, towns_layer

    from situation_mapper.core.corridor import CorridorSolver
    from situation_mapper.layers.hostile_ground import HostileGround

    shared = ROOT.parent / "shared" / "data"
    if not shared.exists():
        print(f"no data at {shared}")
        return 1
    files = deepstate_files(shared, datetime.date(2025, 6, 1), datetime.date(2026, 2, 28))
    files = files[-count:]
    control = control_layer_from_files(files)
    towns = towns_layer(shared)
    pokrovsk = next(f for f in towns.getFeatures() if f["name"] == "Pokrovsk").geometry()
    solver = CorridorSolver(pokrovsk, REAR)
    hostile = HostileGround(control, ["occupied"])
    days = hostile.days()
    window = solver.wgs84_window()

    # baseline: read + union + clip + project each date's hostile ground
    start = time.perf_counter()
    for day in days:
        ground, _snapshot, _fids = hostile.on(day, "DeepStateMap", window)
        solver.local_hostile(ground)
    baseline = (time.perf_counter() - start) / len(days)

    hostile = HostileGround(control, ["occupied"])  # cold geometry cache again
    start = time.perf_counter()
    hint = None
    tests = 0
    widths = []
    for day in days:
        ground, _snapshot, _fids = hostile.on(day, "DeepStateMap", window)
        result = solver.solve(ground, hint)
        hint = result.width_m / 2.0 if result.is_open else None
        tests += result.connectivity_tests
        widths.append(result.width_m)
    per_date = (time.perf_counter() - start) / len(days)

    print(f"dates: {len(days)} ({days[0]} .. {days[-1]}), Pokrovsk -> {REAR.x()}E {REAR.y()}N")
    print(f"baseline (read + union + clip + project): {1000 * baseline:.1f} ms per date")
    print(f"corridor width and throat:                {1000 * per_date:.1f} ms per date "
          f"({tests / len(days):.1f} connectivity tests per date)")
    print(f"ratio corridor / baseline: {per_date / baseline:.1f}")
    print(f"{len(days)} dates take {per_date * len(days):.1f} s; widths from "
          f"{max(widths):.0f} m down to {min(widths):.0f} m")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
