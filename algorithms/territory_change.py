"""``situationmapper:territorychange``: ground gained and lost per period (day,
ISO week, month, or between given dates), per source and optionally per area
(see docs/domain.md; the maths is core/territory_change.py)."""

import datetime
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import geodesy
from ..core.date_selection import DateSelectionError, select_days
from ..core.occupied_share import km2, polygon_part
from ..core.territory_change import PERIOD_DATES, PERIOD_MONTH, PERIODS, Covering, \
    TerritoryChangeCalculator, periods_of
from ..infra.i18n import tr
from ..store import StoreError, fetch_geometries, location_of_layer, read_records, snapshot_days
from ..store import validate as validate_store
from .base import SituationMapperAlgorithm, fields_from, no_snapshot_note, qdate
from .share_series import ValidityIndex, areas_of_parameters

Day = datetime.date
Key = FrozenSet[int]

TABLE_FIELDS = (
    ("period_start", QVariant.Date), ("period_end", QVariant.Date), ("area", QVariant.String),
    ("source", QVariant.String), ("held_start_km2", QVariant.Double), ("held_end_km2", QVariant.Double),
    ("gained_km2", QVariant.Double), ("lost_km2", QVariant.Double), ("net_km2", QVariant.Double),
    ("km2_per_day", QVariant.Double), ("start_snapshot", QVariant.Date),
    ("end_snapshot", QVariant.Date), ("note", QVariant.String),
)
POLYGON_FIELDS = (
    ("period_start", QVariant.Date), ("period_end", QVariant.Date), ("area", QVariant.String),
    ("source", QVariant.String), ("km2", QVariant.Double), ("label", QVariant.String),
)


