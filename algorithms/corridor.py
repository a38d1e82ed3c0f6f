"""``situationmapper:corridor``: width and throat of the corridor to a rear point,
its trend over a trailing window and the closure estimate (an extrapolation)."""

import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterPoint,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import geodesy
from ..core.corridor import CorridorInputError, CorridorSolver, closure_estimate, width_trend
from ..core.corridor_series import CorridorSeries
from ..infra.i18n import tr
from .base import SituationMapperAlgorithm, fields_from, no_snapshot_note, qdate
from .encirclement import attach_style

# the dates whose grounds are fetched and solved ahead at once (and kept meanwhile)
SOLVE_AHEAD_DAYS = 60

STATUS_OPEN = "open"
STATUS_CUT_OFF = "cut off"
DEFAULT_WINDOW_DAYS = 28


class CorridorAlgorithm(SituationMapperAlgorithm):
    """Corridor width (widest disc) from an area to a rear point, date by date."""

    NAME = "corridor"
    DISPLAY_NAME = "Corridor width and throat"
    GROUP = "Figures"
    GROUP_ID = "figures"
    HELP = (
        "How wide is what is left? The corridor width from an area to a rear point "
        "on a date is the diameter of the widest disc that can travel from some "
        "point of the area to the rear point without touching hostile ground (the "
        "bottleneck of the widest path). The throat is where that bottleneck lies: "
        "the shortest segment across the friendly passage there, between the two "
        "hostile edges it touches.\n\n"
        "AREA: the area polygon (the union of its features).\n"
        "REAR: a point in friendly ground behind the corridor (any CRS).\n"
        "CONTROL, STATUSES, SOURCES, DATES: as for the other figures; each source "
        "is computed separately. Days without a snapshot use the latest earlier one; "
        "a day before a source's first snapshot gets a row with NULL figures and a note.\n"
        "SEARCH_RADIUS_M (optional, metres): paths stay within this geodesic "
        "distance of the area's centroid; 0 or empty: 1.5 x the distance from the "
        "area's centroid to the rear point, at least 20 km.\n\n"
        "Method: the largest disc radius r (to 1 m) for which the area and the rear "
        "point are connected in the search disc minus the hostile ground grown by r, "
        "looked for on a fixed grid of radii (steps of at most 1 m up to the rear "
        "point's clearance), so that each date's figures depend on that date's "
        "hostile ground alone; computed in a local azimuthal equidistant "
        "projection centred on the area (distance error below 1e-5 relative "
        "within 60 km, measured in the tests). Lengths are ellipsoidal (WGS84). "
        "Over many dates, a date whose hostile ground in the search window is the "
        "same as one already computed takes its figures, and a changed date's "
        "search starts from the last date's radius.\n\n"
        "Outputs (THROAT, PASSAGE and CENTRELINE are optional: only the ones "
        "given a destination are written):\n"
        "TABLE: date, source, width_m (metres; 0 when cut off), status ('open' or "
        "'cut off <date>'), throat_lat, throat_lon (degrees, the throat's centre), "
        "throat_length_m, note, snapshot_date, trend_m_per_day, closure_estimate, "
        "closure_basis, trend_note.\n"
        "WINDOW_DAYS (integer, default 28, at least 1): the trailing window of the trend.\n"
        "trend_m_per_day = (width on d - width on d - WINDOW_DAYS) / WINDOW_DAYS, "
        "metres per day (negative: narrowing), each width computed with the snapshot "
        "valid on that day (the latest earlier one), also when d - WINDOW_DAYS is not "
        "among DATES. NULL, with the reason in trend_note, when no snapshot is valid "
        "on d - WINDOW_DAYS or either width is NULL.\n"
        "closure_estimate: while trend_m_per_day < 0 and width_m > 0, the day "
        "d + ceil(width_m / -trend_m_per_day) days, the day a straight-line trend "
        "reaches zero width; NULL otherwise (a widening or steady corridor, or one "
        "already cut off, whose trend is still reported). It is an extrapolation of "
        "the trend, not a forecast of events; closure_basis says so: 'extrapolation "
        "at the trend of the last N days'.\n"
        "THROAT: the throat segment per date with length_m (metres), labelled.\n"
        "PASSAGE: the friendly passage a disc of the corridor width sweeps (polygon, "
        "area_km2).\n"
        "CENTRELINE: a schematic line from the area's centre through the throat "
        "to the rear point (geodesic legs)."
    )

    AREA = "AREA"
    REAR = "REAR"
    CONTROL = "CONTROL"
    STATUSES = "STATUSES"
    SOURCES = "SOURCES"
    DATES = "DATES"
    SEARCH_RADIUS_M = "SEARCH_RADIUS_M"
    WINDOW_DAYS = "WINDOW_DAYS"
    TABLE = "TABLE"
    THROAT = "THROAT"
    PASSAGE = "PASSAGE"
    CENTRELINE = "CENTRELINE"
    # False: every date solved by the bisection used before the radius grid (no
    # reuse of identical grounds), kept so that benchmarks measure against it
    REUSE_RESULTS = True

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREA, tr("Area (polygon)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterPoint(self.REAR, tr("Rear point")))
        self.addHostileGroundParameters()
        self.addParameter(QgsProcessingParameterNumber(
            self.SEARCH_RADIUS_M, tr("Search radius (metres; 0: 1.5 x the area-rear distance, min 20 km)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.WINDOW_DAYS, tr("Trend window (days)"), QgsProcessingParameterNumber.Integer,
            defaultValue=DEFAULT_WINDOW_DAYS, minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Corridor widths"), QgsProcessing.TypeVector))
        self.addParameter(self.optionalSink(
            self.THROAT, tr("Corridor throats"), QgsProcessing.TypeVectorLine))
        self.addParameter(self.optionalSink(
            self.PASSAGE, tr("Friendly passage"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(self.optionalSink(
            self.CENTRELINE, tr("Corridor centreline"), QgsProcessing.TypeVectorLine))

    def table_fields(self):
        return fields_from((("date", QVariant.Date), ("source", QVariant.String),
                             ("width_m", QVariant.Double), ("status", QVariant.String),
                             ("throat_lat", QVariant.Double), ("throat_lon", QVariant.Double),
                             ("throat_length_m", QVariant.Double), ("note", QVariant.String),
                             ("snapshot_date", QVariant.Date),
                             ("trend_m_per_day", QVariant.Double), ("closure_estimate", QVariant.Date),
                             ("closure_basis", QVariant.String), ("trend_note", QVariant.String)))

    def throat_fields(self):
        return fields_from((("date", QVariant.Date), ("source", QVariant.String),
                             ("length_m", QVariant.Double), ("width_m", QVariant.Double)))

    def passage_fields(self):
        return fields_from((("date", QVariant.Date), ("source", QVariant.String),
                             ("width_m", QVariant.Double), ("area_km2", QVariant.Double)))

    def centreline_fields(self):
        return fields_from((("date", QVariant.Date), ("source", QVariant.String),
                             ("width_m", QVariant.Double), ("length_m", QVariant.Double)))

    def _area(self, parameters, context):
        source = self.parameterAsSource(parameters, self.AREA, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.AREA))
        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        transform = QgsCoordinateTransform(source.sourceCrs(), wgs84, context.transformContext())
        parts = []
        for feature in source.getFeatures():
            geometry = QgsGeometry(feature.geometry())
            if geometry.isEmpty():
                continue
            geometry.transform(transform)
            if not geometry.isGeosValid():
                geometry = geometry.makeValid()
            parts.append(geometry)
        if not parts:
            raise QgsProcessingException(tr("The area layer has no polygon with a geometry."))
        return parts[0] if len(parts) == 1 else QgsGeometry.unaryUnion(parts)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        area = self._area(parameters, context)
        rear = self.parameterAsPoint(parameters, self.REAR, context, wgs84)
        search = self.parameterAsDouble(parameters, self.SEARCH_RADIUS_M, context) or None
        try:
            solver = CorridorSolver(area, rear, search)
        except CorridorInputError as error:
            raise QgsProcessingException(tr("Corridor: {}.").format(error)) from error
        feedback.pushInfo(tr("Rear point {:.0f} m from the area's centre; search radius {:.0f} m.")
                          .format(solver.rear_distance_m, solver.search_radius_m))
        hostile, days = self.hostileGroundAndDays(parameters, context)

        sinks = self.parameterAsSinks(parameters, context, (
                (self.TABLE, self.table_fields(), QgsWkbTypes.NoGeometry),
                (self.THROAT, self.throat_fields(), QgsWkbTypes.LineString),
                (self.PASSAGE, self.passage_fields(), QgsWkbTypes.MultiPolygon),
                (self.CENTRELINE, self.centreline_fields(), QgsWkbTypes.LineString)), wgs84)
        attach_style(context, sinks[self.THROAT][1], "corridor_throat")
        results = self.sinkResults(sinks)

        window_days = max(1, self.parameterAsInt(parameters, self.WINDOW_DAYS, context)
                          or DEFAULT_WINDOW_DAYS)
        window = solver.wgs84_window()
        da = geodesy.wgs84_distance_area()
        total = len(days) * len(hostile.sources)
        done = 0

        def make_solver():  # another solver of the same corridor, for a thread solving ahead
            return CorridorSolver(QgsGeometry(area.constGet().clone()), QgsPointXY(rear), search)

        for source in hostile.sources:
            # each distinct hostile ground in the window is solved once
            solved = _GridSeries(solver) if self.REUSE_RESULTS else _BisectionSeries(solver)
            grounds = _GroundsAhead(hostile, source, window, window_days)
            for index, day in enumerate(days):
                if feedback.isCanceled():
                    break
                if self.REUSE_RESULTS and index % SOLVE_AHEAD_DAYS == 0:
                    # the next dates' grounds (and their trends') solved at once, in threads
                    ahead = grounds.fetch(days[index:index + SOLVE_AHEAD_DAYS])
                    solved.solve_ahead(ahead, make_solver, feedback.isCanceled)
                ground, snapshot, fids = grounds.on(day)
                done += 1
                if ground is None:  # a row all the same: NULL figures and a note
                    note = no_snapshot_note(hostile.records, day, source)
                    feedback.pushInfo(tr("{}: {}.").format(day.isoformat(), note))
                    row = QgsFeature(self.table_fields())
                    row.setAttributes([qdate(day), source, None, None, None, None, None, note, None,
                                       None, None, None, note])
                    self._add(sinks[self.TABLE][0], row)
                    continue
                result = self._solve(solved, ground, fids, day, source, feedback)
                trend = self._trend(solved, grounds, window_days, day, source, result, feedback)
                self._write(sinks, day, source, snapshot, result, da, trend)
                feedback.pushInfo(tr("{} {}: {}").format(
                    day.isoformat(), source,
                    tr("{:.0f} m wide").format(result.width_m) if result.is_open
                    else tr("cut off ({})").format(result.note)))
                feedback.setProgress(100.0 * done / total)
            if self.REUSE_RESULTS:
                feedback.pushInfo(tr("{}: {} distinct hostile grounds solved, {} results reused.")
                                  .format(source, solved.solved, solved.reused))
        return results

    @staticmethod
    def _solve(solved, ground, fids, day, source, feedback, follow=True):
        try:
            return solved.result(ground, fids, feedback.isCanceled, follow)
        except Exception as error:  # name the date whose geometry broke
            raise QgsProcessingException(tr("Corridor on {} ({}) failed: {}").format(
                day.isoformat(), source, error)) from error

    def _trend(self, solved, grounds, window_days, day, source, result, feedback):
        """``(trend_m_per_day, closure_estimate, closure_basis, trend_note)`` on ``day``."""
        earlier_day = day - datetime.timedelta(days=window_days)
        ground, _snapshot, fids = grounds.on(earlier_day)
        if ground is None:
            return None, None, None, tr("no trend: {}").format(
                no_snapshot_note(grounds.hostile.records, earlier_day, source))
        earlier = self._solve(solved, ground, fids, earlier_day, source, feedback, follow=False)
        trend = width_trend(result.width_m, earlier.width_m, window_days)
        if trend is None:
            return None, None, None, tr("no trend: no width on {}").format(earlier_day.isoformat())
        closure = closure_estimate(day, result.width_m, trend) if result.is_open else None
        basis = None
        if closure is not None:
            basis = tr("extrapolation at the trend of the last {} days").format(window_days)
        return trend, closure, basis, None

    def _write(self, sinks, day, source, snapshot, result, da, trend):
        status = STATUS_OPEN if result.is_open else f"{STATUS_CUT_OFF} {day.isoformat()}"
        centre = result.throat_centre
        trend_m_per_day, closure, basis, trend_note = trend
        row = QgsFeature(self.table_fields())
        row.setAttributes([qdate(day), source, result.width_m, status,
                           centre.y() if centre else None, centre.x() if centre else None,
                           result.throat_length_m, result.note, qdate(snapshot),
                           trend_m_per_day, qdate(closure) if closure else None, basis, trend_note])
        self._add(sinks[self.TABLE][0], row)
        if result.throat is not None and sinks[self.THROAT][0] is not None:
            throat = QgsFeature(self.throat_fields())
            throat.setGeometry(result.throat)
            throat.setAttributes([qdate(day), source, result.throat_length_m, result.width_m])
            self._add(sinks[self.THROAT][0], throat)
        if result.passage is not None and not result.passage.isEmpty() and sinks[self.PASSAGE][0] is not None:
            passage = QgsFeature(self.passage_fields())
            geometry = QgsGeometry(result.passage)
            geometry.convertToMultiType()
            passage.setGeometry(geometry)
            passage.setAttributes([qdate(day), source, result.width_m,
                                   da.measureArea(result.passage) / 1e6])
            self._add(sinks[self.PASSAGE][0], passage)
        if result.is_open and result.centreline is not None and sinks[self.CENTRELINE][0] is not None:
            line = QgsFeature(self.centreline_fields())
            line.setGeometry(result.centreline)
            line.setAttributes([qdate(day), source, result.width_m,
                                da.measureLength(result.centreline)])
            self._add(sinks[self.CENTRELINE][0], line)

    @staticmethod
    def _add(sink, feature):
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Cannot write a corridor output feature."))


class _GroundsAhead:
    """The hostile ground of one source in the window, date by date, with those
    of the dates about to be solved (and of their trends' earlier dates) kept
    until the next batch is fetched."""

    def __init__(self, hostile, source, window, window_days):
        self.hostile, self.source, self.window = hostile, source, window
        self.window_days = window_days
        self._kept = {}

    def fetch(self, days) -> list:
        """The grounds of ``days`` then of their trends' dates, kept (those fetched
        before dropped); in that order."""
        self._kept = {}
        earlier = [day - datetime.timedelta(days=self.window_days) for day in days]
        for day in list(days) + earlier:
            if day not in self._kept:
                self._kept[day] = self.hostile.on(day, self.source, self.window)
        return [self._kept[day][0] for day in list(days) + earlier]

    def on(self, day):
        """``HostileGround.on`` for this source and window (the kept one when fetched)."""
        kept = self._kept.get(day)
        return kept if kept is not None else self.hostile.on(day, self.source, self.window)


class _BisectionSeries:
    """How dates were solved before the radius grid: by bisection from the last
    date's radius (not the trend's earlier dates'), once per set of snapshot
    features."""

    def __init__(self, solver):
        self.solver = solver
        self.hint = None
        self.results = {}

    def result(self, ground, fids, is_canceled, follow=True):
        key = tuple(sorted(fids))
        if key not in self.results:
            self.results[key] = self.solver.solve_by_bisection(ground, self.hint, is_canceled)
        if follow:
            self.hint = self.results[key].width_m / 2.0 if self.results[key].is_open else None
        return self.results[key]


class _GridSeries(CorridorSeries):
    """:class:`CorridorSeries` called as :class:`_BisectionSeries` is."""

    def result(self, ground, _fids, is_canceled, follow=True):  # noqa: D102
        return super().result(ground, is_canceled, "" if follow else "trend")
