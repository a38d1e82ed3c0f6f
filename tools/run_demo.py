"""``make demo``: the illustrative sample scenario, analysed and exported headless.

Builds the authored scenario (``sample_data/build_scenario.py``), imports it
into a fresh store, loads its styled, time-aware layers into a project (saved
as ``<folder>/scenario.qgz``), then exports with ``situationmapper:exportmap``
(which runs the occupied-share, encirclement and corridor algorithms for its
figures table):

* ``situation_<date>.pdf`` and ``situation_<date>.png`` for the last scenario day,
* ``situation_comparison.pdf``: the first and the last day side by side,
* ``situation_atlas.pdf``: one page per snapshot date,
* ``situation_animation.gif``: one frame per snapshot date,
* ``situation.kmz``: the days for Google Earth's time slider (control polygons with their time spans, arcs, throat, passage, events),
* ``<product>.json`` beside each: its receipt (scale, extent, figures, inputs with their hashes, versions).

and prints their paths. Run: ``.venv/bin/python tools/run_demo.py build/demo``.
"""

import argparse
import os
import sys

PLUGIN_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO_TITLE = "Pokrovsk-like town (illustrative scenario)"
DEMO_HANDLING = "ILLUSTRATIVE SAMPLE DATA - NOT A REAL SITUATION"
DEMO_LICENCE = "GPL-3.0-or-later"


def _start_qgis():
    """QGIS, Processing and the plugin's provider, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    plugin_parent = os.path.join(PLUGIN_ROOT, "build", "plugins")
    os.makedirs(plugin_parent, exist_ok=True)
    link = os.path.join(plugin_parent, "situation_mapper")
    if not os.path.exists(link):
        os.symlink(PLUGIN_ROOT, link, target_is_directory=True)
    for path in (plugin_parent, "/usr/share/qgis/python/plugins"):
        if path not in sys.path:
            sys.path.insert(0, path)
    from qgis.core import QgsApplication

    application = QgsApplication([], False)
    application.initQgis()
    from processing.core.Processing import Processing

    from situation_mapper.algorithms.provider import SituationMapperProvider

    Processing.initialize()
    provider = SituationMapperProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return application, provider


def _say(text: str):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _with_source(layer, rights: str, licence: str):
    metadata = layer.metadata()
    if not metadata.rights():
        metadata.setRights([rights])
    if not metadata.licenses():
        metadata.setLicenses([licence])
    layer.setMetadata(metadata)
    return layer


def build_project(folder: str):
    """The scenario's store and a project showing it; returns (project, paths, days, towns)."""
    from qgis.core import QgsProject, QgsVectorLayer

    from situation_mapper import store
    from situation_mapper.store import read_records, snapshot_days
    from situation_mapper.layers.events import load_events_layer
    from situation_mapper.layers.situation_layers import load_situation_layers
    from situation_mapper.sample_data.build_scenario import build_scenario, import_scenario

    paths = build_scenario(os.path.join(folder, "scenario"))
    store_path = os.path.join(folder, "scenario.gpkg")
    for stale in (store_path, store_path + "-wal", store_path + "-shm"):
        if os.path.exists(stale):
            os.remove(stale)  # a fresh store each run: the demo is reproducible
    import_scenario(paths, store_path)
    for source in sorted({series[0] for series in paths["series"].values()}):
        store.set_source_info(store_path, source, DEMO_LICENCE, "",
                              "authored for the Situation Mapper demo, illustrative")
    _say(f"Store: {store_path}")

    project = QgsProject.instance()
    project.clear()
    project.setTitle("Situation Mapper demo (illustrative)")
    towns = _with_source(QgsVectorLayer(paths["towns"], "Towns (illustrative)", "ogr"),
                         "Situation Mapper sample scenario", DEMO_LICENCE)
    route = _with_source(QgsVectorLayer(paths["route"], "Supply route (illustrative)", "ogr"),
                         "Situation Mapper sample scenario", DEMO_LICENCE)
    for layer in (towns, route):
        if not layer.isValid():
            raise RuntimeError(f"cannot read {layer.source()}")
    towns.renderer().symbol().symbolLayer(0).setBrushStyle(0)  # Qt.NoBrush: outlines only
    towns.renderer().symbol().symbolLayer(0).setStrokeWidth(0.6)
    project.addMapLayers([towns, route])
    control_layers = load_situation_layers(store_path, project)
    load_events_layer(store_path, project)
    days = sorted({day for layer in control_layers for day in snapshot_days(read_records(layer))})
    project_path = os.path.join(folder, "scenario.qgz")
    project.write(project_path)
    _say(f"Project: {project_path}")
    return project, paths, days, towns


