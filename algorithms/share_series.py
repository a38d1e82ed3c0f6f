"""The occupied share's series bookkeeping: which control features are valid on
each day and source, which distinct coverings a run needs, and where they are
measured (on the desktop by core.occupied_share, or inside a PostGIS store);
the rows of the occupiedshare and compareclaims algorithms come from here."""

import datetime
from bisect import bisect_right
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSource,
)

from ..core import geodesy
from ..core.occupied_share import (
    AreaOfInterest,
    OccupiedShareCalculator,
    make_area,
    polygon_part,
    share_percent,
)
from ..infra.i18n import tr
from ..store import ControlRecord, StoreError, fetch_geometries, location_of_layer, read_records, snapshot_days
from ..store import validate as validate_store
from .base import no_snapshot_note
from .share_backends import measure_sets_in_database

Day = datetime.date


def areas_of_parameters(algorithm, parameters, context, feedback) -> List[AreaOfInterest]:
    """The areas ``algorithm``'s AREAS and AREA_NAME_FIELD name (see
    :func:`read_areas`); QgsProcessingException for a missing source, an unknown
    name field or no feature."""
    source = algorithm.parameterAsSource(parameters, algorithm.AREAS, context)
    if source is None:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, algorithm.AREAS))
    name_field = algorithm.parameterAsString(parameters, algorithm.AREA_NAME_FIELD, context)
    if name_field and source.fields().indexOf(name_field) < 0:
        raise QgsProcessingException(
            tr("The areas have no field '{}' (AREA_NAME_FIELD).").format(name_field))
    areas = read_areas(source, name_field, context, feedback)
    if not areas:
        raise QgsProcessingException(tr("The areas layer has no features."))
    return areas


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
            note = no_snapshot_note(records, day, source)
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
