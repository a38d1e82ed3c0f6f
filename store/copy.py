"""Copying a situation store between backends (GeoPackage <-> PostGIS, or two
of a kind): every table the registry marks ``copied`` is carried over, in one
all-or-nothing transaction of the target, and its row count is then checked
there (control rows per (source, status) series)."""

import datetime
from dataclasses import dataclass
from typing import Dict, List, Tuple

from qgis.core import QgsFeatureRequest, QgsGeometry

from ..infra.i18n import tr
from .backend import open_table, open_update, store_exists, validate
from .records import read_records, to_day
from .schema import CONTROL_TABLE, COPIED_TABLES, DRAWING_TABLES, SOURCES_TABLE
from .types import SourceInfo, StoreError


@dataclass(frozen=True)
class CopyReport:
    """What :func:`copy_store` copied: control rows per (source, status), source
    rows, drawings per table, and rows per registry table; every count was
    checked in the target."""

    control: Dict[Tuple[str, str], int]
    sources: int
    drawings: Dict[str, int]
    tables: Dict[str, int]

    @property
    def control_rows(self) -> int:
        return sum(self.control.values())


def _python_value(value):
    """A feature attribute as psycopg2/OGR take it (QDate -> date, QDateTime ->
    an aware UTC datetime, NULL -> None)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if hasattr(value, "toPyDateTime"):
        return value.toUTC().toPyDateTime().replace(tzinfo=datetime.timezone.utc)
    if hasattr(value, "toPyDate"):
        return to_day(value)
    return value


def _series_counts(location: str) -> Dict[Tuple[str, str], int]:
    counts: Dict[Tuple[str, str], int] = {}
    for record in read_records(open_table(location, CONTROL_TABLE)):
        counts[(record.source, record.status)] = counts.get((record.source, record.status), 0) + 1
    return counts


def _rows(location: str, spec) -> List[Tuple[QgsGeometry, Dict[str, object]]]:
    """A table's rows with the registry's fields (none when the table is absent)."""
    layer = open_table(location, spec.name)
    if layer is None:
        return []
    names = [name for name in spec.field_names if layer.fields().indexOf(name) >= 0]
    request = QgsFeatureRequest()
    if not spec.has_geometry:
        request.setFlags(QgsFeatureRequest.NoGeometry)
    features = layer.getFeatures(request)
    try:
        return [(QgsGeometry(f.geometry()) if spec.has_geometry else None,
                 {name: _python_value(f[name]) for name in names}) for f in features]
    finally:
        features.close()  # a QGIS iterator left to a traceback would outlive QGIS itself


def _write(update, spec, geometry, values) -> None:
    if spec.name == CONTROL_TABLE:  # validity exactly as stored, geometry kept multi
        if values.get("valid_from") is None:
            return
        values = dict(values)
        update.add_control(geometry, values.pop("valid_from"), values.pop("valid_to", None), values)
    elif spec.name == SOURCES_TABLE:  # keyed: an existing row of the same source is replaced
        update.set_source(SourceInfo(*(values.get(name) or "" for name in spec.field_names)))
    else:
        update.add_row(spec.name, geometry, values)


def _not_empty() -> StoreError:
    return StoreError(tr("The target store already holds control rows; copy into a new or "
                         "empty store, or overwrite it."))


def copy_store(source: str, target: str, overwrite: bool = False, feedback=None) -> CopyReport:
    """Copy a situation store between a GeoPackage and PostGIS (either way, or
    between two of a kind): control rows with their validity exactly as stored,
    the sources table, the drawings and any other registry table. The target
    must be new or empty (or ``overwrite``). Everything is written in one
    transaction (all or nothing on either backend); the counts per (source,
    status) and per table are then checked in the target, and a mismatch
    raises StoreError."""
    info = validate(source)
    if store_exists(target) and not overwrite and validate(target).control_rows:
        raise _not_empty()
    tables = {spec.name: _rows(source, spec) for spec in COPIED_TABLES}
    cancelled = feedback.isCanceled if feedback is not None else None
    # checked again holding the target's writer lock: another import may have written it meanwhile
    update = open_update(target, cancelled=cancelled, replace=overwrite and store_exists(target))
    try:
        if not overwrite and update.rows():
            raise _not_empty()
        copied = 0
        for spec in COPIED_TABLES:
            for geometry, values in tables[spec.name]:
                if feedback is not None and feedback.isCanceled():
                    raise StoreError(tr("Copy cancelled; the target was not changed."))
                _write(update, spec, geometry, values)
                if spec.name == CONTROL_TABLE:
                    copied += 1
                    if feedback is not None and info.control_rows:
                        feedback.setProgress(90.0 * copied / info.control_rows)
        update.commit()
    except BaseException:
        update.abort()
        raise

    counts = {name: len(rows) for name, rows in tables.items()}
    counts[CONTROL_TABLE] = sum(1 for _g, values in tables[CONTROL_TABLE] if values.get("valid_from"))
    report = CopyReport(_series_counts(source), counts[SOURCES_TABLE],
                        {table: counts[table] for table in DRAWING_TABLES}, counts)
    _check_counts(target, report)
    return report


def _check_counts(target: str, report: CopyReport) -> None:
    """Count what the target holds of the series copied; a difference with the
    source raises StoreError (a series another writer added after the copy
    committed is not the copy's)."""
    got = _series_counts(target)
    got = {series: count for series, count in got.items() if series in report.control}
    if got != report.control:
        raise StoreError(tr("Copy check failed: the target holds {} control rows per series, the "
                            "source {}.").format(got, report.control))
    for table, expected in report.tables.items():
        if table == CONTROL_TABLE:
            continue
        layer = open_table(target, table)
        count = layer.featureCount() if layer is not None else 0
        if count != expected:
            if table == SOURCES_TABLE:
                raise StoreError(tr("Copy check failed: the target holds {} sources, the source {}.").format(
                    count, expected))
            raise StoreError(tr("Copy check failed: the target's {} holds {} rows, the source {}.").format(
                table, count, expected))
