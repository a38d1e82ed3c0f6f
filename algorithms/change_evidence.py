"""``situationmapper:changeevidence``: the ground gained and lost between two
dates (as ``situationmapper:changes`` makes it) with the events near each
change: why the line moved."""

import datetime
from dataclasses import dataclass, field
from typing import Dict, List

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import control_geometry
from ..core.front_distance import nearest_hostile, search_window
from ..core.geodesy import WGS84_CRS
from ..infra.i18n import tr
from ..store.schema import EVENT_TYPES, VERIFICATIONS
from .base import SituationMapperAlgorithm, fields_from, qdate
from .changes import ChangesAlgorithm
from .event_records import (EVENTS, EventRecord, check_events_value, events_layer_of, events_parameter,
                            read_events)

OTHER_TYPES = "count_other_types"
OTHER_VERIFICATIONS = "count_other_verifications"
TYPE_FIELDS = tuple(f"count_{t}" for t in EVENT_TYPES)
VERIFICATION_FIELDS = tuple(f"count_{v}" for v in VERIFICATIONS)
JOIN = "; "


@dataclass
class Change:
    """One polygon gained or lost, and the events linked to it."""

    change_id: int
    kind: str
    status: str
    source: str
    area_km2: float
    geometry: QgsGeometry
    events: List[EventRecord] = field(default_factory=list)