def export_products(folder: str, days, towns, paths) -> list:
    """The dated PDF and PNG, the comparison, the atlas, the animation and the KMZ
    (each with its receipt beside it); their paths."""
    import processing
    from qgis.core import QgsProcessingFeedback

    last = days[-1].isoformat()
    myrnohrad = (37.26, 48.30)  # the neighbour town: the rear of the corridor
    # framed on the focus town, its arcs and its corridor's throat
    common = {"TITLE": DEMO_TITLE, "HANDLING": DEMO_HANDLING, "AREAS": towns,
              "AREA_NAME_FIELD": "name", "FOCUS_AREA": "Pokrovsk (illustrative)", "RADIUS_M": 5000,
              "REAR": f"{myrnohrad[0]},{myrnohrad[1]} [EPSG:4326]"}
    all_days = f"{days[0].isoformat()}..{last}"
    runs = (
        dict(common, DATE=last, SUBTITLE="Situation and key figures", DPI=200,
             OUTPUT=os.path.join(folder, f"situation_{last}.pdf")),
        dict(common, DATE=last, SUBTITLE="Situation and key figures", DPI=120,
             OUTPUT=os.path.join(folder, f"situation_{last}.png")),
        dict(common, DATE=last, COMPARE_DATE=days[0].isoformat(), DPI=150,
             SUBTITLE=f"Comparison: {days[0].isoformat()} and {last}",
             OUTPUT=os.path.join(folder, "situation_comparison.pdf")),
        dict(common, DATES=all_days, SUBTITLE="Atlas: one page per snapshot date", DPI=150,
             OUTPUT=os.path.join(folder, "situation_atlas.pdf")),
        dict(common, DATES=all_days, SUBTITLE="Animation: one frame per snapshot date", DPI=60,
             FRAME_MS=700, OUTPUT=os.path.join(folder, "situation_animation.gif")),
        # Google Earth's time slider steps through the same days
        dict(common, DATES=all_days, OUTPUT=os.path.join(folder, "situation.kmz")),
    )
    written = []
    for parameters in runs:
        feedback = QgsProcessingFeedback()
        result = processing.run("situationmapper:exportmap", parameters, feedback=feedback)
        written.extend(result["FILES"].split(";"))
        _say(f"Wrote {result['FILES']} ({result['PAGES']} page(s)/frame(s))")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Situation Mapper demo: build, analyse, export.")
    parser.add_argument("folder", nargs="?", default=os.path.join(PLUGIN_ROOT, "build", "demo"))
    arguments = parser.parse_args(argv)
    folder = os.path.abspath(arguments.folder)
    os.makedirs(folder, exist_ok=True)
    application, provider = _start_qgis()
    from qgis.core import QgsApplication, QgsProject

    try:
        _project, paths, days, towns = build_project(folder)
        _say(f"Snapshot dates: {days[0]} .. {days[-1]} ({len(days)} dates)")
        written = export_products(folder, days, towns, paths)
    finally:
        QgsProject.instance().clear()
        QgsApplication.processingRegistry().removeProvider(provider)
    _say("Demo products:")
    for path in written:
        _say(f"  {path}")
    del application
    return 0


if __name__ == "__main__":
    sys.exit(main())
