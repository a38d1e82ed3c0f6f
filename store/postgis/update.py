"""All-or-nothing writing to a PostGIS store: one transaction under the
store's import lock, with the methods of the GeoPackage ``StoreUpdate``."""

import datetime
from typing import Dict, List, Optional, Sequence

from qgis.core import QgsGeometry

from ...infra.i18n import tr
from ..schema import (
    CONTROL_FIELD_SPECS,
    CONTROL_TABLE,
    DRAWING_TABLES,
    GEOMETRY_COLUMN,
    SOURCE_INFO_FIELDS,
    TABLES_BY_NAME,
)
from ..types import SourceInfo, StoredRow
from .edit_guard import conflict_or_store_error
from .location import PostgisStoreError, connect, parse_location
from .migrations import _SOURCE_KEEP, _SOURCE_REPLACE, _lock, _statement, migrate

try:  # Debian python3-psycopg2; QGIS itself does not need it
    import psycopg2
    from psycopg2 import sql
except ImportError:  # pragma: no cover - reported when a PostGIS store is used
    psycopg2 = None
    sql = None

# -- all-or-nothing writing, the interface of layers.store.StoreUpdate -------------
class PostgisStoreUpdate:
    """All-or-nothing changes to a PostGIS store in one database transaction,
    with the methods of :class:`layers.store.StoreUpdate` (rows, add_control,
    set_valid_to, sources, set_source, commit, abort), so the import writes to
    either backend the same way.

    The store is created (migrated) when missing, in the same transaction: an
    update that is aborted leaves no new empty schema behind. With ``lock`` (the default),
    the transaction holds the store's import advisory lock from the start, so
    concurrent imports run one after the other and each reads the rows the
    previous one committed."""

    def __init__(self, location: str, lock: bool = True):
        self.location = parse_location(location)
        self.path = self.location.public_text()
        self.schema = self.location.schema
        self.changed = False
        self._conn = connect(self.location)
        try:
            migrate(self._conn, self.schema, commit=False)
            self._cursor = self._conn.cursor()
            if lock:
                _lock(self._cursor, "import", self.schema)
        except psycopg2.Error as error:
            self.abort()
            raise PostgisStoreError(str(error).strip()) from error
        except BaseException:
            self.abort()
            raise

    def _execute(self, template: str, parameters: Sequence = ()):
        try:
            self._cursor.execute(_statement(template, self.schema), parameters)
        except psycopg2.Error as error:
            raise conflict_or_store_error(error) from error
        return self._cursor

    def rows(self) -> List[StoredRow]:
        cursor = self._execute("SELECT fid, source, status, valid_from, valid_to FROM {schema}.control "
                               "WHERE valid_from IS NOT NULL ORDER BY fid")
        return [StoredRow(fid, source or "", status or "", start, end)
                for fid, source, status, start, end in cursor.fetchall()]

    def add_control(self, geometry, valid_from: datetime.date, valid_to: Optional[datetime.date],
                    attributes: Dict[str, object]) -> int:
        """Add one control row (a 2D MultiPolygon in EPSG:4326); returns its fid."""
        wkb = bytes(geometry.asWkb()) if isinstance(geometry, QgsGeometry) else bytes(geometry.ExportToIsoWkb())
        names = [name for name, *_ in CONTROL_FIELD_SPECS if name not in ("valid_from", "valid_to")]
        statement = sql.SQL("INSERT INTO {}.{} ({}) VALUES (ST_Multi(ST_SetSRID(ST_GeomFromWKB(%s), 4326)), "
                            "{}) RETURNING fid").format(
            sql.Identifier(self.schema), sql.Identifier(CONTROL_TABLE),
            sql.SQL(", ").join(sql.Identifier(n) for n in [GEOMETRY_COLUMN, "valid_from", "valid_to"] + names),
            sql.SQL(", ").join(sql.Placeholder() for _ in range(len(names) + 2)))
        self.changed = True
        try:
            self._cursor.execute(statement, [psycopg2.Binary(wkb), valid_from, valid_to]
                                 + [attributes.get(n) for n in names])
        except psycopg2.Error as error:
            raise conflict_or_store_error(error) from error
        return int(self._cursor.fetchone()[0])

    def set_valid_to(self, fid: int, valid_to: Optional[datetime.date]) -> None:
        self.changed = True
        cursor = self._execute("UPDATE {schema}.control SET valid_to = %s WHERE fid = %s", (valid_to, fid))
        if cursor.rowcount != 1:
            raise PostgisStoreError(tr("Control row {} vanished from '{}'.").format(fid, self.path))

    def sources(self) -> Dict[str, SourceInfo]:
        cursor = self._execute("SELECT source, licence, url, attribution, retrieved FROM {schema}.sources")
        return {row[0]: SourceInfo(*(value or "" for value in row)) for row in cursor.fetchall()}

    def set_source(self, info: SourceInfo, keep_existing: bool = False) -> None:
        if not info.source:
            raise PostgisStoreError(tr("A source needs a name."))
        self.changed = True
        self._execute(_SOURCE_KEEP if keep_existing else _SOURCE_REPLACE,
                      [getattr(info, name) for name in SOURCE_INFO_FIELDS])

    def column_values(self, table: str, field: str) -> set:
        """Every non-empty value of ``field`` in ``table``, as of this transaction
        (which holds the import lock, so no other import adds rows meanwhile)."""
        spec = TABLES_BY_NAME.get(table)
        if spec is None or field not in spec.field_names:
            raise PostgisStoreError(tr("'{}' is not a field of the table '{}'.").format(field, table))
        self._cursor.execute(sql.SQL("SELECT DISTINCT {} FROM {}.{} WHERE {} IS NOT NULL").format(
            sql.Identifier(field), sql.Identifier(self.schema), sql.Identifier(table), sql.Identifier(field)))
        return {row[0] for row in self._cursor.fetchall()}

    def add_drawing(self, table: str, geometry: QgsGeometry, attributes: Dict[str, object]) -> int:
        """Add a drawing (arc or corridor, EPSG:4326) to ``table``; returns its fid."""
        if table not in DRAWING_TABLES:
            raise PostgisStoreError(tr("'{}' is not a drawings table.").format(table))
        return self.add_row(table, geometry, attributes)

    def add_row(self, table: str, geometry: Optional[QgsGeometry], attributes: Dict[str, object]) -> int:
        """Add a row to any registry table (its registry fields among
        ``attributes``; geometry EPSG:4326); returns its fid."""
        if table not in TABLES_BY_NAME:
            raise PostgisStoreError(tr("'{}' is not a table of a situation store.").format(table))
        spec = TABLES_BY_NAME[table]
        names = [name for name in spec.field_names if name in attributes]
        columns = [sql.Identifier(n) for n in names]
        values = [sql.Placeholder() for _ in names]
        parameters = [attributes[n] for n in names]
        if spec.has_geometry and geometry is not None and not geometry.isNull():
            columns.insert(0, sql.Identifier(GEOMETRY_COLUMN))
            values.insert(0, sql.SQL("ST_SetSRID(ST_GeomFromWKB(%s), 4326)"))
            parameters.insert(0, psycopg2.Binary(bytes(geometry.asWkb())))
        self.changed = True
        statement = sql.SQL("INSERT INTO {}.{} ({}) VALUES ({}) RETURNING fid").format(
            sql.Identifier(self.schema), sql.Identifier(table),
            sql.SQL(", ").join(columns), sql.SQL(", ").join(values))
        try:
            self._cursor.execute(statement, parameters)
        except psycopg2.Error as error:
            raise conflict_or_store_error(error) from error
        return int(self._cursor.fetchone()[0])

    def commit(self) -> None:
        try:
            self._conn.commit()
        except psycopg2.Error as error:
            self.abort()
            raise PostgisStoreError(tr("Cannot commit to '{}': {}").format(self.path, str(error).strip())) from error
        self._close()

    def abort(self) -> None:
        if self._conn is not None and not self._conn.closed:
            try:
                self._conn.rollback()
            except psycopg2.Error:
                pass
        self._close()

    def _close(self) -> None:
        if self._conn is not None and not self._conn.closed:
            self._conn.close()
        self._conn = None


def set_source_info(location: str, source: str, licence: str = "", url: str = "",
                    attribution: str = "", retrieved: str = "") -> None:
    """Set the licence, url and attribution of ``source`` (added when new)."""
    update = PostgisStoreUpdate(location)
    try:
        update.set_source(SourceInfo(source, licence or "", url or "", attribution or "", retrieved or ""))
        update.commit()
    except BaseException:
        update.abort()
        raise
