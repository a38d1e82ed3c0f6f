"""``situationmapper:eventsummary``: events counted per period, area, type and
verification."""

from collections import defaultdict
from typing import Dict, List, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.date_selection import DateSelectionError, select_days
from ..core.periods import PERIODS, WEEK, period_of
from ..core.geodesy import WGS84_CRS
from ..infra.i18n import tr
from .base import SituationMapperAlgorithm, fields_from, qdate
from .event_records import (EVENTS, check_events_value, events_layer_of, events_parameter, is_null,
                            read_events)

# A point's search box, degrees (or the areas' units): wide enough that an area
# whose bounding box edge passes through the point is among the candidates.
_BOX_EPSILON = 1e-9

SUMMARY_FIELDS = (("period_start", QVariant.Date), ("period_end", QVariant.Date),
                  ("area", QVariant.String, "", 0), ("type", QVariant.String, "", 40),
                  ("verification", QVariant.String, "", 20), ("count", QVariant.Int),
                  ("strength_sum", QVariant.Int))


class AreaSet:
    """Named polygons, and which of them hold a point (boundary included)."""

    def __init__(self):
        self.names: List[str] = []
        self._engines = []
        self._geometries = []  # each engine reads its geometry: kept alive with it
        self._index = QgsSpatialIndex()

    def add(self, name: str, geometry: QgsGeometry) -> None:
        geometry = QgsGeometry(geometry)
        engine = QgsGeometry.createGeometryEngine(geometry.constGet())
        engine.prepareGeometry()
        self._geometries.append(geometry)
        self._index.addFeature(len(self.names), geometry.boundingBox())
        self.names.append(name)
        self._engines.append(engine)

    def holding(self, point) -> List[str]:
        """The names of the areas containing ``point`` or having it on their
        boundary, in the order they were added."""
        box = QgsRectangle(point.x() - _BOX_EPSILON, point.y() - _BOX_EPSILON,
                           point.x() + _BOX_EPSILON, point.y() + _BOX_EPSILON)
        geometry = QgsGeometry.fromPointXY(point)
        found = [i for i in self._index.intersects(box)
                 if self._engines[i].intersects(geometry.constGet())]
        return [self.names[i] for i in sorted(found)]


