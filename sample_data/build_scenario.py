"""Build the project's AUTHORED, ILLUSTRATIVE Pokrovsk-like sample scenario.

Nothing here is real data: the shapes are drawn by formulas so that the plugin
can be demonstrated and tested on a small, known situation. The towns are
called "Pokrovsk (illustrative)" and "Myrnohrad (illustrative)"; every layer's
metadata abstract and every feature's ``note`` say the scenario is illustrative.

The story, 2025-11-01 to 2025-11-25: hostile ground closes in on the town from
the south, the west and the north; the grey zone (contested) runs ahead of it;
a friendly corridor towards the neighbour town narrows along the supply road.
Two sources disagree: "Source A" publishes assessed occupied and contested
ground, "Source B" claims more ground, on other days.

Shapes are authored in metres on a local azimuthal equidistant projection
centred on the town (x east, y north) and written in EPSG:4326. The output is
deterministic: the same folder content on every run.

Run: ``.venv/bin/python sample_data/build_scenario.py build/sample_data``
(add ``--store build/sample_data/scenario.gpkg`` to import it into a store).
Uses PyQGIS only.
"""

import argparse
import datetime
import math
import os
import sys
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsLayerMetadata,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QVariant

PLUGIN_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _import_plugin_as_package():
    """When run as a script, make the checkout importable as ``situation_mapper``
    (a symlink under build/plugins, as QGIS sees an installed plugin)."""
    plugin_parent = os.path.join(PLUGIN_ROOT, "build", "plugins")
    os.makedirs(plugin_parent, exist_ok=True)
    link = os.path.join(plugin_parent, "situation_mapper")
    if not os.path.exists(link):
        os.symlink(PLUGIN_ROOT, link, target_is_directory=True)
    for path in (plugin_parent, "/usr/share/qgis/python/plugins"):
        if path not in sys.path:
            sys.path.insert(0, path)


if __package__:
    from ..infra.atomic_files import atomic_path
else:
    _import_plugin_as_package()
    from situation_mapper.infra.atomic_files import atomic_path

ILLUSTRATIVE_NOTE = "Illustrative, authored scenario (Situation Mapper sample data): not real data."
SCENARIO_TITLE = "Situation Mapper sample scenario: Pokrovsk-like (illustrative)"
SCENARIO_ABSTRACT = (
    "AUTHORED, ILLUSTRATIVE scenario built by sample_data/build_scenario.py. The "
    "town shapes, control polygons, route and events are drawn by formulas to "
    "demonstrate Situation Mapper; they do not describe any real situation.")
LICENCE = "GPL-3.0-or-later (part of Situation Mapper)"

CENTRE_LON, CENTRE_LAT = 37.18, 48.28
LOCAL_PROJ = ("+proj=aeqd +lat_0={} +lon_0={} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
              .format(CENTRE_LAT, CENTRE_LON))
COORDINATE_PRECISION = 7  # decimal degrees: about 1 cm

FIRST_DAY = datetime.date(2025, 11, 1)
LAST_DAY = datetime.date(2025, 11, 25)
SOURCE_A_DAYS = tuple(datetime.date(2025, 11, d) for d in (1, 5, 10, 15, 20, 25))
SOURCE_B_DAYS = tuple(datetime.date(2025, 11, d) for d in (2, 8, 14, 20, 24))
# Source B claims ground about this many days ahead of Source A's assessment
SOURCE_B_LEAD_DAYS = 3.0
# the grey zone reaches as far as the hostile ground will be this many days later
CONTESTED_DEPTH_DAYS = 4.0

SIDE_HOSTILE = "Russian forces"

# (folder, file prefix, source, status, side, confidence, days)
SERIES = (
    ("source_a_occupied", "scenario_occupied", "Source A", "occupied", SIDE_HOSTILE, "assessed", SOURCE_A_DAYS),
    ("source_a_contested", "scenario_contested", "Source A", "contested", "", "assessed", SOURCE_A_DAYS),
    ("source_b_claimed", "scenario_claimed", "Source B", "claimed", SIDE_HOSTILE, "claimed", SOURCE_B_DAYS),
)

