"""``situationmapper:importsnapshots``: dated control snapshots into a situation store."""

import datetime
import os
from contextlib import closing
from dataclasses import replace
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..core.snapshot_dates import SnapshotDateError, date_from_file_name, try_date_from_file_name
from ..core.validity import missing_days, validity_by_series
from ..infra.i18n import tr
from ..infra.log import log
from ..layers.snapshot_files import snapshot_files_in_folder, source_name_from_file, split_layer_uri
from ..store import SourceInfo
from ..store.validity_chain import rechain
from .store_writer import StoreWriterAlgorithm
from .snapshot_rows import PrepareSettings, item_name, prepared_in_order

Day = datetime.date
SeriesKey = Tuple[str, str]  # (source, status)


class SnapshotInputsParameter(QgsProcessingParameterMultipleLayers):
    """The INPUT parameter: layers, files or a folder. A path that exists (a
    folder or a file) is accepted as it is and read by the import, which names
    a file it cannot read; the stock check would open it as a layer first,
    which for a folder prints "not recognized as a supported file format" from
    every GDAL driver on the command line although nothing is wrong."""

    def checkValueIsAcceptable(self, value, context=None):  # noqa: N802
        values = value if isinstance(value, (list, tuple)) else [value]
        if values and all(isinstance(v, str) and v and os.path.exists(split_layer_uri(v)[0])
                          for v in values):
            return True
        return super().checkValueIsAcceptable(value, context)

    def clone(self):
        copy = SnapshotInputsParameter(self.name(), self.description(), self.layerType(),
                                       self.defaultValue())
        copy.setFlags(self.flags())
        copy.setHelp(self.help())
        copy.setMinimumNumberInputs(self.minimumNumberInputs())
        copy.setMetadata(self.metadata())
        return copy


