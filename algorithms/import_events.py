"""``situationmapper:importevents``: dated, geolocated reports into a situation store."""

import os
from typing import Dict, List, Tuple

from qgis.core import (
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core.events import COLUMN_ROLES, Defaults, EventRowError, event_from_values, problems_text
from ..infra.i18n import tr
from ..infra.log import log
from ..store.schema import EVENTS_TABLE
from .store_writer import StoreWriterAlgorithm
from .event_rows import EventFileError, read_rows

# parameter -> the role (core/events.py) whose column it names
FIELD_PARAMETERS = (
    ("TIME_FIELD", "time", "Date or date-time column"),
    ("LON_FIELD", "lon", "Longitude column"),
    ("LAT_FIELD", "lat", "Latitude column"),
    ("WKT_FIELD", "wkt", "WKT geometry column"),
    ("TYPE_FIELD", "type", "Type column"),
    ("SIDE_FIELD", "side", "Side column"),
    ("SOURCE_FIELD", "source", "Source column"),
    ("URL_FIELD", "url", "URL column"),
    ("VERIFICATION_FIELD", "verification", "Verification column"),
    ("PRECISION_FIELD", "precision_m", "Precision (m) column"),
    ("STRENGTH_FIELD", "strength", "Strength column"),
    ("DESCRIPTION_FIELD", "description", "Description column"),
)
assert {role for _p, role, _l in FIELD_PARAMETERS} == set(COLUMN_ROLES)  # nosec B101 - one list of roles


class ImportEventsAlgorithm(StoreWriterAlgorithm):
    """Read an event file (CSV, GeoJSON, GeoPackage, Shapefile, KML/KMZ) into the
    ``events`` table of a situation store, checked row by row, all or nothing."""

    NAME = "importevents"
    DISPLAY_NAME = "Import events into a situation store"
    GROUP = "Situation layers"
    GROUP_ID = "situationlayers"
    HELP = (
        "Imports dated, geolocated reports (an infiltration group seen, a flag raised, a "
        "strike, a force estimate…) into the events table of a situation store, each "
        "with its source, URL and verification.\n\n"
        "<b>Event file</b> (INPUT): a CSV file with longitude and latitude columns (or a "
        "WKT column, in longitude/latitude), or a GeoJSON, GeoPackage, Shapefile, KML or "
        "KMZ file of points (a polygon or line gives its centroid; other coordinate "
        "systems are converted to EPSG:4326).\n"
        "Columns are found by their usual names: date, datetime, event_date, time "
        "(TIME_FIELD); lon, longitude, x (LON_FIELD); lat, latitude, y (LAT_FIELD); wkt "
        "(WKT_FIELD); type, event_type (TYPE_FIELD); side (SIDE_FIELD); source "
        "(SOURCE_FIELD); url, source_url, link (URL_FIELD); verification, status "
        "(VERIFICATION_FIELD); precision_m, precision (PRECISION_FIELD); strength "
        "(STRENGTH_FIELD); description, notes (DESCRIPTION_FIELD). Each *_FIELD "
        "parameter names the column to use instead.\n"
        "Dates are ISO dates (2025-11-20: the day, stored as 00:00 UTC) or ISO date-times "
        "(2025-11-20T14:05Z; an offset such as +02:00 is converted to UTC; a date-time "
        "without a zone is read as UTC).\n"
        "<b>Type</b> (TYPE, default 'other'), <b>Source</b> (SOURCE, empty: the file "
        "name), <b>Verification</b> (VERIFICATION, default 'unverified') and <b>Side</b> "
        "(SIDE, default 'unknown') fill what a row lacks. Types are an open vocabulary "
        "(infiltration, flag_raised, group_eliminated, strike, assault, force_estimate, "
        "other, or your own; 'Flag raised' is read as flag_raised). Verification is "
        "confirmed (geolocated footage or several independent sources), claimed (one "
        "party's statement), unverified or refuted; side is hostile, friendly or unknown.\n"
        "<b>Skip invalid rows</b> (SKIP_INVALID, default off): off, a file with any bad "
        "row is refused with a message naming each bad row by its line (or feature) and "
        "what is wrong, and the store is left exactly as it was; on, the good rows are "
        "imported and the bad ones listed.\n"
        "<b>Situation store</b> (OUTPUT): a GeoPackage store (created when missing) or a "
        "team store on PostGIS ('postgres:service=NAME schema=SITUATION'), written in one "
        "all-or-nothing transaction that holds the store's import lock.\n\n"
        "The same report (time, place, type, source, text and URL) is kept once: "
        "importing a file twice adds nothing. Text is kept exactly as written; a URL is "
        "stored as text and never opened. Refuted events stay in the store, shown as "
        "refuted.\n\n"
        "Outputs: OUTPUT (the store), IMPORTED (rows written), SKIPPED (bad rows left "
        "out), SKIPPED_ROWS (which, and why), DUPLICATES (already in the store or twice "
        "in the file), FIRST_TIME and LAST_TIME (of the rows written, ISO UTC)."
    )

    INPUT = "INPUT"
    TYPE = "TYPE"
    SOURCE = "SOURCE"
    VERIFICATION = "VERIFICATION"
    SIDE = "SIDE"
    SKIP_INVALID = "SKIP_INVALID"
    OUTPUT = "OUTPUT"
    IMPORTED = "IMPORTED"
    SKIPPED = "SKIPPED"
    SKIPPED_ROWS = "SKIPPED_ROWS"
    DUPLICATES = "DUPLICATES"
    FIRST_TIME = "FIRST_TIME"
    LAST_TIME = "LAST_TIME"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, tr("Event file"), QgsProcessingParameterFile.File,
            fileFilter=tr("Event files (*.csv *.txt *.geojson *.json *.gpkg *.shp *.kml *.kmz *.fgb)")))
        for name, _role, label in FIELD_PARAMETERS:
            self.addParameter(QgsProcessingParameterString(name, tr(label), optional=True))
        self.addParameter(QgsProcessingParameterString(self.TYPE, tr("Type (when the file has none)"),
                                                       defaultValue="other", optional=True))
        self.addParameter(QgsProcessingParameterString(self.SOURCE, tr("Source (empty: the file name)"),
                                                       defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.VERIFICATION, tr("Verification (when the file has none)"), defaultValue="unverified",
            optional=True))
        self.addParameter(QgsProcessingParameterString(self.SIDE, tr("Side (when the file has none)"),
                                                       defaultValue="unknown", optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SKIP_INVALID, tr("Skip invalid rows (import the good ones)"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Situation store"), tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputNumber(self.IMPORTED, tr("Events imported")))
        self.addOutput(QgsProcessingOutputNumber(self.SKIPPED, tr("Invalid rows skipped")))
        self.addOutput(QgsProcessingOutputString(self.SKIPPED_ROWS, tr("Skipped rows and why")))
        self.addOutput(QgsProcessingOutputNumber(self.DUPLICATES, tr("Events already in the store")))
        self.addOutput(QgsProcessingOutputString(self.FIRST_TIME, tr("First event time (UTC)")))
        self.addOutput(QgsProcessingOutputString(self.LAST_TIME, tr("Last event time (UTC)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.INPUT, context)
        if not path:
            raise QgsProcessingException(tr("No event file (INPUT) given."))
        name = os.path.basename(path)
        overrides = {role: (self.parameterAsString(parameters, parameter, context) or "").strip()
                     for parameter, role, _label in FIELD_PARAMETERS}
        source_default = (self.parameterAsString(parameters, self.SOURCE, context) or "").strip()
        defaults = Defaults(
            type=(self.parameterAsString(parameters, self.TYPE, context) or "").strip() or "other",
            source=source_default or os.path.splitext(name)[0],
            verification=(self.parameterAsString(parameters, self.VERIFICATION, context) or "").strip()
            or "unverified",
            side=(self.parameterAsString(parameters, self.SIDE, context) or "").strip() or "unknown")
        skip_invalid = self.parameterAsBoolean(parameters, self.SKIP_INVALID, context)

        try:
            rows, columns = read_rows(path, {k: v for k, v in overrides.items() if v})
        except EventFileError as error:
            raise QgsProcessingException(str(error)) from error
        feedback.pushInfo(tr("{}: {} row(s); columns used: {}.").format(
            name, len(rows), ", ".join(f"{role} = {column}" for role, column in columns.items())))
        events, problems = self._checked(rows, defaults, feedback)
        if problems and not skip_invalid:
            raise QgsProcessingException(tr("{}: {} invalid row(s), nothing imported (the store is unchanged; "
                                            "SKIP_INVALID imports the good rows): {}").format(
                name, len(problems), problems_text(problems)))
        for where, what in problems:
            feedback.pushWarning(tr("{}, {}: skipped: {}").format(name, where, what))
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Import cancelled; the store was not changed."))

        output, (written, duplicates) = self.writeStore(
            parameters, self.OUTPUT, context, feedback, lambda update: self._write(update, events, name, feedback))
        feedback.setProgress(100)
        feedback.pushInfo(tr("Imported {} event(s) from {}; {} already in the store, {} invalid row(s) "
                             "skipped.").format(len(written), name, duplicates, len(problems)))
        log.info("imported %s events from %s into %s", len(written), name, output)
        times = sorted(event.time for event in written)
        return {
            self.OUTPUT: output,
            self.IMPORTED: len(written),
            self.SKIPPED: len(problems),
            self.SKIPPED_ROWS: problems_text(problems, limit=1000),
            self.DUPLICATES: duplicates,
            self.FIRST_TIME: times[0].isoformat().replace("+00:00", "Z") if times else "",
            self.LAST_TIME: times[-1].isoformat().replace("+00:00", "Z") if times else "",
        }

    @staticmethod
    def _checked(rows, defaults, feedback) -> Tuple[List, List[Tuple[str, str]]]:
        events, problems = [], []
        for index, row in enumerate(rows):
            if feedback.isCanceled():
                break
            issues = [row.problem] if row.problem else []
            try:
                event = event_from_values(row.values, row.point or (0.0, 0.0), defaults)
            except EventRowError as error:
                issues.append(str(error))
                event = None
            if issues:
                problems.append((row.where, "; ".join(issues)))
            else:
                events.append(event)
            if index % 500 == 0:
                feedback.setProgress(50.0 * index / max(1, len(rows)))
        return events, problems

    @staticmethod
    def _write(update, events, file_name: str, feedback) -> Tuple[List, int]:
        known = update.column_values(EVENTS_TABLE, "event_key")
        written, duplicates = [], 0
        for index, event in enumerate(events):
            if feedback.isCanceled():
                break
            key = event.key
            if key in known:
                duplicates += 1
                continue
            known.add(key)
            update.add_row(EVENTS_TABLE, QgsGeometry.fromPointXY(QgsPointXY(event.lon, event.lat)),
                           event.attributes(file_name))
            written.append(event)
            if index % 500 == 0:
                feedback.setProgress(50.0 + 50.0 * index / max(1, len(events)))
        return written, duplicates


def event_counts(result: Dict[str, object]) -> str:
    """A one-line summary of an importevents result for the message bar."""
    return tr("{} event(s) imported, {} already in the store, {} invalid row(s) skipped.").format(
        result.get(ImportEventsAlgorithm.IMPORTED, 0), result.get(ImportEventsAlgorithm.DUPLICATES, 0),
        result.get(ImportEventsAlgorithm.SKIPPED, 0))