# town outlines in local metres (x east, y north of 37.18E 48.28N)
POKROVSK_OUTLINE = ((-3000, -1800), (-1500, -2600), (800, -2500), (2700, -1600), (3100, 200),
                    (2300, 2200), (0, 2600), (-2200, 2100), (-3200, 500))
MYRNOHRAD_CENTRE = (5930, 2220)  # ~37.26E 48.30N
MYRNOHRAD_OUTLINE = ((-1900, -1300), (0, -1600), (1900, -1100), (2100, 600), (800, 1500),
                     (-1200, 1400), (-2100, 200))
ROAD = ((0, 0), (1500, 600), (3300, 1300), MYRNOHRAD_CENTRE)
# (UTC time, type, x, y, side, source, verification, strength, description)
EVENTS = (
    ("2025-11-04T05:40:00Z", "infiltration", -500, -1200, "hostile", "Source A", "claimed", 8,
     "Small infiltration group (about 8) reported in the southern districts, in fog."),
    ("2025-11-12T09:15:00Z", "flag_raised", -3000, 300, "hostile", "Source B", "confirmed", None,
     "Flag raised on the western edge of the town (geolocated video)."),
    ("2025-11-14T18:00:00Z", "group_eliminated", -2600, 200, "hostile", "Source A", "claimed", 2,
     "Two infiltrator groups reported eliminated near the western edge (claimed)."),
    ("2025-11-16T04:30:00Z", "infiltration", 2000, 900, "hostile", "Source A", "unverified", None,
     "Infiltration group seen near the supply road."),
    ("2025-11-19T12:00:00Z", "force_estimate", 300, -400, "hostile", "Source B", "claimed", 300,
     "About 300 troops inside the town (estimate)."),
    ("2025-11-21T07:20:00Z", "strike", 3300, 1300, "hostile", "Source A", "confirmed", None,
     "Strike on the supply road towards the neighbour town."),
    ("2025-11-23T10:00:00Z", "flag_raised", 200, 100, "hostile", "Source B", "refuted", None,
     "Flag reported raised in the town centre; the footage is from another town (refuted)."),
    ("2025-11-24T15:45:00Z", "assault", 1200, -1800, "hostile", "Source A", "unverified", None,
     "Assault on the southern districts with light vehicles."),
)

EXTENT_M = 15000.0
FRONT_STEP_M = 250.0


def progress(day: datetime.date, lead_days: float = 0.0) -> float:
    """How far the advance has gone: 0 on 2025-11-01, 5 on 2025-11-25 (may exceed 5)."""
    return ((day - FIRST_DAY).days + lead_days) * 5.0 / (LAST_DAY - FIRST_DAY).days


def _front_xs() -> List[float]:
    count = int(2 * EXTENT_M / FRONT_STEP_M)
    return [-EXTENT_M + i * FRONT_STEP_M for i in range(count + 1)]


def southern_front_y(x: float, t: float) -> float:
    """Northern edge of the southern hostile ground at ``x`` (metres), pushing into the town."""
    # east of the neighbour town the southern front falls back: the rear opens
    return (-4200.0 + 650.0 * t + 300.0 * t * math.exp(-(x / 3500.0) ** 2)
            - 0.4 * max(0.0, x - 9000.0))


def northern_front_y(x: float, t: float) -> float:
    """Southern edge of the northern salient, dipping towards the road between the towns."""
    # east of the road the salient bends north: the rear opens to the north-east
    return (9000.0 - 1000.0 * t - 400.0 * t * math.exp(-((x - 2500.0) / 3000.0) ** 2)
            + 0.6 * max(0.0, x - 4500.0))


def western_front_x(t: float) -> float:
    """Eastern edge of the western hostile ground."""
    return -9000.0 + 700.0 * t