class ImportSnapshotsAlgorithm(StoreWriterAlgorithm):
    """Read dated control polygons (one file per day, or a date field) into the
    ``control`` table of a GeoPackage store, with validity intervals."""

    NAME = "importsnapshots"
    DISPLAY_NAME = "Import snapshots into a situation store"
    GROUP = "Situation layers"
    GROUP_ID = "situationlayers"
    HELP = (
        "Imports dated control polygons (for example one DeepStateMap file per day) "
        "into a situation store: a GeoPackage whose 'control' table holds one "
        "MultiPolygon row per file, status and source, valid from its date "
        "(inclusive) to the next snapshot of the same source and status (exclusive; "
        "the last one stays open).\n\n"
        "<b>Snapshot files or layers</b> (INPUT): files or layers to import; a folder "
        "path given here (alone or as the only item) imports every *.geojson, *.json, "
        "*.gpkg, *.shp, *.fgb and *.kml file in it, sorted by name.\n"
        "<b>Folder</b> (FOLDER, optional): the same as a folder given in INPUT.\n"
        "<b>Dates from</b> (DATE_SOURCE): 0 = the file names (YYYYMMDD, YYYY-MM-DD or "
        "DD.MM.YYYY anywhere in the name); 1 = a field of each feature (DATE_FIELD).\n"
        "<b>Date field</b> (DATE_FIELD): the date field when DATE_SOURCE is 1 (date, "
        "date-time or ISO text).\n"
        "<b>Status</b> (STATUS, default 'occupied'), <b>Side</b> (SIDE), <b>Source</b> "
        "(SOURCE) and <b>Confidence</b> (CONFIDENCE, default 'assessed'): written to "
        "every row. An empty SOURCE means the file's base name before its date, e.g. "
        "'deepstatemap_data' for deepstatemap_data_20240708.geojson (the whole base "
        "name when no date is in it).\n"
        "<b>STATUS_FIELD, SIDE_FIELD, SOURCE_FIELD, CONFIDENCE_FIELD</b> (optional): "
        "fields whose non-empty value replaces the constant for each feature.\n"
        "<b>SOURCE_LICENCE, SOURCE_URL, SOURCE_ATTRIBUTION</b> (optional): the licence, "
        "web address and attribution of the imported source(s), kept per source in the "
        "store's 'sources' table and stated in the sources block of every map product; "
        "an empty value keeps what the store already has for that source.\n"
        "<b>Situation store</b> (OUTPUT): the GeoPackage to create, or an existing store "
        "to add to. A (source, status, date) already in the store is skipped and "
        "reported, never duplicated; the validity chain of every series touched is "
        "recomputed over the whole store, so an earlier date imported later fits in. "
        "A team store on PostGIS is given as 'postgres:service=NAME schema=SITUATION' "
        "(or connection=<saved QGIS connection>, or host=/dbname= with authcfg=): the "
        "schema is created when missing and the import runs in one database "
        "transaction that holds the store's import lock, so analysts importing at the "
        "same time queue and nothing is lost.\n\n"
        "Features of one file, date, status and source are unioned into one row. "
        "Geometries are reprojected to EPSG:4326; invalid ones are repaired (makeValid) "
        "with a warning naming the file and date when the repair changed the area by "
        "more than 0.1 %; empty ones are skipped with a warning. A file without a CRS is "
        "read as EPSG:4326 (with a warning) only when its coordinates are longitudes and "
        "latitudes. Each row gets area_km2, its ellipsoidal area on WGS84 in km2, and "
        "imported_from, the file name.\n\n"
        "The import is all or nothing: it is written to a temporary copy next to the "
        "store that replaces it only at the end, so an error or a cancel leaves an "
        "existing store exactly as it was. It refuses, naming the file: unreadable "
        "files, names without a date, two files for the same date, source and status, "
        "non-polygon geometries, coordinates that are not longitude/latitude.\n\n"
        "Outputs: OUTPUT (the store path), IMPORTED (rows written), SKIPPED (rows "
        "already in the store), FIRST_DATE and LAST_DATE (of the rows written, "
        "YYYY-MM-DD), GAPS (missing days in the series touched, over the whole store, as "
        "'first..last' runs separated by '; ', each prefixed with 'source/status: ' when "
        "several series were touched) and GAP_DAYS (how many days are missing).\n\n"
        "Example: the folder of DeepStateMap files deepstatemap_data_YYYYMMDD.geojson "
        "with SOURCE 'DeepStateMap' gives one 'occupied' row per day."
    )

    INPUT = "INPUT"
    FOLDER = "FOLDER"
    DATE_SOURCE = "DATE_SOURCE"
    DATE_FIELD = "DATE_FIELD"
    STATUS = "STATUS"
    SIDE = "SIDE"
    SOURCE = "SOURCE"
    CONFIDENCE = "CONFIDENCE"
    STATUS_FIELD = "STATUS_FIELD"
    SIDE_FIELD = "SIDE_FIELD"
    SOURCE_FIELD = "SOURCE_FIELD"
    CONFIDENCE_FIELD = "CONFIDENCE_FIELD"
    SOURCE_LICENCE = "SOURCE_LICENCE"
    SOURCE_URL = "SOURCE_URL"
    SOURCE_ATTRIBUTION = "SOURCE_ATTRIBUTION"
    OUTPUT = "OUTPUT"
    IMPORTED = "IMPORTED"
    SKIPPED = "SKIPPED"
    FIRST_DATE = "FIRST_DATE"
    LAST_DATE = "LAST_DATE"
    GAPS = "GAPS"
    GAP_DAYS = "GAP_DAYS"

    DATE_FROM_FILE_NAMES = 0
    DATE_FROM_FIELD = 1

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(SnapshotInputsParameter(
            self.INPUT, tr("Snapshot files or layers (or a folder)"), QgsProcessing.TypeVector,
            optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.FOLDER, tr("Folder of snapshot files"), QgsProcessingParameterFile.Folder,
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.DATE_SOURCE, tr("Dates from"),
            [tr("the file names (YYYYMMDD, YYYY-MM-DD, DD.MM.YYYY)"), tr("a field")],
            defaultValue=self.DATE_FROM_FILE_NAMES))
        self.addParameter(QgsProcessingParameterString(
            self.DATE_FIELD, tr("Date field (when dates come from a field)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.STATUS, tr("Status"), defaultValue="occupied"))
        self.addParameter(QgsProcessingParameterString(
            self.SIDE, tr("Side"), defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SOURCE, tr("Source (empty: the file name before its date)"), defaultValue="",
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.CONFIDENCE, tr("Confidence"), defaultValue="assessed", optional=True))
        for name, label in ((self.STATUS_FIELD, tr("Status field (overrides Status)")),
                            (self.SIDE_FIELD, tr("Side field (overrides Side)")),
                            (self.SOURCE_FIELD, tr("Source field (overrides Source)")),
                            (self.CONFIDENCE_FIELD, tr("Confidence field (overrides Confidence)"))):
            self.addParameter(QgsProcessingParameterString(name, label, optional=True))
        for name, label in ((self.SOURCE_LICENCE, tr("Licence of the source's data (empty: keep the store's)")),
                            (self.SOURCE_URL, tr("Web address of the source (empty: keep the store's)")),
                            (self.SOURCE_ATTRIBUTION, tr("Attribution of the source (empty: keep the store's)"))):
            self.addParameter(QgsProcessingParameterString(name, label, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Situation store"), tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputNumber(self.IMPORTED, tr("Rows imported")))
        self.addOutput(QgsProcessingOutputNumber(self.SKIPPED, tr("Rows already in the store")))
        self.addOutput(QgsProcessingOutputString(self.FIRST_DATE, tr("First date imported")))
        self.addOutput(QgsProcessingOutputString(self.LAST_DATE, tr("Last date imported")))
        self.addOutput(QgsProcessingOutputString(self.GAPS, tr("Missing days")))
        self.addOutput(QgsProcessingOutputNumber(self.GAP_DAYS, tr("Number of missing days")))

    # -- inputs -------------------------------------------------------------------
    def checkParameterValues(self, parameters, context):  # noqa: N802
        """Checks every parameter but INPUT as usual; INPUT's files are checked while
        importing (the stock check opens each file as a layer: for a year of daily
        files that alone costs longer than the import)."""
        others = {k: v for k, v in parameters.items() if k != self.INPUT}
        ok, message = super().checkParameterValues(others, context)
        if not ok:
            return ok, message
        if not parameters.get(self.INPUT) and not parameters.get(self.FOLDER):
            return False, tr("Nothing to import: give snapshot files, layers or a folder.")
        return True, ""

    def _inputs(self, parameters, context) -> List[object]:
        """File paths (str) and QgsVectorLayers to import, in order."""
        raw = parameters.get(self.INPUT)
        if raw is None or raw == "":
            raw = []
        elif not isinstance(raw, (list, tuple)):
            raw = [raw]
        folder = self.parameterAsFile(parameters, self.FOLDER, context) if parameters.get(self.FOLDER) else ""
        items: List[object] = []
        for value in list(raw) + ([folder] if folder else []):
            if isinstance(value, QgsMapLayer):
                items.append(value)
                continue
            text = str(value)
            if os.path.isdir(text):
                files = snapshot_files_in_folder(text)
                if not files:
                    raise QgsProcessingException(tr("The folder '{}' holds no snapshot file "
                                                    "(*.geojson, *.json, *.gpkg, *.shp, *.fgb, *.kml).").format(text))
                items.extend(files)
            elif os.path.isfile(split_layer_uri(text)[0]):
                items.append(text)
            else:
                layer = QgsProcessingUtils.mapLayerFromString(text, context)
                if layer is None:
                    raise QgsProcessingException(tr("'{}' is neither a file, a folder nor a layer.").format(text))
                items.append(layer)
        if not items:
            raise QgsProcessingException(tr("Nothing to import: give snapshot files, layers or a folder."))
        for item in items:
            if isinstance(item, QgsMapLayer) and item.type() != QgsMapLayer.VectorLayer:
                raise QgsProcessingException(tr("{}: not a vector layer.").format(item.name()))
        return items

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        items = self._inputs(parameters, context)
        from_field = self.parameterAsEnum(parameters, self.DATE_SOURCE, context) == self.DATE_FROM_FIELD
        date_field = (self.parameterAsString(parameters, self.DATE_FIELD, context) or "").strip()
        if from_field and not date_field:
            raise QgsProcessingException(tr("Dates come from a field, but no DATE_FIELD is given."))
        constants = {
            "status": (self.parameterAsString(parameters, self.STATUS, context) or "").strip(),
            "side": (self.parameterAsString(parameters, self.SIDE, context) or "").strip(),
            "source": (self.parameterAsString(parameters, self.SOURCE, context) or "").strip(),
            "confidence": (self.parameterAsString(parameters, self.CONFIDENCE, context) or "").strip(),
        }
        if not constants["status"] and not parameters.get(self.STATUS_FIELD):
            raise QgsProcessingException(tr("A status is needed (STATUS or STATUS_FIELD)."))
        override_fields = {}
        for key, name in (("status", self.STATUS_FIELD), ("side", self.SIDE_FIELD),
                          ("source", self.SOURCE_FIELD), ("confidence", self.CONFIDENCE_FIELD)):
            value = (self.parameterAsString(parameters, name, context) or "").strip()
            if value:
                override_fields[key] = value
        wanted_fields = list(dict.fromkeys(list(override_fields.values())
                                           + ([date_field] if from_field else [])))
        source_details = {
            key: (self.parameterAsString(parameters, name, context) or "").strip()
            for key, name in (("licence", self.SOURCE_LICENCE), ("url", self.SOURCE_URL),
                              ("attribution", self.SOURCE_ATTRIBUTION))}

        # a team store: one transaction holding the store's import lock (concurrent imports queue)
        output, result = self.writeStore(parameters, self.OUTPUT, context, feedback, lambda update: self._import(
            items, update, from_field, date_field, constants, override_fields, wanted_fields, feedback,
            source_details))
        feedback.setProgress(100)
        result[self.OUTPUT] = output  # a team store's location without any password
        self._written_store = output if result[self.IMPORTED] else ""
        log.info("imported %s rows into %s (%s skipped)", result[self.IMPORTED], output,
                 result[self.SKIPPED])
        return result

    def _predicted_key(self, item, from_field, constants, override_fields) -> Optional[Tuple[str, str, Day]]:
        """(source, status, day) of a file known from its name alone, or None."""
        if from_field or "status" in override_fields or "source" in override_fields:
            return None
        name = item_name(item)
        day = try_date_from_file_name(name)
        if day is None:
            return None
        return (constants["source"] or source_name_from_file(name, day), constants["status"], day)

    def _import(self, items, update, from_field, date_field, constants,
                override_fields, wanted_fields, feedback,
                source_details: Optional[Dict[str, str]] = None) -> Dict[str, object]:
        existing = update.rows()
        existing_keys = {(r.source, r.status, r.valid_from) for r in existing}

        # dates known from the names: refuse duplicates and chain validity before reading
        predicted = {}
        first_file_of_key: Dict[tuple, str] = {}
        for item in items:
            key = self._predicted_key(item, from_field, constants, override_fields)
            name = item_name(item)
            if key is None:
                if not from_field:
                    try:
                        date_from_file_name(name)
                    except SnapshotDateError as error:
                        raise QgsProcessingException(str(error)) from error
                continue
            if key in first_file_of_key:
                raise QgsProcessingException(tr(
                    "{} and {} are both snapshots of {} for source '{}' and status '{}'; "
                    "import only one of them.").format(first_file_of_key[key], name,
                                                       key[2].isoformat(), key[0], key[1]))
            first_file_of_key[key] = name
            predicted[id(item)] = key
        planned = [((r.source, r.status), r.valid_from) for r in existing]
        planned += [((k[0], k[1]), k[2]) for k in first_file_of_key if k not in existing_keys]
        planned_valid_to = validity_by_series(planned)

        written: Dict[tuple, Tuple[int, Optional[Day], str]] = {}  # key -> (fid, valid_to, file)
        imported_days: List[Day] = []
        skipped = 0
        skipped_sources = set()  # sources of rows already in the store: their details may change
        repaired_count = 0
        total = len(items)
        to_read = []
        for index, item in enumerate(items):
            key = predicted.get(id(item))
            if key is not None and key in existing_keys:
                skipped += 1
                skipped_sources.add(key[0])
                feedback.pushInfo(tr("{}: {} of '{}' ({}) is already in the store; skipped.").format(
                    item_name(item), key[2].isoformat(), key[0], key[1]))
            else:
                to_read.append(item)
        settings = PrepareSettings(from_field, date_field, constants, override_fields, wanted_fields)
        done = total - len(to_read)
        with closing(prepared_in_order(to_read, settings, feedback)) as prepared_files:
            for prepared in prepared_files:
                name = prepared.name
                for level, message in prepared.messages:
                    (feedback.pushWarning if level == "warning" else feedback.pushInfo)(message)
                if not prepared.rows:
                    feedback.pushWarning(tr("{}: no polygon to import (the file is empty or every "
                                            "geometry is empty); skipped.").format(name))
                for row in prepared.rows:
                    group_key = (row.source, row.status, row.day)
                    if group_key in existing_keys:
                        skipped += 1
                        skipped_sources.add(row.source)
                        feedback.pushInfo(tr("{}: {} of '{}' ({}) is already in the store; skipped.").format(
                            name, row.day.isoformat(), row.source, row.status))
                        continue
                    if group_key in written:
                        raise QgsProcessingException(tr(
                            "{} and {} are both snapshots of {} for source '{}' and status '{}'; "
                            "import only one of them.").format(written[group_key][2], name,
                                                               row.day.isoformat(), row.source, row.status))
                    repaired_count += row.repaired
                    if row.empty:
                        feedback.pushWarning(tr("{}: the polygons of {} are empty after repair; skipped.").format(
                            name, row.day.isoformat()))
                        continue
                    valid_to = planned_valid_to.get(((row.source, row.status), row.day))
                    fid = update.add_control(row.geometry, row.day, valid_to, {
                        "status": row.status, "side": row.side, "source": row.source,
                        "confidence": row.confidence, "note": row.note,
                        "area_km2": row.area_km2, "imported_from": prepared.file_name})
                    written[group_key] = (fid, valid_to, name)
                    imported_days.append(row.day)
                done += 1
                feedback.setProgress(100.0 * done / total)

        if feedback.isCanceled():
            return {}
        touched = rechain(update, existing, written)
        for source, _status in touched:
            update.set_source(SourceInfo(source), keep_existing=True)
        self._set_source_details(update, {source for source, _status in touched} | skipped_sources,
                                 source_details or {}, feedback)

        gaps, gap_days = self._gaps(existing, written, touched)
        if gaps:
            feedback.pushWarning(tr("{} missing day(s) in the date series: {}").format(gap_days, "; ".join(gaps)))
        feedback.pushInfo(tr("Imported {} row(s), skipped {} already in the store, repaired {} "
                             "geometr(y/ies).").format(len(written), skipped, repaired_count))
        return {
            self.IMPORTED: len(written),
            self.SKIPPED: skipped,
            self.FIRST_DATE: min(imported_days).isoformat() if imported_days else "",
            self.LAST_DATE: max(imported_days).isoformat() if imported_days else "",
            self.GAPS: "; ".join(gaps),
            self.GAP_DAYS: gap_days,
        }

    @staticmethod
    def _set_source_details(update, sources, details: Dict[str, str], feedback) -> None:
        """SOURCE_LICENCE, SOURCE_URL and SOURCE_ATTRIBUTION into the sources table
        row of each imported source; an empty value keeps the stored one."""
        given = {key: value for key, value in details.items() if value}
        if not given:
            return
        stored = update.sources()
        for source in sorted(s for s in sources if s):
            before = stored.get(source, SourceInfo(source))
            after = replace(before, **given)
            if after != before:
                update.set_source(after)
                feedback.pushInfo(tr("Source '{}': {}.").format(source, "; ".join(
                    f"{key} {value}" for key, value in sorted(given.items()))))

    @staticmethod
    def _gaps(existing, written, touched) -> Tuple[List[str], int]:
        """Missing days of the touched series over the whole store: 'first..last'
        runs (prefixed with 'source/status: ' when several series were touched)
        and how many days are missing."""
        all_days: Dict[SeriesKey, List[Day]] = {}
        for r in existing:
            all_days.setdefault((r.source, r.status), []).append(r.valid_from)
        for source, status, day in written:
            all_days.setdefault((source, status), []).append(day)
        gaps = []
        gap_days = 0
        for series in sorted(touched):
            prefix = f"{series[0]}/{series[1]}: " if len(touched) > 1 else ""
            for first, last in missing_days(all_days.get(series, [])):
                gap_days += (last - first).days + 1
                gaps.append(prefix + (first.isoformat() if first == last
                                      else f"{first.isoformat()}..{last.isoformat()}"))
        return gaps, gap_days
