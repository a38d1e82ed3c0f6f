"""Importing 100,000 events (a generated CSV): importevents against a bare loop
measured in the same run (Python's csv reader and an OGR GeoPackage write of the
same points and values in one transaction, no checks), and the peak memory of
the import (its process's maximum resident set, which includes QGIS itself).

    .venv/bin/python bench/bench_events_import.py [rows, default 100000]
"""

import datetime
import os
import resource
import sys
import tempfile
import time

from qgis_session import ROOT, start_qgis  # noqa: F401

TYPES = ("infiltration", "flag_raised", "strike", "assault", "force_estimate")
VERIFICATIONS = ("confirmed", "claimed", "unverified", "refuted")


def write_csv(path: str, rows: int) -> None:
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("datetime,lon,lat,type,source,verification,strength,description\n")
        for index in range(rows):
            when = start + datetime.timedelta(minutes=7 * index)
            handle.write(f"{when.strftime('%Y-%m-%dT%H:%MZ')},{36.5 + (index % 997) * 1e-3:.5f},"
                         f"{47.8 + (index % 991) * 1e-3:.5f},{TYPES[index % 5]},Source {index % 7},"
                         f"{VERIFICATIONS[index % 4]},{index % 300},\"report {index}, with a comma\"\n")


def bare_loop(csv_path: str, gpkg_path: str) -> int:
    import csv

    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(4326)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg_path)
    layer = dataset.CreateLayer("events", reference, ogr.wkbPoint)
    for name in ("datetime", "type", "source", "verification", "description"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("strength", ogr.OFTInteger))
    names = ("datetime", "type", "source", "verification", "description", "strength")
    index = {name: layer.GetLayerDefn().GetFieldIndex(name) for name in names}  # by index: the fast way
    dataset.StartTransaction()
    count = 0
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            feature = ogr.Feature(layer.GetLayerDefn())
            for name in names[:-1]:
                feature.SetField(index[name], row[name])
            feature.SetField(index["strength"], int(row["strength"]))
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(row["lon"]), float(row["lat"]))
            feature.SetGeometryDirectly(point)
            layer.CreateFeature(feature)
            count += 1
    dataset.CommitTransaction()
    dataset = None
    return count


def main(rows: int = 100000) -> int:
    _app, _provider = start_qgis()
    import processing

    with tempfile.TemporaryDirectory() as folder:
        csv_path = os.path.join(folder, "events.csv")
        write_csv(csv_path, rows)
        before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        bare = bare_loop(csv_path, os.path.join(folder, "bare.gpkg"))
        bare_s = time.perf_counter() - started
        started = time.perf_counter()
        result = processing.run("situationmapper:importevents",
                                {"INPUT": csv_path, "OUTPUT": os.path.join(folder, "store.gpkg")})
        import_s = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        again = processing.run("situationmapper:importevents",
                               {"INPUT": csv_path, "OUTPUT": os.path.join(folder, "store.gpkg")})
        again_s = time.perf_counter() - started
    assert bare == rows and result["IMPORTED"] == rows and again["DUPLICATES"] == rows
    print(f"{rows} events: bare csv+OGR loop {bare_s:.2f} s, importevents {import_s:.2f} s "
          f"(ratio {import_s / bare_s:.2f}; {rows / import_s:,.0f} events/s)")
    print(f"the same file again (every row a duplicate): {again_s:.2f} s (ratio {again_s / bare_s:.2f})")
    print(f"peak memory: {peak_kb / 1024:.0f} MB (QGIS and the bare loop before the import: "
          f"{before_kb / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000))
