"""Benchmark: an atlas of 30 days of the real DeepStateMap snapshots (November
2025) framed on Pokrovsk at A4 through ``situationmapper:exportmap``, in pages
per second, against a bare ``QgsLayoutExporter`` loop over the same layout
measured in the same run.

The atlas is the whole algorithm run: the project read, the figures of the 30
days (occupied share, enclosed degrees, corridor width with the rear point
37.05,48.43), the layout built, each page shown (its legend listing only what
that day's map shows, its figures and claims) and written into one PDF, and the
receipt. The baseline is the layout that very run
builds (the same layers, page and DPI), captured when the atlas is about to be
written: it only steps the maps' temporal range to each day and exports each
page to a PDF of its own - no figures, no per-page set-up.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_atlas.py [ROUNDS] [--profile]``

Prints each round, the best of each side (the machine is shared), the ratio
atlas / bare in pages per second (target >= 0.8) and, with ``--profile``, where
the atlas run spends its time (cProfile, cumulative, top entries).
"""

import cProfile
import datetime
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import start_qgis  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FIRST, LAST = datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)
REAR = "37.05,48.43 [EPSG:4326]"
DPI = 150
TARGET_RATIO = 0.8


def build_project(folder):
    """The store of the 30 days and a project (.qgz) showing it with the towns."""
    import processing
    from qgis.core import QgsProject, QgsVectorLayer
    from support import deepstate_files

    from situation_mapper.layers.situation_layers import load_situation_layers

    files = [str(f) for f in deepstate_files(DATA, FIRST, LAST)]
    store_path = os.path.join(folder, "atlas_store.gpkg")
    processing.run("situationmapper:importsnapshots", {
        "INPUT": files, "DATE_SOURCE": 0, "STATUS": "occupied", "SOURCE": "DeepStateMap",
        "OUTPUT": store_path})
    project = QgsProject.instance()
    project.clear()
    towns = QgsVectorLayer(str(DATA / "cities" / "towns_donetsk_front.geojson"), "Towns", "ogr")
    assert towns.isValid()
    project.addMapLayer(towns)
    load_situation_layers(store_path, project)
    project_path = os.path.join(folder, "atlas.qgz")
    project.write(project_path)
    return project_path, towns, len(files)


def atlas_parameters(project_path, towns, output):
    return {"PROJECT": project_path, "DATES": f"{FIRST.isoformat()}..{LAST.isoformat()}",
            "TITLE": "Pokrovsk direction", "SUBTITLE": "Atlas: one page per day",
            "AREAS": towns, "AREA_NAME_FIELD": "name", "FOCUS_AREA": "Pokrovsk",
            "RADIUS_M": 5000, "REAR": REAR, "PAGE": 0, "DPI": DPI, "OUTPUT": output}


class Stages:
    """Seconds spent in the atlas run's stages, measured by wrapping them: the
    figures (computed once for all days), each page's layout (show_day) and the
    writing of the pages (the PDF export, its pages' layout excluded)."""

    def __init__(self):
        self.seconds = {"figures": 0.0, "page layout": 0.0, "writing": 0.0}
        self._undo = []

    def _wrap(self, owner, name, stage):
        original = getattr(owner, name)

        def timed(*arguments, **keywords):
            started = time.perf_counter()
            try:
                return original(*arguments, **keywords)
            finally:
                self.seconds[stage] += time.perf_counter() - started

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def __enter__(self):
        from situation_mapper.algorithms import export_map
        from situation_mapper.export import atlas, layout_builder

        self._wrap(export_map, "product_figures", "figures")
        self._wrap(layout_builder.SituationLayout, "show_day", "page layout")
        self._wrap(atlas, "export_atlas_pdf", "writing")
        return self

    def __exit__(self, *_exception):
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self.seconds["writing"] -= self.seconds["page layout"]


def run_atlas(parameters, profile=None):
    """Seconds of the whole exportmap run; its result."""
    import processing
    from qgis.core import QgsProcessingFeedback

    started = time.perf_counter()
    if profile is not None:
        profile.enable()
    result = processing.run("situationmapper:exportmap", parameters, feedback=QgsProcessingFeedback())
    if profile is not None:
        profile.disable()
    return time.perf_counter() - started, result


def run_bare(parameters, folder):
    """Seconds of a bare exporter loop over the layout the atlas run builds: the
    maps' temporal range stepped to each day, each page exported, nothing else."""
    from qgis.core import QgsLayoutExporter, QgsLayoutItemMap

    from situation_mapper.export import atlas
    from situation_mapper.export.content import day_instant

    measured = {}
    real = atlas.export_atlas_pdf

    def bare_loop(layout, days, show_day, path, dpi, feedback):
        show_day(days[0])  # a complete first page, once, outside the timing
        maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
        settings = atlas.pdf_settings(dpi)
        started = time.perf_counter()
        for index, day in enumerate(days):
            for item in maps:
                item.setTemporalRange(day_instant(day))
            exporter = QgsLayoutExporter(layout)
            result = exporter.exportToPdf(os.path.join(folder, f"bare_{index:02d}.pdf"), settings)
            assert result == QgsLayoutExporter.Success, result
        measured["seconds"] = time.perf_counter() - started
        measured["pages"] = len(days)
        return path

    atlas.export_atlas_pdf = bare_loop
    try:
        run_atlas(dict(parameters, OUTPUT=os.path.join(folder, "bare.pdf")))
    finally:
        atlas.export_atlas_pdf = real
    return measured["seconds"], measured["pages"]


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(arguments[0]) if arguments else 2
    profiling = "--profile" in sys.argv
    if not (DATA / "deepstate").exists():
        print(f"real data not found in {DATA}")
        return 1
    _app, _provider = start_qgis()
    from qgis.core import QgsProject

    with tempfile.TemporaryDirectory() as folder:
        project_path, towns, count = build_project(folder)
        print(f"{count} snapshot files ({FIRST} .. {LAST}) imported; A4, {DPI} dpi, framed on Pokrovsk")
        parameters = atlas_parameters(project_path, towns, os.path.join(folder, "atlas.pdf"))
        run_atlas(parameters)  # warm-up: file caches, fonts, the world map
        atlas_best = bare_best = float("inf")
        pages = 0
        for index in range(rounds):
            bare_s, pages = run_bare(parameters, folder)
            with Stages() as stages:
                atlas_s, result = run_atlas(parameters)
            rest = atlas_s - sum(stages.seconds.values())
            print(f"  atlas stages: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds
                                                  in stages.seconds.items()) + f", the rest {rest:.2f} s")
            assert result["PAGES"] == pages, result
            bare_best, atlas_best = min(bare_best, bare_s), min(atlas_best, atlas_s)
            print(f"round {index + 1}: atlas {atlas_s:.2f} s ({pages / atlas_s:.2f} pages/s), bare "
                  f"exporter loop {bare_s:.2f} s ({pages / bare_s:.2f} pages/s), "
                  f"ratio {bare_s / atlas_s:.2f}")
        ratio = bare_best / atlas_best
        print(f"best: atlas {pages / atlas_best:.2f} pages/s ({atlas_best:.2f} s for {pages} pages), "
              f"bare exporter loop {pages / bare_best:.2f} pages/s ({bare_best:.2f} s)")
        print(f"ratio atlas / bare (pages per second): {ratio:.2f} (target >= {TARGET_RATIO}) "
              f"{'OK' if ratio >= TARGET_RATIO else 'BELOW TARGET'}")
        if profiling:
            profile = cProfile.Profile()
            run_atlas(parameters, profile)
            text = io.StringIO()
            pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(45)
            print(text.getvalue())
        QgsProject.instance().clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
