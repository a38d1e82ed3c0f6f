"""``situationmapper:occupiedshare``: the occupied share of areas, date by date
and source by source (see docs/domain.md for the definition)."""

import datetime
from bisect import bisect_right
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingFeatureSource,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from ..core import geodesy
from ..core.date_selection import DateSelectionError, select_days
from ..infra.i18n import tr
from ..core.occupied_share import (
    AreaOfInterest,
    OccupiedShareCalculator,
    km2,
    make_area,
    polygon_part,
    share_percent,
)
from ..store import ControlRecord, fetch_geometries, read_records, snapshot_days
from ..store import StoreError
from ..store import is_team_store, location_of_layer
from ..store import validate as validate_store
from .base import SituationMapperAlgorithm, fields_from
from .share_backends import METHOD_AUTO, METHOD_DATABASE, METHODS, choose_backend, measure_sets_in_database

Day = datetime.date

OUTPUT_FIELDS = (
    ("date", QVariant.Date), ("area", QVariant.String), ("source", QVariant.String),
    ("area_km2", QVariant.Double), ("occupied_km2", QVariant.Double),
    ("occupied_pct", QVariant.Double), ("upper_km2", QVariant.Double),
    ("upper_pct", QVariant.Double), ("change_pct", QVariant.Double),
    ("snapshot_date", QVariant.Date), ("note", QVariant.String),
)


def read_areas(source, name_field: str, context, feedback) -> List[AreaOfInterest]:
    """The polygons of a feature source as areas in EPSG:4326, repaired when
    invalid (each repair reported with the feature's name)."""
    request = QgsFeatureRequest().setDestinationCrs(
        QgsCoordinateReferenceSystem(geodesy.WGS84_CRS), context.transformContext())
    distance_area = geodesy.wgs84_distance_area()
    areas = []
    # validity is checked here, so that invalid areas are repaired rather than skipped
    for feature in source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks):
        name = feature[name_field] if name_field else None
        name = str(feature.id()) if name is None or str(name) == "NULL" or str(name) == "" else str(name)
        area = make_area(name, feature.geometry(), key=feature.id(), distance_area=distance_area)
        if area.note:
            feedback.pushWarning(tr("Area '{}' (feature {}): {}.").format(name, feature.id(), area.note))
        if area.area_m2 <= 0.0:
            area.note = "; ".join(n for n in (area.note, tr("the area has no area: no share")) if n)
            feedback.pushWarning(tr("Area '{}' (feature {}) has zero area: its shares are NULL.").format(
                name, feature.id()))
        areas.append(area)
    return areas


@dataclass
class ShareRow:
    """One measured row: a date, an area, a source (areas in m², shares in percent)."""

    day: Day
    area_index: int
    source: str
    occupied_m2: Optional[float]
    occupied_pct: Optional[float]
    upper_m2: Optional[float]
    upper_pct: Optional[float]
    snapshot_day: Optional[Day]
    note: str = ""
    change_pct: Optional[float] = None


@dataclass
class DayMeasure:
    """What :meth:`ShareSeries.measure` finds for one day and source (m²)."""

    occupied_m2: List[Optional[float]]
    upper_m2: List[Optional[float]]
    snapshot_day: Optional[Day]
    note: str
    message: Optional[str]


class ValidityIndex:
    """The records valid on any day, found by bisection: the valid set is
    constant between two consecutive change days (a valid_from or valid_to)."""

    def __init__(self, records: Sequence[ControlRecord]):
        changes = sorted({r.valid_from for r in records} | {r.valid_to for r in records if r.valid_to})
        starting: Dict[Day, List[ControlRecord]] = {}
        ending: Dict[Day, List[ControlRecord]] = {}
        for record in records:
            starting.setdefault(record.valid_from, []).append(record)
            if record.valid_to:
                ending.setdefault(record.valid_to, []).append(record)
        active: Dict[int, ControlRecord] = {}
        self.change_days = changes
        self.valid_sets: List[List[ControlRecord]] = []
        for day in changes:
            for record in ending.get(day, []):
                active.pop(record.fid, None)
            for record in starting.get(day, []):
                if record.valid_to is None or record.valid_to > day:
                    active[record.fid] = record
            self.valid_sets.append(list(active.values()))

    def valid_on(self, day: Day) -> List[ControlRecord]:
        index = bisect_right(self.change_days, day)
        return self.valid_sets[index - 1] if index else []