def joined_distinct(values) -> str:
    """The non-empty values, first spelling kept, '; '-joined."""
    seen: List[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return JOIN.join(seen)


def evidence_counts(events: List[EventRecord]) -> List[int]:
    """event_count, the counts per default type, other types, per verification
    and other verifications, in the order of the output fields."""
    types = [e.type.lower() for e in events]
    verifications = [e.verification.lower() for e in events]
    counts = [len(events)]
    counts += [types.count(t) for t in EVENT_TYPES]
    counts.append(sum(1 for t in types if t not in EVENT_TYPES))
    counts += [verifications.count(v) for v in VERIFICATIONS]
    counts.append(sum(1 for v in verifications if v not in VERIFICATIONS))
    return counts


class ChangeEvidenceAlgorithm(SituationMapperAlgorithm):
    """Changes between two dates with the events within a distance and a number
    of days of each: counts by type and verification, sources and URLs."""

    NAME = "changeevidence"
    DISPLAY_NAME = "Changes with evidence (events)"
    GROUP = "Events"
    GROUP_ID = "events"
    HELP = (
        "Why the line moved: the ground gained and lost between two dates, exactly as "
        "'Changes between two dates' makes it, each change with the events reported "
        "near it in the days before.\n\n"
        "<b>Control layer</b> (CONTROL): a situation store (.gpkg path or PostGIS "
        "location) or a layer with the store's fields.\n"
        "<b>First date</b> (DATE_A), <b>second date</b> (DATE_B); <b>statuses</b> "
        "(STATUSES) and <b>sources</b> (SOURCES), optional, comma separated; empty: all.\n"
        "<b>Events</b> (EVENTS): a situation store (its events table) or an events layer. "
        "An event counts on its UTC day (event_day, else the UTC day of event_time).\n"
        "<b>Distance</b> (DISTANCE_M, metres, default 2000): an event counts for a change "
        "when it lies inside it, on its boundary, or within this distance of it. The "
        "distance is geodesic on the WGS84 ellipsoid: measured from the event to the "
        "nearest point of the polygon found in an azimuthal equidistant projection "
        "centred on the event (true geodesic distances from its centre).\n"
        "<b>Days</b> (DAYS, optional): events from DAYS days before DATE_B up to DATE_B "
        "(both inclusive); empty: the events from DATE_A to DATE_B (both inclusive).\n"
        "<b>One feature per polygon</b> (PARTS, default no): split each change into its "
        "separate polygons, so that each gets its own events.\n\n"
        "Output (OUTPUT): the changes (MultiPolygon, EPSG:4326) with change ('gained' or "
        "'lost'), status, source, date_a, date_b, area_km2 (ellipsoidal), change_id, "
        "events_from and events_to (the days searched), event_count, count_<type> for "
        "each default type (infiltration, flag_raised, group_eliminated, strike, assault, "
        "force_estimate, other) and count_other_types, count_<verification> (confirmed, "
        "claimed, unverified, refuted) and count_other_verifications, and event_sources "
        "and event_urls ('; '-joined, each once). URLs are text: they are never opened.\n"
        "Event links (EVENT_LINKS, optional): one point per event and change it counts "
        "for (an event near two changes counts for both), with change_id, change_kind, "
        "distance_m (0 inside or on the boundary) and the event's fields.\n"
        "LINKED: the events linked to at least one change; UNLINKED: the events of the "
        "days searched near no change."
    )

    CONTROL = "CONTROL"
    DATE_A = "DATE_A"
    DATE_B = "DATE_B"
    STATUSES = "STATUSES"
    SOURCES = "SOURCES"
    DISTANCE_M = "DISTANCE_M"
    DAYS = "DAYS"
    PARTS = "PARTS"
    OUTPUT = "OUTPUT"
    EVENT_LINKS = "EVENT_LINKS"
    LINKED = "LINKED"
    UNLINKED = "UNLINKED"

    def initAlgorithm(self, config=None):  # noqa: N802
        ChangesAlgorithm.addChangeParameters(self)  # the same inputs as the changes it takes
        self.addParameter(events_parameter())
        self.addParameter(QgsProcessingParameterNumber(
            self.DISTANCE_M, tr("Distance from a change (m)"), QgsProcessingParameterNumber.Double,
            defaultValue=2000.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.DAYS, tr("Days before the second date (empty: from the first date)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.PARTS, tr("One feature per polygon"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Changes with evidence"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(self.optionalSink(self.EVENT_LINKS, tr("Event links"), QgsProcessing.TypeVectorPoint))
        self.addOutput(QgsProcessingOutputNumber(self.LINKED, tr("Events linked to a change")))
        self.addOutput(QgsProcessingOutputNumber(self.UNLINKED, tr("Events near no change")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        checked, problem = check_events_value(parameters)
        if problem:
            return False, problem
        return super().checkParameterValues(checked, context)

    @staticmethod
    def change_fields():
        specs = [("change", QVariant.String, "", 10), ("status", QVariant.String, "", 40),
                 ("source", QVariant.String, "", 80), ("date_a", QVariant.Date), ("date_b", QVariant.Date),
                 ("area_km2", QVariant.Double), ("change_id", QVariant.Int),
                 ("events_from", QVariant.Date), ("events_to", QVariant.Date), ("event_count", QVariant.Int)]
        specs += [(name, QVariant.Int) for name in TYPE_FIELDS + (OTHER_TYPES,)]
        specs += [(name, QVariant.Int) for name in VERIFICATION_FIELDS + (OTHER_VERIFICATIONS,)]
        specs += [("event_sources", QVariant.String, "", 0), ("event_urls", QVariant.String, "", 0)]
        return fields_from(specs)

    @staticmethod
    def link_fields():
        return fields_from((
            ("change_id", QVariant.Int), ("change_kind", QVariant.String, "", 10),
            ("change_status", QVariant.String, "", 40), ("change_source", QVariant.String, "", 80),
            ("distance_m", QVariant.Double), ("event_fid", QVariant.LongLong),
            ("event_time", QVariant.DateTime), ("event_day", QVariant.Date),
            ("type", QVariant.String, "", 40), ("side", QVariant.String, "", 40),
            ("verification", QVariant.String, "", 20), ("strength", QVariant.Int),
            ("source", QVariant.String, "", 0), ("url", QVariant.String, "", 0),
            ("description", QVariant.String, "", 0)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        day_a = self.parameterAsDay(parameters, self.DATE_A, context)
        day_b = self.parameterAsDay(parameters, self.DATE_B, context)
        if day_a is None or day_b is None:
            raise QgsProcessingException(tr("Both dates (DATE_A and DATE_B) are needed."))
        distance_m = self.parameterAsDouble(parameters, self.DISTANCE_M, context)
        first, last = self._window(parameters, context, day_a, day_b)
        steps = QgsProcessingMultiStepFeedback(3, feedback)

        changes = self._changes(parameters, context, steps)
        if feedback.isCanceled():
            return {}
        steps.setCurrentStep(1)
        events_layer = events_layer_of(parameters.get(EVENTS), self, parameters, EVENTS, context)
        days = {first + datetime.timedelta(days=n) for n in range((last - first).days + 1)}
        events = read_events(events_layer, context, steps, days=days)
        feedback.pushInfo(tr("{} event(s) of '{}' from {} to {}.").format(
            len(events), events_layer.name(), first.isoformat(), last.isoformat()))

        steps.setCurrentStep(2)
        links = self._link(changes, events, distance_m, steps)
        if feedback.isCanceled():
            return {}
        sinks = self.parameterAsSinks(parameters, context, (
            (self.OUTPUT, self.change_fields(), QgsWkbTypes.MultiPolygon),
            (self.EVENT_LINKS, self.link_fields(), QgsWkbTypes.Point)),
            QgsCoordinateReferenceSystem(WGS84_CRS))
        self._write_changes(sinks[self.OUTPUT][0], changes, day_a, day_b, first, last)
        if sinks[self.EVENT_LINKS][0] is not None:
            self._write_links(sinks[self.EVENT_LINKS][0], links)

        linked = {id(event) for _change, event, _distance in links}
        placed = [e for e in events if e.point is not None]
        unlinked = len(placed) - len(linked)
        if len(placed) < len(events):
            feedback.reportError(tr("{} event(s) have no place: linked to no change.").format(
                len(events) - len(placed)))
        feedback.pushInfo(tr("{} change(s); {} event(s) linked to one or more, {} within {:g} m of "
                             "none.").format(len(changes), len(linked), unlinked, distance_m))
        results = self.sinkResults(sinks)
        results.update({self.LINKED: len(linked), self.UNLINKED: unlinked})
        return results

    def _window(self, parameters, context, day_a, day_b):
        """The first and last day (inclusive) of the events searched."""
        days = parameters.get(self.DAYS)
        if days is None or str(days).strip() == "":
            return min(day_a, day_b), max(day_a, day_b)
        count = self.parameterAsInt(parameters, self.DAYS, context)
        if count < 0:
            raise QgsProcessingException(tr("DAYS must be 0 or more."))
        return day_b - datetime.timedelta(days=count), day_b

    def _changes(self, parameters, context, feedback) -> List[Change]:
        """The changes 'situationmapper:changes' makes from the same inputs (one
        per polygon with PARTS), numbered from 1."""
        algorithm = ChangesAlgorithm().create()
        child = {name: parameters.get(name) for name in
                 (self.CONTROL, self.DATE_A, self.DATE_B, self.STATUSES, self.SOURCES)}
        child["OUTPUT"] = QgsProcessing.TEMPORARY_OUTPUT
        results, ok = algorithm.run(child, context, feedback, catchExceptions=False)
        layer = QgsProcessingUtils.mapLayerFromString(results.get("OUTPUT"), context) if ok else None
        if layer is None:
            raise QgsProcessingException(tr("The changes between the two dates could not be made."))
        split = self.parameterAsBoolean(parameters, self.PARTS, context)
        changes: List[Change] = []
        for feature in layer.getFeatures():
            geometry = QgsGeometry(feature.geometry())
            pieces = [geometry]
            if split:
                pieces = [QgsGeometry(part.clone()) for part in geometry.constParts()]
            for piece in pieces:
                piece.convertToMultiType()
                area = (control_geometry.ellipsoidal_area_km2(piece) if split else feature["area_km2"])
                changes.append(Change(len(changes) + 1, feature["change"], feature["status"],
                                      feature["source"], area, piece))
        context.temporaryLayerStore().removeMapLayer(layer.id())  # its polygons are copied
        return changes

    def _link(self, changes: List[Change], events: List[EventRecord], distance_m: float, feedback):
        """(change, event, distance in metres) for every event within
        ``distance_m`` of a change (0 inside or on its boundary); each change's
        ``events`` filled in the same order."""
        index = QgsSpatialIndex()
        for position, change in enumerate(changes):
            index.addFeature(position, change.geometry.boundingBox())
        links = []
        placed = [e for e in events if e.point is not None]
        for number, event in enumerate(placed):
            if feedback.isCanceled():
                break
            window = search_window(event.point, distance_m)
            for position in sorted(index.intersects(window)):
                change = changes[position]
                nearest = nearest_hostile(event.point, change.geometry)
                if nearest is not None and nearest.distance_m <= distance_m:
                    change.events.append(event)
                    links.append((change, event, nearest.distance_m))
            feedback.setProgress(100.0 * (number + 1) / max(1, len(placed)))
        return links

    def _write_changes(self, sink, changes: List[Change], day_a, day_b, first, last):
        fields = self.change_fields()
        cache: Dict = {}
        for change in changes:
            feature = QgsFeature(fields)
            feature.setGeometry(change.geometry)
            feature.setAttributes(
                [change.kind, change.status, change.source, qdate(day_a, cache), qdate(day_b, cache),
                 change.area_km2, change.change_id, qdate(first, cache), qdate(last, cache)]
                + evidence_counts(change.events)
                + [joined_distinct(e.source for e in change.events),
                   joined_distinct(e.url for e in change.events)])
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Cannot write change {} with its evidence.").format(
                    change.change_id))

    def _write_links(self, sink, links):
        fields = self.link_fields()
        cache: Dict = {}
        for change, event, distance in links:
            feature = QgsFeature(fields)
            feature.setGeometry(QgsGeometry.fromPointXY(event.point))
            feature.setAttributes([
                change.change_id, change.kind, change.status, change.source, distance, event.fid,
                event.time, qdate(event.day, cache), event.type, event.side, event.verification,
                event.strength, event.source, event.url, event.description])
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Cannot write the link of event {} to change {}.").format(
                    event.fid, change.change_id))