class TerritoryChangeAlgorithm(SituationMapperAlgorithm):
    """Ground gained and lost (km²) per period, source and area."""

    NAME = "territorychange"
    DISPLAY_NAME = "Ground gained and lost"
    GROUP = "Figures"
    GROUP_ID = "figures"
    HELP = (
        "Ground taken and given up per period, the figure monitors publish (\"N km² "
        "taken in November\"). For a period [start, end), a source and the STATUSES "
        "held: gained = area(held on end minus held on start), lost = area(held on "
        "start minus held on end), net = gained - lost, where the ground held on a "
        "day is the union of the features valid that day (a day without a snapshot "
        "of its own: the latest earlier one). All areas are ellipsoidal on WGS84 "
        "(km², whatever the layers' CRS).\n\n"
        "<b>AREAS</b> (optional): polygons (towns, districts); each gets its own rows, "
        "measured within it. Empty: all ground in the data (area NULL).\n"
        "<b>AREA_NAME_FIELD</b>: field naming the areas (empty: the feature id).\n"
        "<b>CONTROL</b>: a control layer (a situation store's control table, its "
        ".gpkg path, or any layer with valid_from, valid_to, status, source).\n"
        "<b>STATUSES</b>: comma-separated statuses of the held ground (default occupied).\n"
        "<b>PERIOD</b>: day; week (ISO week, Monday to Monday); month (1st to 1st); or "
        "dates (between consecutive dates of DATES).\n"
        "<b>SOURCES</b>: optional comma-separated sources to keep (empty: each source "
        "on its own rows; sources are never merged).\n"
        "<b>DATES</b>: which periods. With day, week or month: every period from the one "
        "holding the first selected date to the one holding the last (empty or all: "
        "the whole series). With dates: the periods between consecutive selected "
        "dates (e.g. 2025-11-01,2025-12-01).\n\n"
        "<b>TABLE</b>: one row per period × area × source: period_start, period_end "
        "(exclusive), area, source, held_start_km2, held_end_km2, gained_km2, "
        "lost_km2, net_km2, km2_per_day (net divided by the period's days), "
        "start_snapshot and end_snapshot (the snapshots used), note. A period whose "
        "start has no valid snapshot (before the first one) gets NULL figures and a "
        "note; a period ending after the last snapshot is measured to that snapshot "
        "and says so in its note.\n"
        "<b>GAINED</b>, <b>LOST</b> (optional: written only when given a destination): "
        "the polygons gained and lost, one feature per period × area × source that "
        "changed, in EPSG:4326, with their km² and a label.\n\n"
        "How: only the control polygons' edges that changed between the two days are "
        "looked at (they enclose exactly what was gained and lost); a day on which "
        "nothing changed costs one comparison."
    )

    AREAS = "AREAS"
    AREA_NAME_FIELD = "AREA_NAME_FIELD"
    PERIOD = "PERIOD"
    TABLE = "TABLE"
    GAINED = "GAINED"
    LOST = "LOST"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREAS, tr("Areas (polygons; empty: all ground)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_NAME_FIELD, tr("Area name field (empty: feature id)"),
            parentLayerParameterName=self.AREAS, optional=True))
        self.addControlParameters(
            tr("Statuses of the held ground (comma separated)"),
            after_statuses=(QgsProcessingParameterEnum(
                self.PERIOD, tr("Period"), options=list(PERIODS), defaultValue=PERIOD_MONTH,
                usesStaticStrings=True),))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Ground gained and lost"), QgsProcessing.TypeVector))
        self.addParameter(self.optionalSink(
            self.GAINED, tr("Ground gained (polygons)"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(self.optionalSink(
            self.LOST, tr("Ground lost (polygons)"), QgsProcessing.TypeVectorPolygon))

    # -- inputs --------------------------------------------------------------------
    def _areas(self, parameters, context, feedback):
        """The areas of AREAS, or None when it is not given (all ground)."""
        if not parameters.get(self.AREAS):
            return None
        return areas_of_parameters(self, parameters, context, feedback)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas = self._areas(parameters, context, feedback)
        control = self.parameterAsControlLayer(parameters, "CONTROL", context)
        statuses = self.parameterAsWords(parameters, "STATUSES", context)
        if not statuses:
            raise QgsProcessingException(tr("STATUSES is empty: give at least one status, e.g. occupied."))
        sources_wanted = self.parameterAsWords(parameters, "SOURCES", context)
        kind = self.parameterAsEnumString(parameters, self.PERIOD, context) or PERIOD_MONTH
        records = [r for r in read_records(control) if r.status in statuses
                   and (not sources_wanted or r.source in sources_wanted)]
        if not records:
            raise QgsProcessingException(tr("Layer '{}' has no control feature with status {}{}.").format(
                control.name(), ", ".join(statuses),
                tr(" from source {}").format(", ".join(sources_wanted)) if sources_wanted else ""))
        days_text = self.parameterAsString(parameters, "DATES", context)
        try:
            days = select_days(days_text, snapshot_days(records))
        except DateSelectionError as error:
            raise QgsProcessingException(tr("DATES: {}").format(error)) from error
        periods = periods_of(kind, days)
        if not periods:
            raise QgsProcessingException(
                tr("PERIOD dates needs at least two dates in DATES ('{}' selects {}).").format(
                    days_text, len(days)) if kind == PERIOD_DATES else
                tr("DATES '{}' selects no day.").format(days_text))

        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        sinks = self.parameterAsSinks(parameters, context, (
            (self.TABLE, fields_from(TABLE_FIELDS), QgsWkbTypes.NoGeometry),
            (self.GAINED, fields_from(POLYGON_FIELDS), QgsWkbTypes.MultiPolygon),
            (self.LOST, fields_from(POLYGON_FIELDS), QgsWkbTypes.MultiPolygon)), wgs84)
        table, gained_sink, lost_sink = (sinks[name][0] for name in (self.TABLE, self.GAINED, self.LOST))
        results = self.sinkResults(sinks)
        keep_geometry = gained_sink is not None or lost_sink is not None

        sources = sorted({r.source for r in records})
        feedback.pushInfo(tr("{} periods ({}), {} sources ({}), {}.").format(
            len(periods), kind, len(sources), ", ".join(sources),
            tr("{} areas").format(len(areas)) if areas is not None else tr("all ground")))
        calculator = TerritoryChangeCalculator(areas)
        ground = HeldGround(control, records, calculator, wgs84, context)
        # which features are held on each period end, by source
        ends: Dict[Tuple[str, Day], Tuple[Optional[Key], Optional[Day]]] = {}
        for source in sources:
            validity = ValidityIndex([r for r in records if r.source == source])
            for start, end in periods:
                for day in (start, end):
                    valid = validity.valid_on(day)
                    ends[(source, day)] = ((frozenset(r.fid for r in valid),
                                            max(r.valid_from for r in valid)) if valid else (None, None))
        feedback.setProgress(5)
        keys = sorted({key for key, _snapshot in ends.values() if key is not None},
                      key=lambda key: min(ground.start_of(fid) for fid in key) if key else Day.min)
        ground.fetch([fid for key in keys for fid in key], feedback)
        if feedback.isCanceled():
            return results
        for note in ground.repair_notes():
            feedback.pushWarning(note)
        coverings = {key: ground.covering(key) for key in keys}
        feedback.setProgress(15)
        calculator.held_m2([coverings[key] for key in keys], is_canceled=feedback.isCanceled)
        if feedback.isCanceled():
            return results
        feedback.setProgress(30)

        names = [area.name for area in areas] if areas is not None else [None]
        last_snapshot = {source: max(r.valid_from for r in records if r.source == source) for source in sources}
        changes = self._measure_changes(calculator, coverings, ends, periods, sources, keep_geometry, feedback)
        if changes is None:
            return results
        feedback.setProgress(70)
        rows, gained_features, lost_features = [], [], []
        for number, (start, end) in enumerate(periods):
            if feedback.isCanceled():
                return results
            measured = []
            for source in sources:
                (key_a, snap_a), (key_b, snap_b) = ends[(source, start)], ends[(source, end)]
                note = ""
                change = None
                if key_a is None or key_b is None:
                    note = no_snapshot_note(records, start if key_a is None else end, source)
                else:
                    change = changes[(key_a, key_b)]
                    if end > last_snapshot[source]:
                        note = tr("the period ends after the last {} snapshot ({}): measured to it").format(
                            source, last_snapshot[source].isoformat())
                measured.append((source, key_a, key_b, snap_a, snap_b, change, note))
            for index, name in enumerate(names):
                for source, key_a, key_b, snap_a, snap_b, change, note in measured:
                    rows.append(self._row(start, end, name, source, index, coverings, key_a, key_b,
                                          snap_a, snap_b, change, note, areas))
                    area_change = change[index] if change is not None else None
                    if area_change is not None and keep_geometry:
                        for sink_features, geometry, km2_value, what in (
                                (gained_features, area_change.gained, area_change.gained_m2, tr("gained")),
                                (lost_features, area_change.lost, area_change.lost_m2, tr("lost"))):
                            if geometry is not None and not geometry.isEmpty():
                                sink_features.append(self._polygon(
                                    start, end, name, source, geometry, km2(km2_value), what))
            feedback.setProgress(70 + 25 * (number + 1) / len(periods))
        for sink, features, output in ((table, rows, self.TABLE), (gained_sink, gained_features, self.GAINED),
                                       (lost_sink, lost_features, self.LOST)):
            if sink is not None and features and not sink.addFeatures(features, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, output))
        feedback.pushInfo(tr("{} rows; {} distinct pairs of days compared, {} of them from the changed "
                             "edges alone.").format(len(rows), len(changes), calculator.by_edges))
        feedback.setProgress(100)
        return results

    @staticmethod
    def _measure_changes(calculator, coverings, ends, periods, sources, keep_geometry, feedback):
        """``{(key on start, key on end): changes}`` of every pair of days the
        periods need, measured in one batch; None when canceled."""
        named: Dict[Tuple[Key, Key], Tuple[str, Day, Day]] = {}
        for start, end in periods:
            for source in sources:
                key_a, key_b = ends[(source, start)][0], ends[(source, end)][0]
                if key_a is not None and key_b is not None and (key_a, key_b) not in named:
                    named[(key_a, key_b)] = (source, start, end)
        pairs = list(named)
        try:
            measured = calculator.changes([(coverings[a], coverings[b]) for a, b in pairs], keep_geometry,
                                          is_canceled=feedback.isCanceled)
        except Exception:  # a broken geometry: measured pair by pair to name its period
            measured = []
            for key_a, key_b in pairs:
                try:
                    measured.append(calculator.change(coverings[key_a], coverings[key_b], keep_geometry))
                except Exception as error:
                    source, start, end = named[(key_a, key_b)]
                    raise QgsProcessingException(tr("{} from {} to {} (control features {}, {}): {}").format(
                        source, start.isoformat(), end.isoformat(), ", ".join(map(str, sorted(key_a))),
                        ", ".join(map(str, sorted(key_b))), error)) from error
        if feedback.isCanceled():
            return None
        return dict(zip(pairs, measured))

    @staticmethod
    def _row(start, end, name, source, index, coverings, key_a, key_b, snap_a, snap_b, change, note, areas):
        held_start = held_end = gained = lost = net = per_day = None
        area_change = change[index] if change is not None else None
        if area_change is not None:
            held_start = km2(coverings[key_a].held[index])
            held_end = km2(coverings[key_b].held[index])
            gained, lost = km2(area_change.gained_m2), km2(area_change.lost_m2)
            net = gained - lost
            per_day = net / max(1, (end - start).days)
        elif change is not None and areas is not None:
            note = "; ".join(n for n in (areas[index].note, tr("the area has no area")) if n)
        feature = QgsFeature()
        feature.setAttributes([qdate(start), qdate(end), name, source, held_start, held_end, gained, lost,
                               net, per_day, qdate(snap_a), qdate(snap_b), note or None])
        return feature

    @staticmethod
    def _polygon(start, end, name, source, geometry, km2_value, what):
        feature = QgsFeature(fields_from(POLYGON_FIELDS))
        feature.setGeometry(geometry)
        label = tr("{}{:.2f} km² {}, {} to {} ({})").format(
            (name + ": ") if name else "", km2_value, what, start.isoformat(), end.isoformat(), source)
        feature.setAttributes([qdate(start), qdate(end), name, source, km2_value, label])
        return feature


class HeldGround:
    """The control geometries a run needs, fetched once (EPSG:4326, repaired
    when invalid and not from a checked situation store), and the coverings of
    sets of features."""

    def __init__(self, layer, records, calculator: TerritoryChangeCalculator, wgs84, context):
        self.layer = layer
        self.calculator = calculator
        self.by_fid = {r.fid: r for r in records}
        self.geometries: Dict[int, object] = {}
        self.repaired: List[Tuple[int, str]] = []
        self.transform = None
        if layer.crs().isValid() and layer.crs() != wgs84:
            self.transform = QgsCoordinateTransform(layer.crs(), wgs84, context.transformContext())
        self.checks_validity = True
        location = location_of_layer(layer)
        if location:
            try:
                validate_store(location)
                self.checks_validity = False  # its import checked every geometry
            except (StoreError, OSError):
                pass

    def start_of(self, fid: int) -> Day:
        return self.by_fid[fid].valid_from

    def fetch(self, fids: Sequence[int], feedback) -> None:
        missing = sorted({fid for fid in fids if fid not in self.geometries})
        for first in range(0, len(missing), 500):
            if feedback.isCanceled():
                return
            chunk = missing[first:first + 500]
            fetched = fetch_geometries(self.layer, chunk)
            for fid in chunk:
                geometry = fetched.get(fid)
                if geometry is not None and self.transform is not None:
                    geometry.transform(self.transform)
                if geometry is not None and self.checks_validity and not geometry.isNull() \
                        and not geometry.isGeosValid():
                    self.repaired.append((fid, geometry.lastError() or tr("invalid")))
                    geometry = polygon_part(geometry.makeValid())
                self.geometries[fid] = geometry

    def covering(self, key: Key) -> Covering:
        return self.calculator.covering([self.geometries.get(fid) for fid in sorted(key)])

    def repair_notes(self, limit: int = 5) -> List[str]:
        notes = []
        for fid, reason in self.repaired[:limit]:
            record = self.by_fid[fid]
            notes.append(tr("Control feature {} ({}, {}, from {}) is not a valid polygon ({}): "
                            "measured as repaired.").format(
                fid, record.source, record.status, record.valid_from.isoformat(), reason))
        if len(self.repaired) > limit:
            notes.append(tr("… and {} more invalid control features, repaired the same way.").format(
                len(self.repaired) - limit))
        return notes
