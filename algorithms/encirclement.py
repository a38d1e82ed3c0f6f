"""``situationmapper:encirclement``: enclosed degrees and encirclement arcs."""

import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import geodesy
from ..core.encirclement import EnclosureSeries, arc_vertex_count, circle_window
from ..infra.i18n import tr
from ..layers.drawings import style_path
from .base import SituationMapperAlgorithm, fields_from, no_snapshot_note, qdate

# Post-processors must outlive the algorithm run: keep them until used.
_STYLE_LOADERS = {}


class StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Loads a QML style onto an output layer when Processing adds it to the project."""

    def __init__(self, qml_path):
        super().__init__()
        self.qml_path = qml_path

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and os.path.exists(self.qml_path):
            layer.loadNamedStyle(self.qml_path)
            layer.triggerRepaint()


def attach_style(context, dest_id, qml_name):
    """Style the output ``dest_id`` with ``layers/styles/<qml_name>.qml`` once loaded."""
    if dest_id and context.willLoadLayerOnCompletion(dest_id):
        loader = StyleLoader(style_path(qml_name))
        _STYLE_LOADERS[dest_id] = loader
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(loader)


def parse_radii(text):
    """Radii in metres from '5000' or '5000, 10000'; ValueError on a bad value."""
    radii = []
    for part in (p.strip() for p in (text or "").split(",") if p.strip()):
        value = float(part)
        if not value > 0:
            raise ValueError(part)
        radii.append(value)
    if not radii:
        raise ValueError("empty")
    return sorted(set(radii))


class EncirclementAlgorithm(SituationMapperAlgorithm):
    """Enclosed degrees of areas at given radii on given dates, with the arcs."""

    NAME = "encirclement"
    DISPLAY_NAME = "Encirclement (enclosed degrees and arcs)"
    GROUP = "Figures"
    GROUP_ID = "figures"
    HELP = (
        "How closed is the ring around a place? For each area, date, source and "
        "radius: the enclosed degrees, i.e. the total angle of the bearings, seen "
        "from the area's centre, for which the point at the given geodesic "
        "distance (WGS84 ellipsoid) lies in hostile ground. 360 is a closed ring; "
        "'three sides' is about 270.\n\n"
        "AREA: polygons (their centroid, computed in a local azimuthal equidistant "
        "projection, is the centre) or points; one row per feature.\n"
        "AREA_NAME_FIELD (optional): the field naming each area; otherwise the "
        "feature id.\n"
        "CONTROL: a control layer (the store's control table or a layer with its "
        "fields valid_from, valid_to, status, source) or a store .gpkg.\n"
        "STATUSES: statuses counted as hostile, comma separated (default occupied).\n"
        "SOURCES (optional): sources to use, comma separated; each is computed "
        "separately. Empty: every source.\n"
        "DATES: which days, e.g. 2025-11-20, 2025-10-01..2026-02-28, "
        "2025-10-01/7 or all (empty). A day without a snapshot uses the latest "
        "earlier one (snapshot_date says which); a day before a source's first "
        "snapshot gets rows with NULL figures.\n"
        "RADIUS_M: one or several radii in metres, comma separated (default 5000).\n\n"
        "Method: the geodesic circle is sampled every 0.05 degree of bearing and "
        "wherever its chord polygon crosses a hostile boundary; each change "
        "between hostile and friendly is refined by bisection on the exact "
        "geodesic circle to 0.0001 degree.\n\n"
        "Outputs:\n"
        "TABLE: date, area, source, radius_m (metres), enclosed_deg, open_deg "
        "(degrees), hostile_sectors (number of hostile runs), snapshot_date, "
        "centre_lon, centre_lat (degrees).\n"
        "ARCS (optional: written only when given a destination): lines in "
        "EPSG:4326, one geodesic arc per hostile run of bearings "
        "(clockwise from start_az to end_az, degrees from north) with date, area, "
        "source, radius_m and degrees; styled as pincers, the arrowheads closing "
        "towards the open sector."
    )

    AREA = "AREA"
    AREA_NAME_FIELD = "AREA_NAME_FIELD"
    CONTROL = "CONTROL"
    STATUSES = "STATUSES"
    SOURCES = "SOURCES"
    DATES = "DATES"
    # False: every date measured anew (no reuse of identical grounds), for benchmarks
    REUSE_RESULTS = True
    RADIUS_M = "RADIUS_M"
    TABLE = "TABLE"
    ARCS = "ARCS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addNamedPointsParameters(
            self.AREA, tr("Areas (polygons or points)"),
            [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint],
            self.AREA_NAME_FIELD, tr("Area name field"))
        self.addHostileGroundParameters()
        self.addParameter(QgsProcessingParameterString(
            self.RADIUS_M, tr("Radii in metres (comma separated)"), defaultValue="5000"))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Enclosed degrees"), QgsProcessing.TypeVector))
        self.addParameter(self.optionalSink(
            self.ARCS, tr("Encirclement arcs"), QgsProcessing.TypeVectorLine))

    @staticmethod
    def table_fields() -> QgsFields:
        return fields_from((("date", QVariant.Date), ("area", QVariant.String),
                           ("source", QVariant.String), ("radius_m", QVariant.Double),
                           ("enclosed_deg", QVariant.Double), ("open_deg", QVariant.Double),
                           ("hostile_sectors", QVariant.Int), ("snapshot_date", QVariant.Date),
                           ("centre_lon", QVariant.Double), ("centre_lat", QVariant.Double)))

    @staticmethod
    def arc_fields() -> QgsFields:
        return fields_from((("date", QVariant.Date), ("area", QVariant.String),
                           ("source", QVariant.String), ("radius_m", QVariant.Double),
                           ("start_az", QVariant.Double), ("end_az", QVariant.Double),
                           ("degrees", QVariant.Double)))

    def _centres(self, parameters, context, feedback):
        return self.parameterAsNamedPoints(
            parameters, self.AREA, self.AREA_NAME_FIELD, context, feedback,
            tr("Area '{}' has no geometry; skipped."), tr("The area layer has no feature with a geometry."))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            radii = parse_radii(self.parameterAsString(parameters, self.RADIUS_M, context))
        except ValueError as error:
            raise QgsProcessingException(tr(
                "RADIUS_M must be positive numbers in metres, comma separated: '{}' is not.").format(
                    error)) from error
        centres = self._centres(parameters, context, feedback)
        hostile, days = self.hostileGroundAndDays(parameters, context)

        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        sinks = self.parameterAsSinks(parameters, context, (
            (self.TABLE, self.table_fields(), QgsWkbTypes.NoGeometry),
            (self.ARCS, self.arc_fields(), QgsWkbTypes.LineString)), wgs84)
        table, arcs = sinks[self.TABLE][0], sinks[self.ARCS][0]
        arcs_id = sinks[self.ARCS][1]
        results = self.sinkResults(sinks)
        attach_style(context, arcs_id, "encirclement_arcs")

        windows = {name: circle_window(centre, max(radii)) for name, centre in centres}
        # each distinct ground around a circle is measured once over the dates
        series = {}
        total = len(days) * len(hostile.sources) * len(centres) * len(radii)
        done = 0
        for day in days:
            for source in hostile.sources:
                for name, centre in centres:
                    if feedback.isCanceled():
                        return results
                    ground, snapshot, _fids = hostile.on(day, source, windows[name])
                    if ground is None:  # rows all the same: NULL figures
                        feedback.pushInfo(tr("{}: {}.").format(
                            day.isoformat(), no_snapshot_note(hostile.records, day, source)))
                        for radius in radii:
                            self._write(table, arcs, day, name, source, centre, None, None, radius)
                        done += len(radii)
                        continue
                    for radius in radii:
                        try:
                            key = (name, source, radius)
                            if key not in series:
                                series[key] = EnclosureSeries(centre, radius, self.REUSE_RESULTS)
                            result = series[key].result(ground)
                        except Exception as error:  # a broken geometry must name its date
                            raise QgsProcessingException(tr(
                                "Enclosure of '{}' at {} m on {} ({}) failed: {}").format(
                                    name, radius, day.isoformat(), source, error)) from error
                        self._write(table, arcs, day, name, source, centre, snapshot, result)
                        done += 1
                        feedback.setProgress(100.0 * done / total)
        feedback.pushInfo(tr("{} dates, {} areas, {} radii, {} sources.").format(
            len(days), len(centres), len(radii), len(hostile.sources)))
        feedback.pushInfo(tr("{} distinct grounds measured, {} results reused.").format(
            sum(s.measured for s in series.values()), sum(s.reused for s in series.values())))
        return results

    def _write(self, table, arcs, day, name, source, centre, snapshot, result, radius=None):
        """The row (and arcs) of ``result``; with no result (no snapshot on or
        before ``day``), a row of NULL figures at ``radius``."""
        row = QgsFeature(self.table_fields())
        if result is None:
            row.setAttributes([qdate(day), name, source, radius, None, None, None, None,
                               centre.x(), centre.y()])
        else:
            row.setAttributes([qdate(day), name, source, result.radius_m, result.enclosed_deg,
                               result.open_deg, result.hostile_sectors, qdate(snapshot),
                               centre.x(), centre.y()])
        if not table.addFeature(row, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Cannot write a row of the enclosed-degrees table."))
        if arcs is None or result is None:
            return
        for run in result.runs:
            end = run.start_az + run.degrees
            points = geodesy.geodesic_arc_points(
                centre, result.radius_m, run.start_az, end,
                arc_vertex_count(result.radius_m, run.degrees))
            arc = QgsFeature(self.arc_fields())
            arc.setGeometry(QgsGeometry.fromPolylineXY(points))
            arc.setAttributes([qdate(day), name, source, result.radius_m, run.start_az,
                               run.end_az, run.degrees])
            if not arcs.addFeature(arc, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Cannot write an encirclement arc."))