def hostile_local(t: float) -> QgsGeometry:
    """Hostile ground at advance ``t``, in local metres, within the scenario's
    square of +-EXTENT_M; raises RuntimeError if the shape is not a valid area."""
    far = 2.0 * EXTENT_M  # closing vertices beyond the square, so no ring crosses itself
    xs = _front_xs()
    south = [QgsPointXY(x, southern_front_y(x, t)) for x in xs]
    south += [QgsPointXY(EXTENT_M, -far), QgsPointXY(-EXTENT_M, -far)]
    north = [QgsPointXY(x, northern_front_y(x, t)) for x in xs]
    north += [QgsPointXY(EXTENT_M, far), QgsPointXY(-EXTENT_M, far)]
    west_edge = western_front_x(t)
    west = [QgsPointXY(-far, -far), QgsPointXY(west_edge, -far),
            QgsPointXY(west_edge, far), QgsPointXY(-far, far)]
    parts = [QgsGeometry.fromPolygonXY([ring]) for ring in (south, north, west)]
    square = QgsGeometry.fromRect(QgsRectangle(-EXTENT_M, -EXTENT_M, EXTENT_M, EXTENT_M))
    hostile = QgsGeometry.unaryUnion(parts).intersection(square)
    if hostile.isEmpty() or not hostile.isGeosValid():
        raise RuntimeError(f"The scenario's hostile ground at advance {t:.2f} is not a valid area.")
    return hostile


def contested_local(t: float, depth: float) -> QgsGeometry:
    """The grey zone ahead of the hostile ground: what it will hold ``depth`` later."""
    return hostile_local(t + depth).difference(hostile_local(t))


class _LocalToWgs84:
    """Local azimuthal equidistant metres to EPSG:4326 degrees."""

    def __init__(self):
        local = QgsCoordinateReferenceSystem.fromProj(LOCAL_PROJ)
        if not local.isValid():
            raise RuntimeError("The local projection of the scenario is not valid: " + LOCAL_PROJ)
        self.transform = QgsCoordinateTransform(
            local, QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateTransformContext())

    def geometry(self, geometry: QgsGeometry) -> QgsGeometry:
        result = QgsGeometry(geometry)
        result.transform(self.transform)
        return result

    def point(self, x: float, y: float) -> QgsPointXY:
        return self.transform.transform(QgsPointXY(x, y))


def _outline(centre: Tuple[float, float], offsets: Sequence[Tuple[float, float]]) -> QgsGeometry:
    ring = [QgsPointXY(centre[0] + dx, centre[1] + dy) for dx, dy in offsets]
    return QgsGeometry.fromPolygonXY([ring + ring[:1]])