class ShareSeries:
    """Measures shares of ``areas`` in a control layer, for any days and sources.

    Control geometries are fetched once, clipped once to the areas' extent and
    kept clipped; the covering of a set of features is built once and measured
    once, whichever days and sources ask for it. :meth:`measure_days` measures
    the coverings of many days in one batch (in threads); :meth:`measure` and
    :meth:`rows_for` then only look results up.
    """

    def __init__(self, control_layer, areas: Sequence[AreaOfInterest], statuses: Sequence[str],
                 upper_statuses: Sequence[str] = (), sources: Sequence[str] = ()):
        # set by use_database(): a PostGIS store measuring the coverings itself
        self.database_location: Optional[str] = None
        self.measured_on = ""  # on a PostGIS store: where it was measured and why
        self._calculator: Optional[OccupiedShareCalculator] = None
        self.layer = control_layer
        self.areas = list(areas)
        self.statuses = list(statuses)
        self.upper_statuses = list(upper_statuses)
        wanted = set(self.statuses) | set(self.upper_statuses)
        self.records = [r for r in read_records(control_layer) if r.status in wanted
                        and (not sources or r.source in sources)]
        self.sources = sorted({r.source for r in self.records})
        self._clipped: Dict[int, object] = {}
        self._checks_validity: Optional[bool] = None
        self.repaired: List[Tuple[int, str]] = []  # control features repaired before measuring
        self._measured: Dict[FrozenSet[int], List[Optional[float]]] = {}
        self._by_source = {s: [r for r in self.records if r.source == s] for s in self.sources}
        self._validity = {s: ValidityIndex(records) for s, records in self._by_source.items()}

    @property
    def calculator(self) -> OccupiedShareCalculator:
        """The desktop measurer (its area outlines are prepared on first use
        only: a run measured in the database never needs them)."""
        if self._calculator is None:
            self._calculator = OccupiedShareCalculator(self.areas)
        return self._calculator

    def use_database(self, location: str) -> None:
        """Measure the coverings inside the PostGIS store ``location`` (the one
        the control layer reads) instead of on the desktop."""
        self.database_location = location

    def snapshot_days(self) -> List[Day]:
        return snapshot_days(self.records)

    def sets_for(self, days: Sequence[Day]) -> Dict[FrozenSet[int], List[ControlRecord]]:
        """Every distinct set of control features ``days`` need measured (all
        sources; occupied and, with upper statuses, occupied + upper), not yet measured."""
        keys: Dict[FrozenSet[int], List[ControlRecord]] = {}
        for source in self.sources:
            validity = self._validity[source]
            for day in days:
                valid = validity.valid_on(day)
                if not valid:
                    continue
                for records in ([r for r in valid if r.status in self.statuses],
                                valid if self.upper_statuses else None):
                    if records is None:
                        continue
                    key = frozenset(r.fid for r in records)
                    if key not in self._measured and key not in keys:
                        keys[key] = records
        return keys

    @property
    def checks_validity(self) -> bool:
        """Whether control geometries are checked (and repaired) before measuring:
        not for a situation store, whose import checked every geometry."""
        if self._checks_validity is None:
            location = location_of_layer(self.layer)
            self._checks_validity = True
            if location:
                try:
                    validate_store(location)
                    self._checks_validity = False
                except (StoreError, OSError):
                    pass
        return self._checks_validity

    def prefetch(self, feedback=None):
        """Fetch and clip every geometry the records may need, in one request
        (nothing to fetch when the database measures)."""
        if self.database_location:
            return
        missing = [r.fid for r in self.records if r.fid not in self._clipped]
        for start in range(0, len(missing), 500):
            if feedback is not None and feedback.isCanceled():
                return
            self._clip_fetched(missing[start:start + 500])

    def _clip_fetched(self, fids: Sequence[int]) -> None:
        """Fetch and clip the geometries of ``fids`` (repaired first when invalid:
        the measuring sums edges, which an invalid polygon would miscount)."""
        geometries = fetch_geometries(self.layer, fids)
        for fid in fids:
            geometry = geometries.get(fid)
            if geometry is not None and self.checks_validity and not geometry.isNull() \
                    and not geometry.isGeosValid():
                self.repaired.append((fid, geometry.lastError() or tr("invalid")))
                geometry = polygon_part(geometry.makeValid())
            self._clipped[fid] = self.calculator.clip([geometry] if geometry is not None else [])

    def repair_notes(self, limit: int = 5) -> List[str]:
        """One sentence per control feature repaired before measuring (the first ``limit``)."""
        by_fid = {record.fid: record for record in self.records}
        notes = []
        for fid, reason in self.repaired[:limit]:
            record = by_fid.get(fid)
            notes.append(tr("Control feature {} ({}, {}, from {}) is not a valid polygon ({}): "
                            "measured as repaired.").format(
                fid, record.source if record else "?", record.status if record else "?",
                record.valid_from.isoformat() if record else "?", reason))
        if len(self.repaired) > limit:
            notes.append(tr("… and {} more invalid control features, repaired the same way.").format(
                len(self.repaired) - limit))
        return notes

    def measure_days(self, days: Sequence[Day], feedback=None) -> None:
        """Measure, in one batch, every covering ``days`` need (all sources),
        so that :meth:`measure` on those days only looks results up. Each
        distinct set of features is measured once; see
        OccupiedShareCalculator.covered_series."""
        keys = self.sets_for(days)
        if not keys:
            return
        is_canceled = feedback.isCanceled if feedback is not None else None
        if self.database_location:
            self._measured.update(self._measure_in_database(list(keys), is_canceled))
            return
        self._clip_missing([fid for key in keys for fid in key])
        ordered = list(keys)
        coverings = [self._covering(key) for key in ordered]
        try:
            measured = self.calculator.covered_series(coverings, is_canceled=is_canceled)
        except ValueError:
            return  # measured day by day instead, so that the error names its day and source
        if is_canceled is not None and is_canceled():
            return
        self._measured.update(zip(ordered, measured))

    def _clip_missing(self, fids: Iterable[int]) -> None:
        missing = sorted({fid for fid in fids if fid not in self._clipped})
        if missing:
            self._clip_fetched(missing)

    def _covering(self, key: FrozenSet[int]):
        parts = [self._clipped[fid] for fid in sorted(key)]
        return self.calculator.clip(parts) if len(parts) > 1 else (parts[0] if parts else None)

    def covered_m2(self, records: Sequence[ControlRecord]) -> List[Optional[float]]:
        """Square metres of each area under the union of ``records``' features."""
        key = frozenset(r.fid for r in records)
        if key not in self._measured and self.database_location:
            self._measured.update(self._measure_in_database([key]))
        if key not in self._measured:
            self._clip_missing(key)
            self._measured[key] = self.calculator.covered_m2(self._covering(key))
        return self._measured[key]

    def _measure_in_database(self, keys: Sequence[FrozenSet[int]], is_canceled=None):
        try:
            return measure_sets_in_database(self.database_location, self.areas, keys, is_canceled)
        except StoreError as error:
            raise QgsProcessingException(tr("The database could not measure the shares: {}").format(
                error)) from error

    def measure(self, day: Day, source: str) -> "DayMeasure":
        """Covered square metres of every area for one day and source, the
        snapshot date used, a note for rows without a snapshot and a message
        when the snapshot used is from an earlier day (or missing)."""
        records = self._by_source.get(source, [])
        valid = self._validity[source].valid_on(day) if source in self._validity else []
        if not valid:
            earlier = [r for r in records if r.valid_from <= day]
            if earlier:
                last = max(earlier, key=lambda r: r.valid_from)
                note = tr("no {} snapshot valid on {} (the last one, of {}, ended on {})").format(
                    source, day.isoformat(), last.valid_from.isoformat(),
                    last.valid_to.isoformat() if last.valid_to else "?")
            else:
                note = tr("no snapshot on or before {} from {}").format(day.isoformat(), source)
            nothing = [None] * len(self.areas)
            return DayMeasure(nothing, nothing, None, note, note)
        snapshot_day = max(r.valid_from for r in valid)
        lower = [r for r in valid if r.status in self.statuses]
        try:
            occupied = self.covered_m2(lower)
            upper = self.covered_m2(valid) if self.upper_statuses else [None] * len(self.areas)
        except ValueError as error:
            raise QgsProcessingException(tr("{} on {} (control features {}): {}.").format(
                source, day.isoformat(), ", ".join(str(r.fid) for r in valid), error)) from error
        message = None
        if snapshot_day != day:
            message = tr("{}: no {} snapshot on that day; the one of {} is used.").format(
                day.isoformat(), source, snapshot_day.isoformat())
        return DayMeasure(occupied, upper, snapshot_day, "", message)

    def rows_for(self, day: Day, source: str) -> Tuple[List[ShareRow], Optional[str]]:
        """Rows of every area for one day and source, and a message when the
        snapshot used is from an earlier day (or missing)."""
        measure = self.measure(day, source)
        rows = []
        for index, area in enumerate(self.areas):
            occupied, upper = measure.occupied_m2[index], measure.upper_m2[index]
            rows.append(ShareRow(
                day, index, source, occupied, share_percent(occupied, area.area_m2),
                upper, share_percent(upper, area.area_m2), measure.snapshot_day,
                self.area_note(index, measure.note)))
        return rows, measure.message

    def area_note(self, index: int, note: str) -> str:
        """The note column of area ``index``: its own note (a repair) and ``note``."""
        return "; ".join(n for n in (self.areas[index].note, note) if n)


