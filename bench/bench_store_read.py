"""Benchmark: the situation store of the 769 real DeepStateMap snapshots - its
size against the GeoJSON folder, and the time to read one day's control for
display from either backend, against reading that day's GeoJSON file with OGR
in the same run.

The store is built with ``situationmapper:importsnapshots`` into a GeoPackage
and into a fresh PostGIS schema (dropped at the end). "One day's control for
display" is what the map layer of the plugin reads when the map shows a day:
the situation layer (layers/situation_layers.py: the store's control table
filtered to one source and status, with the validity temporal set-up) asked for
the features of the day's temporal range, as the map renderer asks (the layer's
temporal filter expression), every geometry fetched: on either backend a filter
on the control table's date-time columns (valid_from_time, valid_to_time) that
the provider hands to the database. The baseline opens the day's GeoJSON file
with OGR and reads every feature's geometry.

Needs the PostGIS test server for the PostGIS half (``.ci/postgres.sh start``,
``export PGSERVICEFILE=$PWD/build/postgis/pg_service.conf``); without one only
the GeoPackage is measured.
Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_store_read.py [DAYS] [--store PATH]``
(``--store``: the GeoPackage store is kept at PATH, and an existing one is
reused instead of imported again - opened as the plugin opens a store, so an
older store is brought up to date first; PostGIS is always imported afresh).

Prints the sizes, then per backend the median and worst of DAYS random days
(50 by default, the same days for every reader; target < 50 ms) and the
baseline's.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import start_qgis  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SERVICE = "situation_mapper_test"
TARGET_MS = 50.0
SEED = 16


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def import_store(files, location) -> float:
    import processing

    started = time.perf_counter()
    result = processing.run("situationmapper:importsnapshots", {
        "INPUT": [str(f) for f in files], "DATE_SOURCE": 0, "STATUS": "occupied",
        "SOURCE": "DeepStateMap", "OUTPUT": location})
    assert result["IMPORTED"] == len(files), result
    return time.perf_counter() - started


def display_read(layer, day) -> int:
    """The features ``layer`` draws on ``day``, read as the map renderer reads
    them (its temporal filter); how many vertices came back."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    from situation_mapper.layers.temporal import day_range

    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    request = QgsFeatureRequest()
    expression = layer.temporalProperties().createFilterString(context, day_range(day))
    if expression:
        request.setFilterExpression(expression)
    vertices = 0
    for feature in layer.getFeatures(request):
        vertices += feature.geometry().constGet().nCoordinates()
    return vertices


def stored_dates_read(layer, day) -> int:
    """The same features asked for by the stored dates (``valid_from`` <= day <
    ``valid_to``, NULL open) instead of the temporal filter: a filter the
    provider can hand to the database. For comparison only (not what the map
    reads); how many vertices came back."""
    from qgis.core import QgsFeatureRequest

    text = day.isoformat()
    request = QgsFeatureRequest().setFilterExpression(
        f"\"valid_from\" <= '{text}' AND (\"valid_to\" > '{text}' OR \"valid_to\" IS NULL)")
    vertices = 0
    for feature in layer.getFeatures(request):
        vertices += feature.geometry().constGet().nCoordinates()
    return vertices


def ogr_read(path) -> int:
    from osgeo import ogr

    dataset = ogr.Open(str(path))
    vertices = 0
    for feature in dataset.GetLayer(0):
        geometry = feature.GetGeometryRef()
        vertices += geometry.GetGeometryCount()
    dataset = None
    return vertices


def timed_ms(function, *arguments):
    started = time.perf_counter()
    value = function(*arguments)
    return 1000.0 * (time.perf_counter() - started), value


def summary(label, times):
    median, worst = statistics.median(times), max(times)
    verdict = "OK" if worst < TARGET_MS else ("median OK, worst ABOVE TARGET" if median < TARGET_MS
                                              else "ABOVE TARGET")
    print(f"  {label}: median {median:.1f} ms, worst {worst:.1f} ms (target < {TARGET_MS:.0f} ms) {verdict}")
    return median, worst


def measure_backend(label, location, days, by_day):
    """Median and worst display read of ``days`` from the store at ``location``."""
    from situation_mapper.layers.situation_layers import create_series_layer

    layer = create_series_layer(location, "DeepStateMap", "occupied")
    display_read(layer, days[0])  # the provider's connection and caches, once
    store_times, file_times, dates_times = [], [], []
    for day in days:
        milliseconds, vertices = timed_ms(display_read, layer, day)
        assert vertices > 0, (label, day)
        store_times.append(milliseconds)
        milliseconds, same = timed_ms(stored_dates_read, layer, day)
        assert same == vertices, (label, day, same, vertices)
        dates_times.append(milliseconds)
        file_times.append(timed_ms(ogr_read, by_day[day])[0])
    print(f"{label}, one day's control for display ({len(days)} random days):")
    result = summary("store (the situation layer, temporal filter)", store_times)
    summary("the same features by the stored dates (a filter the provider can run)", dates_times)
    summary("baseline: the day's GeoJSON with OGR", file_times)
    return result