class EventSummaryAlgorithm(SituationMapperAlgorithm):
    """Counts of events (and their summed strength) per period, area, type and
    verification."""

    NAME = "eventsummary"
    DISPLAY_NAME = "Event summary by period"
    GROUP = "Events"
    GROUP_ID = "events"
    HELP = (
        "How many events were reported per period, area, type and verification, "
        "and their strength summed.\n\n"
        "<b>Events</b> (EVENTS): a situation store (.gpkg path or PostGIS location: its "
        "events table) or a layer with the store's event fields (event_day and/or "
        "event_time, type, verification, strength). An event counts on its UTC day: "
        "event_day, or the UTC day of event_time when event_day is empty (an event at "
        "2025-11-30 23:30 at UTC-2 is 2025-12-01 01:30 UTC and counts on 1 December). "
        "An empty type counts as 'other', an empty verification as 'unverified'.\n"
        "<b>Areas</b> (AREAS, optional): polygons; an event counts in every area "
        "containing it, and an event exactly on an area's boundary counts as inside. "
        "Without areas every event counts once, with an empty area.\n"
        "<b>Area name field</b> (AREA_NAME_FIELD, optional): the areas' names (default: "
        "their feature ids).\n"
        "<b>Period</b> (PERIOD): day, week (ISO week, Monday to Sunday) or month.\n"
        "<b>Dates</b> (DATES, optional): the days counted, e.g. 2025-11-01..2025-11-30 "
        "(first and last day inclusive), 2025-11-20, or several comma separated; empty: "
        "all.\n"
        "<b>Types</b> (TYPES) and <b>verifications</b> (VERIFICATIONS), optional: comma "
        "separated (e.g. strike,assault; confirmed,claimed); empty: all.\n\n"
        "Output (TABLE): one row per period, area, type and verification that has "
        "events: period_start, period_end (the last day of the period, inclusive), "
        "area, type, verification, count and strength_sum (the strengths given, summed; "
        "0 when none is given). A week or month counts only the days DATES selects, "
        "even when DATES cuts it. COUNTED: the events counted (each once, whatever its "
        "areas)."
    )

    AREAS = "AREAS"
    AREA_NAME_FIELD = "AREA_NAME_FIELD"
    PERIOD = "PERIOD"
    DATES = "DATES"
    TYPES = "TYPES"
    VERIFICATIONS = "VERIFICATIONS"
    TABLE = "TABLE"
    COUNTED = "COUNTED"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(events_parameter())
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREAS, tr("Areas (optional)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_NAME_FIELD, tr("Area name field"), parentLayerParameterName=self.AREAS, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.PERIOD, tr("Period"), options=[tr("day"), tr("week (Monday to Sunday)"), tr("month")],
            defaultValue=PERIODS.index(WEEK)))
        self.addParameter(QgsProcessingParameterString(
            self.DATES, tr("Dates (2025-11-01..2025-11-30, 2025-11-20; empty: all)"),
            defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.TYPES, tr("Types (comma separated; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.VERIFICATIONS, tr("Verifications (comma separated; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Event summary"), QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputNumber(self.COUNTED, tr("Events counted")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        checked, problem = check_events_value(parameters)
        if problem:
            return False, problem
        return super().checkParameterValues(checked, context)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dates_text = self.parameterAsString(parameters, self.DATES, context) or ""
        try:
            select_days(dates_text, [])  # a wrong DATES is told before anything is read
        except DateSelectionError as error:
            raise QgsProcessingException(tr("DATES: {}").format(error)) from error
        layer = events_layer_of(parameters.get(EVENTS), self, parameters, EVENTS, context)
        period = PERIODS[self.parameterAsEnum(parameters, self.PERIOD, context)]
        types = self.parameterAsWords(parameters, self.TYPES, context)
        verifications = self.parameterAsWords(parameters, self.VERIFICATIONS, context)
        areas, areas_crs = self._areas(parameters, context, feedback)

        records = read_events(layer, context, feedback, crs=areas_crs, types=types,
                              verifications=verifications, progress=(0.0, 50.0))
        if dates_text.strip():
            try:
                days = set(select_days(dates_text, [r.day for r in records]))
            except DateSelectionError as error:
                raise QgsProcessingException(tr("DATES: {}").format(error)) from error
            records = [r for r in records if r.day in days]
        feedback.pushInfo(tr("{} event(s) of '{}' match the dates, types and verifications.").format(
            len(records), layer.name()))

        counts: Dict[Tuple, List[int]] = defaultdict(lambda: [0, 0])
        outside = 0
        for index, record in enumerate(records):
            if feedback.isCanceled():
                break
            if areas is None:
                names = [""]
            elif record.point is None:
                names = []
            else:
                names = areas.holding(record.point)
            if not names:
                outside += 1
            key_tail = (record.type, record.verification)
            for name in names:
                entry = counts[(period_of(record.day, period), name) + key_tail]
                entry[0] += 1
                entry[1] += record.strength or 0
            if index % 200 == 0:
                feedback.setProgress(50 + 40.0 * index / max(1, len(records)))
        if areas is not None and outside:
            feedback.pushInfo(tr("{} event(s) lie in none of the areas (or have no place): not "
                                 "counted.").format(outside))

        fields = fields_from(SUMMARY_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.TABLE, context, fields,
                                             QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.TABLE))
        cache = {}
        for (bounds, name, event_type, verification), (count, strength) in sorted(counts.items()):
            if feedback.isCanceled():
                break
            feature = QgsFeature(fields)
            feature.setAttributes([qdate(bounds[0], cache), qdate(bounds[1], cache), name, event_type,
                                   verification, count, strength])
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.TABLE))
        feedback.setProgress(100)
        counted = len(records) - outside
        feedback.pushInfo(tr("{} event(s) counted in {} row(s), by {}.").format(counted, len(counts), period))
        return {self.TABLE: dest_id, self.COUNTED: counted}

    def _areas(self, parameters, context, feedback):
        """The AREAS as an :class:`AreaSet` and their CRS; (None, EPSG:4326) without areas."""
        source = self.parameterAsSource(parameters, self.AREAS, context)
        if source is None:
            return None, QgsCoordinateReferenceSystem(WGS84_CRS)
        name_field = self.parameterAsString(parameters, self.AREA_NAME_FIELD, context)
        areas = AreaSet()
        for feature in source.getFeatures():
            if feedback.isCanceled():
                break
            name = str(feature.id())
            if name_field:
                value = feature[name_field]
                if not is_null(value) and str(value).strip():
                    name = str(value)
            geometry = QgsGeometry(feature.geometry())
            if geometry.isNull() or geometry.isEmpty():
                feedback.reportError(tr("Area '{}' has no geometry: left out.").format(name))
                continue
            areas.add(name, geometry)
        if not areas.names:
            raise QgsProcessingException(tr("AREAS has no polygon with a geometry."))
        return areas, source.sourceCrs()
