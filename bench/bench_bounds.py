"""Bounds: a generated store of 5 years of daily snapshots from 3 sources.

Generates one GeoJSON polygon per day and source (a ring of VERTICES vertices
whose radius changes from day to day) in a temporary folder, imports them all
with ``situationmapper:importsnapshots`` into a new store, then imports a
second time into that store and cancels half-way.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_bounds.py [YEARS] [SOURCES] [VERTICES]``

Prints: files generated, import seconds, how often progress was reported and
whether it only rose, rows in the store, the peak resident memory of the
process before and after the import and the peak Python allocations during
it, and whether the cancelled import left the store byte for byte as it was.
"""

import datetime
import hashlib
import json
import math
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

FIRST_DAY = datetime.date(2021, 1, 1)


def ring(day_index: int, source_index: int, vertices: int):
    """A closed lon/lat ring around (37.5, 48.0 + 0.2 * source) whose radius
    (0.1 to 0.3 degrees) moves with the day."""
    radius = 0.2 + 0.1 * math.sin(day_index / 30.0 + source_index)
    centre_lon, centre_lat = 37.5, 48.0 + 0.2 * source_index
    points = [[round(centre_lon + radius * math.cos(2 * math.pi * k / vertices), 6),
               round(centre_lat + 0.7 * radius * math.sin(2 * math.pi * k / vertices), 6)]
              for k in range(vertices)]
    return points + [points[0]]


def generate(folder: Path, years: int, sources: int, vertices: int) -> list:
    """Write the snapshot files (``source<N>_YYYYMMDD.geojson``); returns their paths."""
    files = []
    days = 365 * years
    for source in range(sources):
        for index in range(days):
            day = FIRST_DAY + datetime.timedelta(days=index)
            path = folder / f"source{source + 1}_{day:%Y%m%d}.geojson"
            feature = {"type": "Feature", "properties": {},
                       "geometry": {"type": "Polygon", "coordinates": [ring(index, source, vertices)]}}
            path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}),
                            encoding="utf-8")
            files.append(str(path))
    return files


def digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    years = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sources = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    vertices = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    _app, _provider = start_qgis()
    import processing
    from osgeo import ogr
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class Progress(QgsProcessingFeedback):
        """Records every progress value; cancels once ``cancel_at`` percent is passed."""

        def __init__(self, cancel_at=None):
            super().__init__()
            self.values = []
            self.cancel_at = cancel_at
            self.progressChanged.connect(self._record)

        def _record(self, value):
            self.values.append(value)
            if self.cancel_at is not None and value >= self.cancel_at:
                self.cancel()

    with tempfile.TemporaryDirectory() as folder:
        snapshots = Path(folder) / "snapshots"
        snapshots.mkdir()
        start = time.perf_counter()
        files = generate(snapshots, years, sources, vertices)
        print(f"generated {len(files)} snapshot files ({years} years x {sources} sources, "
              f"{vertices} vertices each) in {time.perf_counter() - start:.1f} s")
        store = os.path.join(folder, "bounds.gpkg")
        rss_before = peak_rss_mb()
        feedback = Progress()
        tracemalloc.start()
        start = time.perf_counter()
        result = processing.run("situationmapper:importsnapshots",
                                {"INPUT": str(snapshots), "OUTPUT": store}, feedback=feedback)
        elapsed = time.perf_counter() - start
        _current, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rising = all(b >= a for a, b in zip(feedback.values, feedback.values[1:]))
        dataset = ogr.Open(store)
        rows = dataset.GetLayerByName("control").GetFeatureCount()
        dataset = None
        print(f"import: {elapsed:.1f} s, {result['IMPORTED']} rows imported, {rows} rows in the store "
              f"(expected {len(files)}), store {os.path.getsize(store) / 1e6:.1f} MB")
        print(f"progress: reported {len(feedback.values)} times, only rising: {rising}, "
              f"last {feedback.values[-1] if feedback.values else 'none'}")
        print(f"peak resident memory: {rss_before:.0f} MB before the import, {peak_rss_mb():.0f} MB "
              f"after; peak Python allocations during it: {python_peak / 1e6:.1f} MB")

        # a second import of the same days as new sources, cancelled half-way
        renamed = Path(folder) / "again"
        renamed.mkdir()
        for path in files:
            (renamed / ("again_" + os.path.basename(path))).symlink_to(path)
        before = digest(store)
        feedback = Progress(cancel_at=50)
        start = time.perf_counter()
        try:
            processing.run("situationmapper:importsnapshots",
                           {"INPUT": str(renamed), "OUTPUT": store}, feedback=feedback)
            outcome = "finished (not cancelled)"
        except QgsProcessingException as error:
            outcome = f"refused: {error}"
        unchanged = digest(store) == before
        leftovers = sorted(name for name in os.listdir(folder) if name.startswith(".bounds"))
        print(f"cancelled at 50 %: {outcome} after {time.perf_counter() - start:.1f} s; store byte for "
              f"byte unchanged: {unchanged}; temporary files left: {leftovers or 'none'}")


if __name__ == "__main__":
    main()
