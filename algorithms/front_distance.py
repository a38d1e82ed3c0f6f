"""``situationmapper:frontdistance``: distance to hostile ground and approach rate."""

import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import geodesy
from ..core.front_distance import approach_km_per_week, nearest_hostile
from ..infra.i18n import tr
from .base import SituationMapperAlgorithm, fields_from, no_snapshot_note, qdate


class FrontDistanceAlgorithm(SituationMapperAlgorithm):
    """Distance from targets to the nearest hostile ground per date and source."""

    NAME = "frontdistance"
    DISPLAY_NAME = "Distance to the front"
    GROUP = "Figures"
    GROUP_ID = "figures"
    HELP = (
        "How far is the front from a town, and how fast is it coming? For each "
        "target, date and source: the geodesic distance (WGS84 ellipsoid) from the "
        "target to the nearest point of the hostile ground valid that day, the "
        "bearing to that point and the approach rate.\n\n"
        "TARGETS: points, or polygons (their centroid, computed in a local "
        "azimuthal equidistant projection, is the target); one row per feature.\n"
        "TARGET_NAME_FIELD (optional): the field naming each target; otherwise the "
        "feature id.\n"
        "CONTROL: a control layer (the store's control table or a layer with its "
        "fields valid_from, valid_to, status, source) or a store .gpkg.\n"
        "STATUSES: statuses counted as hostile, comma separated (default occupied).\n"
        "SOURCES (optional): sources to use, comma separated; each is computed "
        "separately. Empty: every source.\n"
        "DATES: which days, e.g. 2025-11-20, 2025-10-01..2026-02-28, "
        "2025-10-01/7 or all (empty). A day without a snapshot uses the latest "
        "earlier one (snapshot_date says which); a day with no valid snapshot gets "
        "a row with NULL figures and a note.\n"
        "WINDOW_DAYS: the trailing window of the approach rate in days (default 28).\n\n"
        "Method: the hostile ground is projected into an azimuthal equidistant "
        "projection centred on the target (distances from the centre are true "
        "geodesic distances), its edges densified every 0.005 degree; the nearest "
        "point found there is measured back on the ellipsoid.\n\n"
        "Outputs:\n"
        "TABLE: date, target, source, distance_km (geodesic distance to the "
        "nearest hostile point; 0 when the target lies inside hostile ground), "
        "bearing_deg (forward azimuth from the target to that point, degrees "
        "clockwise from north, 0..360; NULL when inside), approach_km_per_week = "
        "(distance on d - WINDOW_DAYS - distance on d) * 7 / WINDOW_DAYS, each "
        "distance from the snapshot valid on that day (the latest earlier one); "
        "positive when the front comes closer, negative when it recedes; NULL (with "
        "a note) when no snapshot is valid on d - WINDOW_DAYS. Then snapshot_date "
        "and note.\n"
        "NEAREST (optional: written only when given a destination): lines in "
        "EPSG:4326 from each target to its nearest hostile point, with the same "
        "attributes and a label (e.g. 'Pokrovsk: 3.2 km (DeepStateMap, "
        "2025-11-20)'); none for a target inside hostile ground."
    )

    TARGETS = "TARGETS"
    TARGET_NAME_FIELD = "TARGET_NAME_FIELD"
    WINDOW_DAYS = "WINDOW_DAYS"
    TABLE = "TABLE"
    NEAREST = "NEAREST"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addNamedPointsParameters(
            self.TARGETS, tr("Targets (points or polygons)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon],
            self.TARGET_NAME_FIELD, tr("Target name field"))
        self.addHostileGroundParameters()
        self.addParameter(QgsProcessingParameterNumber(
            self.WINDOW_DAYS, tr("Approach-rate window (days)"), QgsProcessingParameterNumber.Integer,
            defaultValue=28, minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Distance to the front"), QgsProcessing.TypeVector))
        self.addParameter(self.optionalSink(
            self.NEAREST, tr("Lines to the nearest hostile point"), QgsProcessing.TypeVectorLine))

    SPECS = (("date", QVariant.Date), ("target", QVariant.String), ("source", QVariant.String),
             ("distance_km", QVariant.Double), ("bearing_deg", QVariant.Double),
             ("approach_km_per_week", QVariant.Double), ("snapshot_date", QVariant.Date),
             ("note", QVariant.String))

    @classmethod
    def table_fields(cls):
        return fields_from(cls.SPECS)

    @classmethod
    def line_fields(cls):
        return fields_from(cls.SPECS + (("label", QVariant.String),))

    def _targets(self, parameters, context, feedback):
        return self.parameterAsNamedPoints(
            parameters, self.TARGETS, self.TARGET_NAME_FIELD, context, feedback,
            tr("Target '{}' has no geometry; skipped."), tr("The target layer has no feature with a geometry."))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        targets = self._targets(parameters, context, feedback)
        window_days = self.parameterAsInt(parameters, self.WINDOW_DAYS, context)
        if window_days < 1:
            raise QgsProcessingException(tr("WINDOW_DAYS must be at least 1."))
        hostile, days = self.hostileGroundAndDays(parameters, context)
        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        sinks = self.parameterAsSinks(parameters, context, (
            (self.TABLE, self.table_fields(), QgsWkbTypes.NoGeometry),
            (self.NEAREST, self.line_fields(), QgsWkbTypes.LineString)), wgs84)
        table, lines = sinks[self.TABLE][0], sinks[self.NEAREST][0]
        results = self.sinkResults(sinks)

        cache = {}

        def measure(day, source, name, point):
            """``(Nearest or None, snapshot date or None, note)`` on ``day``."""
            ground, snapshot, fids = hostile.on(day, source)
            if ground is None:
                return None, None, no_snapshot_note(hostile.records, day, source)
            key = (source, name, tuple(sorted(fids)))
            if key not in cache:
                try:
                    cache[key] = nearest_hostile(point, ground)
                except Exception as error:  # a broken geometry must name its date
                    raise QgsProcessingException(tr(
                        "Distance of '{}' on {} ({}) failed: {}").format(
                            name, day.isoformat(), source, error)) from error
            nearest = cache[key]
            note = "" if nearest is not None else tr("no hostile ground from {} on {}").format(
                source, day.isoformat())
            return nearest, snapshot, note

        total = max(1, len(days) * len(hostile.sources) * len(targets))
        done = 0
        noted = {}  # a note's kind -> the (day, target, note) rows it was written on
        for day in days:
            for source in hostile.sources:
                for name, point in targets:
                    if feedback.isCanceled():
                        return results
                    nearest, snapshot, note = measure(day, source, name, point)
                    approach = None
                    if nearest is not None:
                        before = day - datetime.timedelta(days=window_days)
                        then, _snap, then_note = measure(before, source, name, point)
                        approach = approach_km_per_week(
                            then.distance_m if then else None, nearest.distance_m, window_days)
                        if then is None:
                            note = tr("no approach rate: {}").format(then_note)
                    self._write(table, lines, day, name, source, point, nearest, approach,
                                snapshot, note)
                    if note:  # the table's note says it per row; the log says each once
                        noted.setdefault(note.split(":")[0], []).append((day, name, note))
                    done += 1
                    feedback.setProgress(100.0 * done / total)
        for rows in noted.values():
            day, name, note = rows[0]
            if len(rows) == 1:
                feedback.pushInfo(tr("{} {}: {}.").format(day.isoformat(), name, note))
            else:
                feedback.pushInfo(tr("{} {}: {} (and {} more rows: see the table's note).").format(
                    day.isoformat(), name, note, len(rows) - 1))
        feedback.pushInfo(tr("{} dates, {} targets, {} sources.").format(
            len(days), len(targets), len(hostile.sources)))
        return results

    def _write(self, table, lines, day, name, source, point, nearest, approach, snapshot, note):
        distance = bearing = None
        if nearest is not None:
            distance, bearing = nearest.distance_m / 1000.0, nearest.bearing_deg
        values = [qdate(day), name, source, distance, bearing, approach, qdate(snapshot),
                  note or None]
        row = QgsFeature(self.table_fields())
        row.setAttributes(values)
        if not table.addFeature(row, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Cannot write a row of the distance table."))
        if lines is None or nearest is None or nearest.point is None:
            return
        line = QgsFeature(self.line_fields())
        line.setGeometry(QgsGeometry.fromPolylineXY([point, nearest.point]))
        label = tr("{}: {:.1f} km ({}, {})").format(name, distance, source, snapshot.isoformat())
        line.setAttributes(values + [label])
        if not lines.addFeature(line, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Cannot write a line to the nearest hostile point."))
