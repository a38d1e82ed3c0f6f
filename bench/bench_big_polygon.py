"""Bounds: one control polygon of 300,000 vertices (a ragged ring, generated), on
three days with a small change between them. Imported with importsnapshots,
then its occupied share in a town-sized square is measured with occupiedshare
and checked against a bare QGIS intersection of the same geometries.

    .venv/bin/python bench/bench_big_polygon.py [vertices, default 300000]

Prints the import's seconds, the share's seconds against the bare intersection
(a ratio), the agreement of the two figures, and the peak resident memory.
"""

import json
import math
import os
import resource
import sys
import tempfile
import time

from qgis_session import start_qgis


def ragged_ring(vertices: int, grow: float):
    points = []
    for k in range(vertices):
        angle = 2 * math.pi * k / vertices
        radius = 0.5 + grow + 0.01 * math.sin(97 * angle) + 0.004 * math.sin(1301 * angle)
        points.append([round(37.2 + radius * math.cos(angle), 7), round(48.3 + 0.7 * radius * math.sin(angle), 7)])
    return points + [points[0]]


def main(vertices: int = 300000) -> int:
    _app, _provider = start_qgis()
    import processing
    from qgis.core import QgsGeometry

    from situation_mapper.core.geodesy import wgs84_distance_area

    with tempfile.TemporaryDirectory() as folder:
        files = []
        for day, grow in (("20251101", 0.0), ("20251102", 0.0), ("20251103", 0.002)):
            path = os.path.join(folder, f"big_{day}.geojson")
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                           "geometry": {"type": "Polygon", "coordinates": [ragged_ring(vertices, grow)]}}]},
                          handle)
            files.append(path)
        store = os.path.join(folder, "store.gpkg")
        started = time.perf_counter()
        result = processing.run("situationmapper:importsnapshots", {"INPUT": files, "SOURCE": "big",
                                                                     "OUTPUT": store})
        import_s = time.perf_counter() - started
        assert result["IMPORTED"] == 3
        # a town-sized square on the ragged edge (east of the centre)
        area_wkt = "POLYGON ((37.68 48.27, 37.76 48.27, 37.76 48.33, 37.68 48.33, 37.68 48.27))"
        areas = os.path.join(folder, "area.geojson")
        with open(areas, "w", encoding="utf-8") as handle:
            json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "edge"},
                       "geometry": json.loads(QgsGeometry.fromWkt(area_wkt).asJson())}]}, handle)
        started = time.perf_counter()
        share = processing.run("situationmapper:occupiedshare", {
            "AREAS": areas, "AREA_NAME_FIELD": "name", "CONTROL": store, "STATUSES": "occupied",
            "DATES": "all", "OUTPUT": "TEMPORARY_OUTPUT"})
        share_s = time.perf_counter() - started
        measured = {f["date"].toString("yyyy-MM-dd"): f["occupied_pct"] for f in share["OUTPUT"].getFeatures()}
        # bare: read each file's polygon, intersect with the square, ellipsoidal areas
        distance_area = wgs84_distance_area()
        square = QgsGeometry.fromWkt(area_wkt)
        started = time.perf_counter()
        bare = {}
        for path in files:
            with open(path, encoding="utf-8") as handle:
                ring = json.load(handle)["features"][0]["geometry"]["coordinates"][0]
            polygon = QgsGeometry.fromWkt("POLYGON ((" + ", ".join(f"{x} {y}" for x, y in ring) + "))")
            day = os.path.basename(path)[4:12]
            bare[f"{day[:4]}-{day[4:6]}-{day[6:]}"] = (100.0 * distance_area.measureArea(polygon.intersection(square))
                                                       / distance_area.measureArea(square))
        bare_s = time.perf_counter() - started
    worst = max(abs(measured[day] - bare[day]) for day in bare)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{vertices} vertices x 3 days: import {import_s:.1f} s; occupiedshare {share_s:.2f} s against a bare "
          f"read + intersect loop {bare_s:.2f} s (ratio {share_s / bare_s:.2f})")
    print("shares: " + ", ".join(f"{day} {measured[day]:.3f} % (bare {bare[day]:.3f} %)" for day in sorted(bare))
          + f"; largest difference {worst:.4f} points")
    print(f"peak memory {peak:.0f} MB")
    return 0 if worst < 0.05 else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300000))