def postgis_sizes(location):
    import psycopg2
    from psycopg2 import sql

    from situation_mapper.store.postgis import parse_location

    schema = parse_location(location).schema
    table = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier("control"))
    conn = psycopg2.connect(service=SERVICE)
    try:
        with conn.cursor() as cursor:
            name = "{}.control".format(sql.Identifier(schema).as_string(conn))
            cursor.execute("SELECT pg_total_relation_size(%s::regclass), pg_relation_size(%s::regclass), "
                           "pg_indexes_size(%s::regclass), "
                           "pg_total_relation_size(%s::regclass) - pg_relation_size(%s::regclass) "
                           "- pg_indexes_size(%s::regclass)", (name,) * 6)
            total, heap, indexes, toast = cursor.fetchone()
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
            rows = cursor.fetchone()[0]
    finally:
        conn.close()
    return total, heap, indexes, toast, rows


def drop_schema(location):
    import psycopg2
    from psycopg2 import sql

    from situation_mapper.store.postgis import parse_location

    conn = psycopg2.connect(service=SERVICE)
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
            sql.Identifier(parse_location(location).schema)))
    conn.commit()
    conn.close()


def postgis_available() -> bool:
    try:
        import psycopg2

        psycopg2.connect(service=SERVICE, connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001 (no server: the GeoPackage half only)
        return False


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("days", nargs="?", type=int, default=50, help="random days to read (50)")
    parser.add_argument("--store", help="GeoPackage store to keep and reuse (made when missing)")
    return parser.parse_args()


def geopackage_store(files, store_path):
    """Import the GeoPackage store at ``store_path`` unless it exists (then opened
    as the plugin opens it); prints its size."""
    from situation_mapper.store import open_store

    if os.path.exists(store_path):
        started = time.perf_counter()
        open_store(store_path)
        how = f"reused, opened in {time.perf_counter() - started:.1f} s"
    else:
        how = f"imported in {import_store(files, store_path):.1f} s"
    gpkg_size = sum(os.path.getsize(p) for p in (store_path, store_path + "-wal") if os.path.exists(p))
    folder_size = sum(f.stat().st_size for f in files)
    print(f"GeoPackage store: {megabytes(gpkg_size)} ({gpkg_size / folder_size:.2f} of the GeoJSON "
          f"folder), {how}")


def main():
    options = arguments()
    count = options.days
    if not (DATA / "deepstate").exists():
        print(f"real data not found in {DATA}")
        return 1
    _app, _provider = start_qgis()
    from support import deepstate_files

    from situation_mapper.core.snapshot_dates import date_from_file_name

    files = deepstate_files(DATA)
    by_day = {date_from_file_name(f.name): f for f in files}
    folder_size = sum(f.stat().st_size for f in files)
    days = sorted(random.Random(SEED).sample(sorted(by_day), min(count, len(by_day))))
    for path in files:
        ogr_read(path)  # the files in the page cache, as the store is after its import
    print(f"{len(files)} GeoJSON snapshots ({min(by_day)} .. {max(by_day)}): {megabytes(folder_size)}")
    worst_of_all = 0.0
    if options.store:
        geopackage_store(files, options.store)
        worst_of_all = max(worst_of_all, measure_backend("GeoPackage", options.store, days, by_day)[1])
    else:
        with tempfile.TemporaryDirectory() as folder:
            store_path = os.path.join(folder, "store.gpkg")
            geopackage_store(files, store_path)
            worst_of_all = max(worst_of_all, measure_backend("GeoPackage", store_path, days, by_day)[1])
    if postgis_available():
        location = f"postgres:service={SERVICE} schema=bench_{uuid.uuid4().hex[:8]}"
        try:
            seconds = import_store(files, location)
            total, heap, indexes, toast, rows = postgis_sizes(location)
            print(f"PostGIS store: control table + indexes {megabytes(total)} ({total / folder_size:.2f} of "
                  f"the GeoJSON folder; table {megabytes(heap)}, TOAST {megabytes(toast)}, indexes "
                  f"{megabytes(indexes)}; {rows} rows), imported in {seconds:.1f} s")
            worst_of_all = max(worst_of_all, measure_backend("PostGIS", location, days, by_day)[1])
        finally:
            drop_schema(location)
    else:
        print("PostGIS: no test server (.ci/postgres.sh start; export PGSERVICEFILE=...): not measured")
    print(f"worst display read of any backend: {worst_of_all:.1f} ms (target < {TARGET_MS:.0f} ms) "
          f"{'OK' if worst_of_all < TARGET_MS else 'ABOVE TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