def add_changes(rows: Sequence[ShareRow]) -> None:
    """Set ``change_pct``: points since the previous row of the same area and
    source (rows in date order); None when either share is unknown."""
    previous: Dict[Tuple[int, str], Optional[float]] = {}
    for row in rows:
        key = (row.area_index, row.source)
        before = previous.get(key)
        row.change_pct = (row.occupied_pct - before
                          if before is not None and row.occupied_pct is not None else None)
        previous[key] = row.occupied_pct


def qdate(day: Optional[Day], cache: Optional[Dict[Day, QDate]] = None):
    """A QDate of a Python date (None stays None); with ``cache``, built once
    per day (feature attributes take a copy, so sharing it is safe)."""
    if day is None:
        return None
    if cache is None:
        return QDate(day.year, day.month, day.day)
    value = cache.get(day)
    if value is None:
        value = cache[day] = QDate(day.year, day.month, day.day)
    return value


class OccupiedShareAlgorithm(SituationMapperAlgorithm):
    """Occupied share (percent and km²) of each area, by date and source."""

    NAME = "occupiedshare"
    DISPLAY_NAME = "Occupied share"
    GROUP = "Figures"
    GROUP_ID = "figures"
    ICON = "situation_mapper"
    HELP = (
        "Occupied share of each area on each date, separately for each source:\n"
        "area(area ∩ union of the control features of STATUSES valid on the date) / "
        "area(area) × 100. All areas are ellipsoidal on WGS84 (km², whatever the "
        "layers' CRS).\n\n"
        "<b>AREAS</b>: polygons (towns, districts, municipalities), any CRS. Invalid "
        "polygons are repaired and named in the log; an area with zero area gets "
        "rows with NULL shares and a note.\n"
        "<b>AREA_NAME_FIELD</b>: field naming the areas (empty: the feature id).\n"
        "<b>CONTROL</b>: a control layer (a situation store's control table, its "
        ".gpkg path, or any layer with valid_from, valid_to, status, source).\n"
        "<b>STATUSES</b>: comma-separated statuses counted as occupied (default "
        "occupied).\n"
        "<b>UPPER_STATUSES</b>: optional statuses added for an upper bound, e.g. "
        "contested: upper = occupied + contested.\n"
        "<b>SOURCES</b>: optional comma-separated sources to keep (empty: all). "
        "Sources are never merged: each gets its own rows.\n"
        "<b>DATES</b>: empty or all (every snapshot date), 2025-11-20 (one day), "
        "2025-10-01..2025-11-30 (snapshot dates in a range), 2025-11-20/7 (every "
        "7th day from then), combinable with commas. A day with no snapshot uses "
        "the latest earlier one (shown in snapshot_date); a day before the first "
        "snapshot gets NULL values and the note 'no snapshot on or before'.\n\n"
        "<b>METHOD</b> (advanced; PostGIS stores only): where the shares are "
        "measured: auto (default: whichever is expected to finish first, from the "
        "rows, vertices and network rate the database reports; a single day "
        "usually in the database, weeks or more on the desktop), desktop, "
        "or database (ST_Intersection and ST_Area on geography). Both agree "
        "within 0.05 percentage points; the log and the MEASURED_ON output say "
        "which was used and why.\n\n"
        "<b>OUTPUT</b>: a table, one row per date × area × source: date, area, "
        "source, area_km2, occupied_km2, occupied_pct (percent), upper_km2 and "
        "upper_pct (NULL without UPPER_STATUSES), change_pct (percentage points "
        "since the previous row of the same area and source), snapshot_date, note.\n\n"
        "How: each day is measured from the control polygons' edges that changed "
        "since the day before (the ellipsoidal area is a sum over edges), so a "
        "long series costs little more than one day."
    )

    AREAS = "AREAS"
    AREA_NAME_FIELD = "AREA_NAME_FIELD"
    CONTROL = "CONTROL"
    STATUSES = "STATUSES"
    UPPER_STATUSES = "UPPER_STATUSES"
    SOURCES = "SOURCES"
    DATES = "DATES"
    METHOD = "METHOD"
    MEASURED_ON = "MEASURED_ON"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREAS, tr("Areas (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_NAME_FIELD, tr("Area name field (empty: feature id)"),
            parentLayerParameterName=self.AREAS, optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.CONTROL, tr("Control layer or store"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterString(
            self.STATUSES, tr("Statuses counted as occupied (comma separated)"),
            defaultValue="occupied"))
        self.addParameter(QgsProcessingParameterString(
            self.UPPER_STATUSES, tr("Statuses added for the upper bound (e.g. contested)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SOURCES, tr("Sources (comma separated; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DATES, tr("Dates (empty/all, 2025-11-20, a..b, start/step)"), optional=True,
            defaultValue=""))
        method = QgsProcessingParameterEnum(
            self.METHOD, tr("Where to measure (PostGIS stores)"), options=list(METHODS),
            defaultValue=METHOD_AUTO, usesStaticStrings=True)
        method.setFlags(method.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(method)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Occupied share"), QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputString(
            self.MEASURED_ON, tr("Where it was measured (PostGIS stores: desktop or database, and why)")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """METHOD database needs a PostGIS store as CONTROL: said before anything runs."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok or self.parameterDefinition(self.METHOD) is None:
            return ok, message
        if self.parameterAsEnumString(parameters, self.METHOD, context) == METHOD_DATABASE \
                and not self._store_location(parameters, context):
            return False, tr("METHOD database needs CONTROL to be a PostGIS situation store.")
        return ok, message

    def _store_location(self, parameters, context, control=None) -> str:
        """The PostGIS store CONTROL reads (its location), or "" for any other control."""
        raw = parameters.get(self.CONTROL)
        if isinstance(raw, str) and is_team_store(raw):
            return raw.strip()
        if control is None:
            control = self.parameterAsVectorLayer(parameters, self.CONTROL, context)
        location = location_of_layer(control)
        return location if is_team_store(location) else ""

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        series, days = self.prepare_series(parameters, context, feedback)
        fields = fields_from(OUTPUT_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                             QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        feedback.setProgress(5)
        series.prefetch(feedback)
        feedback.setProgress(10)
        series.measure_days(days, feedback)
        if feedback.isCanceled():
            return {self.OUTPUT: dest_id}
        for note in series.repair_notes():
            feedback.pushWarning(note)
        feedback.setProgress(80)
        areas = series.areas
        area_km2 = [km2(area.area_m2) for area in areas]
        notes: Dict[str, List[Optional[str]]] = {}  # per day note: each area's note column
        # rows come out in (date, area, source) order: change_pct follows the previous one
        previous: Dict[Tuple[int, str], Optional[float]] = {}
        features = []
        total = max(1, len(days))
        for number, day in enumerate(days):
            if feedback.isCanceled():
                return {self.OUTPUT: dest_id}
            measured = []
            for source in series.sources:
                measure = series.measure(day, source)
                if measure.message:
                    feedback.pushInfo(measure.message)
                if measure.note not in notes:
                    notes[measure.note] = [series.area_note(index, measure.note) or None
                                           for index in range(len(areas))]
                measured.append((source, measure, notes[measure.note], qdate(measure.snapshot_day)))
            date = qdate(day)
            for index, area in enumerate(areas):
                for source, measure, area_notes, snapshot_date in measured:
                    occupied, upper = measure.occupied_m2[index], measure.upper_m2[index]
                    occupied_pct = share_percent(occupied, area.area_m2)
                    before = previous.get((index, source))
                    previous[(index, source)] = occupied_pct
                    feature = QgsFeature()
                    feature.setAttributes([
                        date, area.name, source, area_km2[index], km2(occupied), occupied_pct,
                        km2(upper), share_percent(upper, area.area_m2),
                        occupied_pct - before if before is not None and occupied_pct is not None else None,
                        snapshot_date, area_notes[index]])
                    features.append(feature)
            feedback.setProgress(80 + 15 * (number + 1) / total)
        if not sink.addFeatures(features, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        feedback.pushInfo(tr("{} rows: {} dates × {} areas × {} sources ({}).").format(
            len(features), len(days), len(series.areas), len(series.sources),
            tr("measured in the database") if series.database_location else
            tr("measured from the changed edges; {} area-days by GEOS overlay").format(
                series.calculator.overlays)))
        feedback.setProgress(100)
        return {self.OUTPUT: dest_id, self.MEASURED_ON: series.measured_on}

    # -- shared with compareclaims ------------------------------------------------
    def prepare_series(self, parameters, context, feedback, with_days=True):
        """Read the areas and the control layer; the ShareSeries and the days
        (none when ``with_days`` is False: the caller picks them)."""
        source = self.parameterAsSource(parameters, self.AREAS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.AREAS))
        name_field = self.parameterAsString(parameters, self.AREA_NAME_FIELD, context)
        if name_field and source.fields().indexOf(name_field) < 0:
            raise QgsProcessingException(
                tr("The areas have no field '{}' (AREA_NAME_FIELD).").format(name_field))
        areas = read_areas(source, name_field, context, feedback)
        if not areas:
            raise QgsProcessingException(tr("The areas layer has no features."))
        control = self.parameterAsControlLayer(parameters, self.CONTROL, context)
        statuses = self.parameterAsWords(parameters, self.STATUSES, context)
        if not statuses:
            raise QgsProcessingException(tr("STATUSES is empty: give at least one status, e.g. occupied."))
        upper = []
        if self.parameterDefinition(self.UPPER_STATUSES) is not None:
            upper = [s for s in self.parameterAsWords(parameters, self.UPPER_STATUSES, context)
                     if s not in statuses]
        sources = (self.parameterAsWords(parameters, self.SOURCES, context)
                   if self.parameterDefinition(self.SOURCES) is not None else [])
        series = ShareSeries(control, areas, statuses, upper, sources)
        if not series.records:
            raise QgsProcessingException(
                tr("Layer '{}' has no control feature with status {}{}.").format(
                    control.name(), ", ".join(statuses + upper),
                    tr(" from source {}").format(", ".join(sources)) if sources else ""))
        days = []
        if with_days:
            days_text = self.parameterAsString(parameters, self.DATES, context)
            try:
                days = select_days(days_text, series.snapshot_days())
            except DateSelectionError as error:
                raise QgsProcessingException(tr("DATES: {}").format(error)) from error
            if not days:
                raise QgsProcessingException(
                    tr("DATES '{}' selects no day (snapshots run from {} to {}).").format(
                        days_text, series.snapshot_days()[0], series.snapshot_days()[-1]))
        feedback.pushInfo(tr("{} areas, {} sources ({}), {} dates.").format(
            len(areas), len(series.sources), ", ".join(series.sources), len(days)))
        if with_days and self.parameterDefinition(self.METHOD) is not None:
            self._choose_backend(series, days, parameters, control, context, feedback)
        return series, days

    def _choose_backend(self, series: ShareSeries, days, parameters, control, context, feedback) -> None:
        """Measure in the database when METHOD says so, or (auto) when the store
        is PostGIS and the database is expected to finish first."""
        method = self.parameterAsEnumString(parameters, self.METHOD, context) or METHOD_AUTO
        location = self._store_location(parameters, context, control)
        fids = sorted({fid for key in series.sets_for(days) for fid in key})
        try:
            choice = choose_backend(method, location, series.areas, fids)
        except (ValueError, StoreError) as error:
            raise QgsProcessingException(str(error)) from error
        if choice.method == METHOD_DATABASE:
            series.use_database(location)
        series.measured_on = choice.explanation() if location else ""
        feedback.pushInfo(choice.explanation())
