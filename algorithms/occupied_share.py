"""``situationmapper:occupiedshare``: the occupied share of areas, date by date
and source by source (see docs/domain.md for the definition)."""

import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.date_selection import DateSelectionError, select_days
from ..infra.i18n import tr
from ..store import StoreError, is_team_store, location_of_layer
from .base import SituationMapperAlgorithm, fields_from
from .share_backends import METHOD_AUTO, METHOD_DATABASE, METHODS, choose_backend
from .share_rows import write_share_rows
from .share_series import ShareSeries, areas_of_parameters

Day = datetime.date

OUTPUT_FIELDS = (
    ("date", QVariant.Date), ("area", QVariant.String), ("source", QVariant.String),
    ("area_km2", QVariant.Double), ("occupied_km2", QVariant.Double),
    ("occupied_pct", QVariant.Double), ("upper_km2", QVariant.Double),
    ("upper_pct", QVariant.Double), ("change_pct", QVariant.Double),
    ("snapshot_date", QVariant.Date), ("note", QVariant.String),
)


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
        self.addControlParameters(
            tr("Statuses counted as occupied (comma separated)"),
            after_statuses=(QgsProcessingParameterString(
                self.UPPER_STATUSES, tr("Statuses added for the upper bound (e.g. contested)"),
                optional=True),))
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
        rows = write_share_rows(sink, series, days, feedback)
        if rows is None:
            return {self.OUTPUT: dest_id}
        if rows < 0:
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        feedback.pushInfo(tr("{} rows: {} dates × {} areas × {} sources ({}).").format(
            rows, len(days), len(series.areas), len(series.sources),
            tr("measured in the database") if series.database_location else
            tr("measured from the changed edges; {} area-days by GEOS overlay").format(
                series.calculator.overlays)))
        feedback.setProgress(100)
        return {self.OUTPUT: dest_id, self.MEASURED_ON: series.measured_on}

    # -- shared with compareclaims ------------------------------------------------
    def prepare_series(self, parameters, context, feedback, with_days=True):
        """Read the areas and the control layer; the ShareSeries and the days
        (none when ``with_days`` is False: the caller picks them)."""
        areas = areas_of_parameters(self, parameters, context, feedback)
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
