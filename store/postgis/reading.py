"""Reading a PostGIS store: store_info, sources, and its tables as QGIS layers
(postgres provider, never a password in a layer source)."""

from contextlib import contextmanager
from typing import Dict, Optional

from qgis.core import QgsVectorLayer

from ...infra.i18n import tr
from ..records import ControlLayerError, check_control_layer
from ..schema import CONTROL_TABLE, GEOMETRY_COLUMN, SOURCES_TABLE, STORE_INFO_TABLE
from ..types import SourceInfo
from .location import MIGRATIONS_TABLE, PostgisStoreError, _strip_empty_password, connect, parse_location
from .migrations import _read_info, _statement, validate

try:  # Debian python3-psycopg2
    import psycopg2
except ImportError:  # pragma: no cover
    psycopg2 = None

def store_info(location: str) -> Dict[str, str]:
    """The ``store_info`` key/value pairs."""
    parsed = parse_location(location)
    validate(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            return _read_info(cursor, parsed.schema)
    finally:
        conn.close()


def source_info(location: str) -> Dict[str, SourceInfo]:
    """The ``sources`` table: source name -> licence, url, attribution."""
    parsed = parse_location(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            cursor.execute(_statement("SELECT source, licence, url, attribution, to_jsonb(s) ->> 'retrieved' "
                                      "FROM {schema}.sources s "
                                      "ORDER BY source", parsed.schema))
            return {row[0]: SourceInfo(*(value or "" for value in row)) for row in cursor.fetchall()}
    finally:
        conn.close()


# -- layers through QGIS's postgres provider -----------------------------------------
def layer_uri(location, table: str = CONTROL_TABLE) -> str:
    """The QGIS postgres provider URI of one table of the store, without any
    password (credentials come from the service file or the authcfg)."""
    parsed = parse_location(location) if isinstance(location, str) else location
    uri = parsed.uri()
    uri.setPassword("")
    geometry = "" if table in (SOURCES_TABLE, STORE_INFO_TABLE, MIGRATIONS_TABLE) else GEOMETRY_COLUMN
    uri.setDataSource(parsed.schema, table, geometry, "", "fid")
    if geometry:
        uri.setSrid("4326")
    return _strip_empty_password(uri.uri(False))


def processing_source(location, table: str = CONTROL_TABLE) -> str:
    """The table as a Processing layer string (``postgres://<uri>``): any algorithm's
    layer parameter (CONTROL, AREAS...) accepts it as is."""
    return "postgres://" + layer_uri(location, table)


def control_layer(location: str, name: str = "control") -> QgsVectorLayer:
    """The store's control table as a QgsVectorLayer (QGIS postgres provider)."""
    validate(location)
    layer = QgsVectorLayer(layer_uri(location), name, "postgres")
    if not layer.isValid():
        raise PostgisStoreError(tr("Cannot open the control table of the PostGIS store '{}'.").format(
            parse_location(location).public_text()))
    try:
        check_control_layer(layer)
    except ControlLayerError as error:
        raise PostgisStoreError(str(error)) from error
    return layer


def drawings_layer(location: str, table: str, name: Optional[str] = None) -> QgsVectorLayer:
    """A drawings table of the store as an editable QgsVectorLayer (postgres provider)."""
    layer = QgsVectorLayer(layer_uri(location, table), name or table, "postgres")
    if not layer.isValid():
        raise PostgisStoreError(tr("Cannot open the table '{}' of the PostGIS store.").format(table))
    return layer


def control_count(location: str) -> int:
    """How many control rows the store holds."""
    parsed = parse_location(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            cursor.execute(_statement("SELECT count(*) FROM {schema}.control", parsed.schema))
            return int(cursor.fetchone()[0])
    finally:
        conn.close()


@contextmanager
def query_session(location: str):
    """Yields ``run(template, parameters)`` executing a read-only statement on the
    store's database (``{schema}`` names the store's schema, every value a
    parameter) and returning the cursor; rolled back and closed at the end."""
    parsed = parse_location(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            def run(template: str, parameters=()):
                try:
                    cursor.execute(_statement(template, parsed.schema), parameters)
                except psycopg2.Error as error:
                    raise PostgisStoreError(str(error).strip()) from error
                return cursor

            yield run
        conn.rollback()
    finally:
        conn.close()
