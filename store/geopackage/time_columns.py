"""The control table's validity as date-times in a GeoPackage store
(``valid_from_time`` / ``valid_to_time``: the dates at 00:00, see
``store/schema.py`` CONTROL_TIME_COLUMNS), so that the map's temporal filter on
them (layers/temporal.py, the same names) is a plain comparison the OGR
provider hands to SQLite, and a day's display reads that day's rows only
through an index instead of the whole table. A second index
(:data:`RECORDS_INDEX`) holds every row's validity record, so that reading
the records without geometries (which dates a store has, its sources and
statuses) never reads the rows' geometries.

The columns are real DATETIME columns. GeoPackage has no generated columns
that every reader understands, so the store keeps them right itself: the
store's writers set them with the dates (:func:`set_time_columns`) and two
triggers correct any row written otherwise (an edit saved by QGIS, an older
version of the plugin, another program) in the statement that wrote it. The
text is the one OGR writes for a date-time of unknown time zone
(``YYYY-MM-DDTHH:MM:SS.SSS``), the one QGIS compares it with.

A store made before the columns gains them when it is opened writable
(:func:`add_time_columns`, in the opening update's transaction: one UPDATE
fills them); a read-only one is read as it is (its layers make the date-times
as virtual fields and filter the days on the desktop). Like an index they hold
nothing the dates do not: no schema version.

The SQL below is constant text: the table and column names are the registry's
fixed names, and no value is ever put into it.
"""

import datetime
from typing import Optional

from osgeo import gdal, ogr

from ...infra.i18n import tr
from ...infra.log import log
from ..schema import CONTROL_TABLE, CONTROL_TIME_COLUMNS
from ..types import StoreError

TIME_INDEX = "control_validity_time"
"""The index the day's read goes through: series, then validity."""
INSERT_TRIGGER = "control_validity_time_insert"
UPDATE_TRIGGER = "control_validity_time_update"

# written out in full (constant text, nothing formatted into it)
STATEMENTS = {
    INSERT_TRIGGER:
        'CREATE TRIGGER "control_validity_time_insert" AFTER INSERT ON "control" '
        'WHEN NEW."valid_from_time" IS NOT strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_from") '
        'OR NEW."valid_to_time" IS NOT strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_to") '
        'BEGIN UPDATE "control" SET "valid_from_time" = strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_from"), '
        '"valid_to_time" = strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_to") WHERE "fid" = NEW."fid"; END',
    UPDATE_TRIGGER:
        'CREATE TRIGGER "control_validity_time_update" '
        'AFTER UPDATE OF "valid_from", "valid_to", "valid_from_time", "valid_to_time" ON "control" '
        'WHEN NEW."valid_from_time" IS NOT strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_from") '
        'OR NEW."valid_to_time" IS NOT strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_to") '
        'BEGIN UPDATE "control" SET "valid_from_time" = strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_from"), '
        '"valid_to_time" = strftime(\'%Y-%m-%dT%H:%M:%f\', NEW."valid_to") WHERE "fid" = NEW."fid"; END',
    TIME_INDEX:
        'CREATE INDEX "control_validity_time" ON "control" '
        '("source", "status", "valid_from_time", "valid_to_time")',
}
RECORDS_INDEX = "control_records"
"""The index every validity record is read from (store/records.py read_records:
dates, status, source, side and confidence, no geometry) without reading the
rows, whose geometry comes first and is large."""
RECORDS_STATEMENTS = {
    RECORDS_INDEX:
        'CREATE INDEX "control_records" ON "control" '
        '("valid_from", "valid_to", "status", "source", "side", "confidence")',
}
_ALL_STATEMENTS = {**STATEMENTS, **RECORDS_STATEMENTS}
_FILL = ('UPDATE "control" SET "valid_from_time" = strftime(\'%Y-%m-%dT%H:%M:%f\', "valid_from"), '
         '"valid_to_time" = strftime(\'%Y-%m-%dT%H:%M:%f\', "valid_to") '
         'WHERE "valid_from_time" IS NOT strftime(\'%Y-%m-%dT%H:%M:%f\', "valid_from") '
         'OR "valid_to_time" IS NOT strftime(\'%Y-%m-%dT%H:%M:%f\', "valid_to")')
_OBJECTS = ("SELECT name FROM sqlite_master WHERE tbl_name = 'control' "
            "AND type IN ('index', 'trigger')")

# the constant SQL above spells CONTROL_TABLE and CONTROL_TIME_COLUMNS of the registry
# (tests/test_gpkg_display_read.py checks that they agree)


def time_text(day: Optional[datetime.date]) -> Optional[str]:
    """The stored text of a day at 00:00 (``2025-03-03T00:00:00.000``); None for None."""
    return None if day is None else "{}T00:00:00.000".format(day.isoformat())


def _names(layer) -> set:
    definition = layer.GetLayerDefn()
    return {definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())}


def _objects(dataset) -> set:
    result = dataset.ExecuteSQL(_OBJECTS)
    if result is None:
        return set()
    try:
        return {row.GetField(0) for row in result}
    finally:
        dataset.ReleaseResultSet(result)


def lacks_time_columns(dataset) -> bool:
    """True when the open store's control table lacks a time column, their
    index or a trigger keeping them right."""
    control = dataset.GetLayerByName(CONTROL_TABLE)
    if control is None:
        return False
    if not {name for name, _date in CONTROL_TIME_COLUMNS} <= _names(control):
        return True
    return not set(_ALL_STATEMENTS) <= _objects(dataset)


def add_time_columns(dataset, path: str) -> bool:
    """Give the control table of an open, writable store (in its transaction)
    the time columns it lacks, filled from the dates by one UPDATE, their index
    and their triggers. True when something was added; StoreError (the
    transaction is then rolled back by its owner) when it cannot be."""
    control = dataset.GetLayerByName(CONTROL_TABLE)
    if control is None or not lacks_time_columns(dataset):
        return False
    present = _names(control)
    added = [name for name, _date in CONTROL_TIME_COLUMNS if name not in present]
    for name in added:
        if control.CreateField(ogr.FieldDefn(name, ogr.OFTDateTime)) != 0:
            raise StoreError(tr("Cannot add the field {} to {} ({}).").format(
                name, CONTROL_TABLE, gdal.GetLastErrorMsg()))
    existing = _objects(dataset)
    for name, statement in _ALL_STATEMENTS.items():
        if name not in existing:
            _execute(dataset, statement, path)
    # every row, also one an older writer left wrong
    _execute(dataset, _FILL, path)
    log.info("store %s: the control table %s its date-time columns", path,
             "gained" if added else "had")
    return True


def _execute(dataset, statement: str, path: str) -> None:
    gdal.ErrorReset()
    result = dataset.ExecuteSQL(statement)
    if result is not None:
        dataset.ReleaseResultSet(result)
    if gdal.GetLastErrorType() >= gdal.CE_Failure:
        raise StoreError(tr("Cannot add the date-time columns to the control table of '{}' ({}).").format(
            path, gdal.GetLastErrorMsg()))


def set_time_columns(feature, valid_from: Optional[datetime.date], valid_to: Optional[datetime.date],
                     indexes) -> None:
    """Set a control row's time columns (``indexes``: their field indexes in
    the row's table, -1 when it lacks them) from its dates."""
    for index, day in zip(indexes, (valid_from, valid_to)):
        if index < 0:
            continue
        if day is None:
            feature.SetFieldNull(index)
        else:
            feature.SetField(index, day.year, day.month, day.day, 0, 0, 0, 0)
