"""Benchmark: the occupied share of a PostGIS store measured on the desktop
against inside the database, and what METHOD auto picks, on the 769 real
DeepStateMap snapshots and the 14 real towns: one day, the last 30 days and
the whole series. Also prints the cost constants of
algorithms/share_backends.py as measured in this run (to re-calibrate them).

Needs the PostGIS test server: ``.ci/postgres.sh start`` and
``export PGSERVICEFILE=$PWD/build/postgis/pg_service.conf``.
Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_share_backends.py``

The store is imported into a fresh schema (dropped at the end). For each case
it prints the seconds of each method (best of two), the ratio between them,
the estimates and the choice of auto, whether auto picked the faster one, and
the largest difference between the two methods in percentage points (must be
<= 0.05).
"""

import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import start_qgis  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SERVICE = "situation_mapper_test"
MAX_DIFFERENCE_PTS = 0.05


def run(location, towns, dates, method):
    """{(date, area): percent}, seconds."""
    import processing

    started = time.perf_counter()
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": towns, "AREA_NAME_FIELD": "name", "CONTROL": location, "DATES": dates,
        "METHOD": method, "OUTPUT": "TEMPORARY_OUTPUT"})
    seconds = time.perf_counter() - started
    return {(f["date"].toString("yyyy-MM-dd"), f["area"]): f["occupied_pct"]
            for f in result["OUTPUT"].getFeatures()}, seconds


def main():
    if not DATA.exists():
        print(f"real data not found in {DATA}")
        return 1
    _app, _provider = start_qgis()
    import processing
    import psycopg2
    from psycopg2 import sql
    from support import deepstate_files, towns_layer

    from situation_mapper.algorithms import share_queries
    from situation_mapper.store import open_control_layer, read_records
    from situation_mapper.algorithms import share_backends

    schema = "bench_" + uuid.uuid4().hex[:8]
    location = f"postgres:service={SERVICE} schema={schema}"
    try:
        started = time.perf_counter()
        processing.run("situationmapper:importsnapshots", {
            "INPUT": [str(f) for f in deepstate_files(DATA)], "DATE_SOURCE": 0, "STATUS": "occupied",
            "SOURCE": "DeepStateMap", "OUTPUT": location})
        print(f"769 snapshots imported into PostGIS in {time.perf_counter() - started:.1f} s")
        towns = towns_layer(DATA)
        records = sorted(read_records(open_control_layer(location)), key=lambda r: r.valid_from)
        areas = [f.geometry() for f in towns.getFeatures()]
        wrong_choices = 0
        for label, count in (("one day", 1), ("30 days", 30), ("whole series", len(records))):
            chosen = records[-count:]
            dates = f"{chosen[0].valid_from.isoformat()}..{chosen[-1].valid_from.isoformat()}"
            desktop_s = database_s = float("inf")
            for _round in range(2):
                desktop, seconds = run(location, towns, dates, "desktop")
                desktop_s = min(desktop_s, seconds)
                database, seconds = run(location, towns, dates, "database")
                database_s = min(database_s, seconds)
            worst = max(abs((desktop[k] or 0.0) - (database[k] or 0.0)) for k in desktop)
            workload = share_queries.share_workload(location, areas, [r.fid for r in chosen])
            estimate_desktop, estimate_database = share_backends.estimate_seconds(workload, len(areas))
            auto = "database" if estimate_database < estimate_desktop else "desktop"
            faster = "database" if database_s < desktop_s else "desktop"
            wrong_choices += auto != faster
            picked_s = database_s if auto == "database" else desktop_s
            print(f"{label} ({len(chosen)} snapshots): desktop {desktop_s:.2f} s, database {database_s:.2f} s, "
                  f"database/desktop {database_s / desktop_s:.2f}; estimates {estimate_desktop:.2f} / "
                  f"{estimate_database:.2f} s -> auto picks {auto} ({'right' if auto == faster else 'wrong'}, "
                  f"{picked_s / min(desktop_s, database_s):.2f}x the faster one); "
                  f"largest difference {worst:.1e} points")
            print(f"  measured: database {database_s / max(1, workload.pair_vertices):.2e} s per "
                  f"row-area vertex (set-up included); transfer {workload.transfer_bytes_per_s / 1e6:.0f} MB/s, "
                  f"{workload.geometry_bytes / 1e6:.1f} MB")
            if worst > MAX_DIFFERENCE_PTS:
                print("the methods differ by more than 0.05 percentage points")
                return 1
        print(f"auto picked the faster method in {3 - wrong_choices} of 3 cases")
    finally:
        conn = psycopg2.connect(service=SERVICE)
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.commit()
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