def _memory_layer(geometry_type: str, fields: Sequence[Tuple[str, QVariant.Type]], name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{geometry_type}?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes([QgsField(n, t) for n, t in fields])
    layer.updateFields()
    return layer


def _metadata(title: str, detail: str) -> QgsLayerMetadata:
    metadata = QgsLayerMetadata()
    metadata.setTitle(title)
    metadata.setAbstract(SCENARIO_ABSTRACT + " " + detail)
    metadata.setKeywords({"situation_mapper": ["illustrative", "sample", "authored"]})
    metadata.setLicenses([LICENCE])
    metadata.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    return metadata


def _write(layer: QgsVectorLayer, path: str, metadata: Optional[QgsLayerMetadata] = None) -> str:
    """Write ``layer`` as GeoJSON at ``path`` (through a temp file, then replace);
    its metadata into a ``.qmd`` sidecar, which QGIS reads with the layer."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GeoJSON"
    options.fileEncoding = "UTF-8"
    options.layerOptions = [f"COORDINATE_PRECISION={COORDINATE_PRECISION}", "RFC7946=NO", "WRITE_BBOX=NO"]
    writer = getattr(QgsVectorFileWriter, "writeAsVectorFormatV3", None)
    with atomic_path(path) as temporary:
        if writer is not None:
            result = writer(layer, temporary, QgsCoordinateTransformContext(), options)
        else:  # QGIS before 3.20
            result = QgsVectorFileWriter.writeAsVectorFormatV2(layer, temporary, QgsCoordinateTransformContext(), options)
        if result[0] != QgsVectorFileWriter.NoError:
            raise RuntimeError(f"Cannot write {path}: {result[1]}")
    if metadata is not None:
        written = QgsVectorLayer(path, layer.name(), "ogr")
        written.setMetadata(metadata)
        message, ok = written.saveNamedMetadata(os.path.splitext(path)[0] + ".qmd")
        if not ok:
            raise RuntimeError(f"Cannot write the metadata of {path}: {message}")
    return path


def _control_layer(geometry_wgs84: QgsGeometry, day: datetime.date, source: str, status: str,
                   side: str, confidence: str) -> QgsVectorLayer:
    fields = (("date", QVariant.Date), ("status", QVariant.String), ("side", QVariant.String),
              ("source", QVariant.String), ("confidence", QVariant.String), ("note", QVariant.String))
    layer = _memory_layer("MultiPolygon", fields, f"{status} {day.isoformat()}")
    feature = QgsFeature(layer.fields())
    geometry = QgsGeometry(geometry_wgs84)
    geometry.convertToMultiType()
    feature.setGeometry(geometry)
    feature.setAttributes([QDate(day.year, day.month, day.day), status, side, source, confidence,
                           ILLUSTRATIVE_NOTE])
    layer.dataProvider().addFeatures([feature])
    return layer


def build_scenario(folder: str) -> Dict[str, object]:
    """Write the scenario into ``folder``; return its paths.

    Keys: ``towns``, ``route``, ``events`` (GeoJSON paths), ``control_folders``
    (series folder name -> folder path), ``control_files`` (series folder name ->
    list of snapshot paths, by date), ``series`` (series folder name ->
    (source, status, side, confidence)).
    """
    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    to_wgs84 = _LocalToWgs84()
    paths: Dict[str, object] = {"control_folders": {}, "control_files": {}, "series": {}}

    towns = _memory_layer("Polygon", (("name", QVariant.String), ("level", QVariant.String),
                                      ("note", QVariant.String)), "towns")
    town_features = []
    for name, centre, outline in (("Pokrovsk (illustrative)", (0, 0), POKROVSK_OUTLINE),
                                  ("Myrnohrad (illustrative)", MYRNOHRAD_CENTRE, MYRNOHRAD_OUTLINE)):
        feature = QgsFeature(towns.fields())
        feature.setGeometry(to_wgs84.geometry(_outline(centre, outline)))
        feature.setAttributes([name, "settlement", ILLUSTRATIVE_NOTE])
        town_features.append(feature)
    towns.dataProvider().addFeatures(town_features)
    paths["towns"] = _write(towns, os.path.join(folder, "towns.geojson"),
                            _metadata("Towns (illustrative)", "Two authored town outlines."))

    route = _memory_layer("LineString", (("name", QVariant.String), ("kind", QVariant.String),
                                         ("note", QVariant.String)), "route")
    feature = QgsFeature(route.fields())
    feature.setGeometry(QgsGeometry.fromPolylineXY([to_wgs84.point(x, y) for x, y in ROAD]))
    feature.setAttributes(["Pokrovsk - Myrnohrad road (illustrative)", "supply route", ILLUSTRATIVE_NOTE])
    route.dataProvider().addFeatures([feature])
    paths["route"] = _write(route, os.path.join(folder, "route.geojson"),
                            _metadata("Supply route (illustrative)", "The road to the neighbour town."))

    # the columns importevents finds by their usual names (domain: Events)
    events = _memory_layer("Point", (("datetime", QVariant.String), ("type", QVariant.String),
                                     ("side", QVariant.String), ("source", QVariant.String),
                                     ("verification", QVariant.String), ("strength", QVariant.Int),
                                     ("description", QVariant.String), ("note", QVariant.String)), "events")
    event_features = []
    for when, kind, x, y, side, source, verification, strength, description in EVENTS:
        feature = QgsFeature(events.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(to_wgs84.point(x, y)))
        feature.setAttributes([when, kind, side, source, verification, strength,
                               description, ILLUSTRATIVE_NOTE])
        event_features.append(feature)
    events.dataProvider().addFeatures(event_features)
    paths["events"] = _write(events, os.path.join(folder, "events.geojson"),
                             _metadata("Events (illustrative)",
                                       "Dated, sourced reports with their verification."))

    for series_folder, prefix, source, status, side, confidence, days in SERIES:
        target = os.path.join(folder, "control", series_folder)
        os.makedirs(target, exist_ok=True)
        lead = SOURCE_B_LEAD_DAYS if source == "Source B" else 0.0
        files = []
        for day in days:
            t = progress(day, lead)
            if status == "contested":
                local = contested_local(t, progress(day, CONTESTED_DEPTH_DAYS) - progress(day))
            else:
                local = hostile_local(t)
            layer = _control_layer(to_wgs84.geometry(local), day, source, status, side, confidence)
            files.append(_write(layer, os.path.join(target, f"{prefix}_{day:%Y%m%d}.geojson")))
        paths["control_folders"][series_folder] = target
        paths["control_files"][series_folder] = files
        paths["series"][series_folder] = (source, status, side, confidence)
    return paths


def import_scenario(paths: Dict[str, object], store_path: str, context=None, feedback=None) -> List[dict]:
    """Import the scenario's control snapshots into the store ``store_path``
    with ``situationmapper:importsnapshots`` (one run per series), then its
    events with ``situationmapper:importevents``; return the runs' results. The provider must be registered (QGIS Desktop, the tests, or
    :func:`main` with ``--store``)."""
    import processing  # QGIS's Processing plugin

    results = []
    for series_folder, files in sorted(paths["control_files"].items()):
        source, status, side, confidence = paths["series"][series_folder]
        parameters = {
            "INPUT": list(files),
            "DATE_SOURCE": 0,
            "STATUS": status,
            "SIDE": side,
            "SOURCE": source,
            "CONFIDENCE": confidence,
            "OUTPUT": store_path,
        }
        results.append(processing.run("situationmapper:importsnapshots", parameters,
                                      context=context, feedback=feedback))
    results.append(processing.run("situationmapper:importevents",
                                  {"INPUT": paths["events"], "OUTPUT": store_path},
                                  context=context, feedback=feedback))
    return results


def _register_provider():
    """Start Processing and the plugin's provider outside QGIS Desktop."""
    _import_plugin_as_package()
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication
    from situation_mapper.algorithms.provider import SituationMapperProvider

    Processing.initialize()
    provider = SituationMapperProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return provider


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build Situation Mapper's illustrative sample scenario.")
    parser.add_argument("folder", nargs="?", default=os.path.join("build", "sample_data"),
                        help="output folder (default build/sample_data)")
    parser.add_argument("--store", help="also import the snapshots into this store (.gpkg)")
    arguments = parser.parse_args(argv)

    from qgis.core import QgsApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application = QgsApplication([], False)
    application.initQgis()
    paths = build_scenario(arguments.folder)
    count = sum(len(files) for files in paths["control_files"].values())
    sys.stdout.write(f"Illustrative scenario written to {os.path.abspath(arguments.folder)} "
                     f"({count} control snapshots)\n")
    if arguments.store:
        provider = _register_provider()
        for result in import_scenario(paths, arguments.store):
            sys.stdout.write(f"Imported {result.get('IMPORTED')} snapshots into {result.get('OUTPUT')}\n")
        QgsApplication.processingRegistry().removeProvider(provider)
    QgsProject.instance().clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
