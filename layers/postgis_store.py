"""The situation store on PostgreSQL/PostGIS: one schema per situation, shared
by a team.

A PostGIS store holds the same tables as a GeoPackage store (``layers/store.py``,
field names from ``layers/schema.py``): ``control``, ``sources``, ``store_info``,
``drawings_arcs`` and ``drawings_corridors``, plus ``schema_migrations`` (which
migration ran, when, by whom). Every data row carries its provenance:
``created_by``, ``created_at``, ``changed_by``, ``changed_at`` (filled by a
trigger from the database session, so no client can forge or forget them) and
``row_version``, bumped by the same trigger on every update.

**A store location** is a QGIS connection string with a ``schema`` (the
situation), optionally prefixed with ``postgres:``::

    postgres:service=situation_mapper_test schema=pokrovsk
    postgres:connection=MyDesk schema=pokrovsk      (a saved QGIS PostgreSQL connection)
    postgres:host=db.example dbname=gis authcfg=ab12cd3 schema=pokrovsk

Credentials come from a pg_service entry or QGIS's authentication manager
(``authcfg``); a password written in the location is used to connect but never
copied into a layer source, so it does not reach the project file.

**Concurrency.** Imports take a transaction-level advisory lock on the store, so
two imports run one after the other and the second sees the first's rows (nothing
lost, validity chains right); a unique index on (source, status, valid_from) is
the safety net. Feature edits are optimistic: a writer sends the ``row_version``
it read; when another writer changed the row in between, the trigger refuses the
update with SQLSTATE ``SM409`` and a message naming the table, the feature, who
changed it and when (:class:`EditConflict`).

Every statement is parameterised; identifiers (the schema) are quoted with
``psycopg2.sql.Identifier``; nothing is concatenated into SQL.
"""

import datetime
import os
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsApplication,
    QgsDataSourceUri,
    QgsGeometry,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from ..infra.i18n import tr
from ..infra.log import log
from .control import ControlLayerError, check_control_layer
from .schema import (
    CONTROL_FIELD_SPECS,
    CONTROL_TABLE,
    DRAWING_FIELD_SPECS,
    DRAWINGS_ARCS_TABLE,
    DRAWINGS_CORRIDORS_TABLE,
    SCHEMA_VERSION,
)
from .store import (
    GEOMETRY_COLUMN,
    SOURCE_INFO_FIELDS,
    SOURCES_TABLE,
    STORE_INFO_TABLE,
    SourceInfo,
    StoredRow,
    StoreError,
    StoreInfo,
)

try:  # Debian python3-psycopg2; QGIS itself does not need it
    import psycopg2
    from psycopg2 import sql
except ImportError:  # pragma: no cover - reported when a PostGIS store is used
    psycopg2 = None
    sql = None

URI_PREFIXES = ("postgres:", "postgresql:", "pg:")
MIGRATIONS_TABLE = "schema_migrations"
CONFLICT_SQLSTATE = "SM409"
CONNECT_TIMEOUT_S = "10"
PROVENANCE_FIELDS = ("created_by", "created_at", "changed_by", "changed_at", "row_version")
_PG_TYPES = {QVariant.Date: "date", QVariant.String: "text", QVariant.Double: "double precision",
             QVariant.Int: "integer"}
_LOCATION_START = re.compile(r"^\s*(service|dbname|host|authcfg|connection)\s*=", re.IGNORECASE)


class PostgisStoreError(StoreError):
    """The location is not a usable PostGIS situation store; the message says
    why (``reason``: the same without naming the store, for messages that do)."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


class EditConflict(PostgisStoreError):
    """Another writer changed the feature after this writer read it."""


class NoStoreYet(PostgisStoreError):
    """The database answers but has no store in that schema yet (the first
    import creates it)."""


def is_postgis_location(text) -> bool:
    """True when ``text`` names a PostGIS store (``postgres:...`` or a connection string)."""
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    return stripped.lower().startswith(URI_PREFIXES) or bool(_LOCATION_START.match(stripped))


# -- locations and connections ------------------------------------------------------
def _column_type(variant_type, length) -> str:
    if variant_type == QVariant.String and length:
        return f"varchar({int(length)})"
    return _PG_TYPES[variant_type]


@dataclass(frozen=True)
class PostgisLocation:
    """A parsed store location: the connection (a QGIS data source URI without
    table) and the store's schema."""

    connection: str  # QgsDataSourceUri connection info, may hold a password: never persisted
    schema: str
    text: str

    def uri(self) -> QgsDataSourceUri:
        return QgsDataSourceUri(self.connection)

    def public_text(self) -> str:
        """The location without any password: safe to show, log and save
        (values quoted only where they need it)."""
        uri = self.uri()
        uri.setPassword("")
        info = _strip_empty_password(uri.connectionInfo(False))
        return "postgres:{} schema={}".format(_PLAIN_QUOTED.sub(r"\1=\2", info), quoted_value(self.schema))


_PLAIN_VALUE = r"[A-Za-z0-9_.\-]+"  # a connection-string value that needs no quotes
_PLAIN_QUOTED = re.compile(r"(\w+)='({})'".format(_PLAIN_VALUE))


def quoted_value(value: str) -> str:
    """A connection-string value, single-quoted only when it needs to be."""
    if value and re.fullmatch(_PLAIN_VALUE, value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _strip_empty_password(info: str) -> str:
    return re.sub(r"\s*password=''", "", info).strip()


def parse_location(text: str, need_schema: bool = True) -> PostgisLocation:
    """Parse a store location (see the module help); raises PostgisStoreError.
    With ``need_schema`` False, a location naming only the database is accepted
    (schema ""), e.g. to list the stores it holds."""
    if not is_postgis_location(text):
        raise PostgisStoreError(tr("'{}' is not a PostGIS store location "
                                   "(postgres:service=... schema=...).").format(redacted(text)))
    body = text.strip()
    for prefix in URI_PREFIXES:
        if body.lower().startswith(prefix):
            body = body[len(prefix):].lstrip("/")
            break
    uri = QgsDataSourceUri(body)
    schema = uri.schema() or uri.param("schema")
    if not schema and need_schema:
        raise PostgisStoreError(tr("The PostGIS store location '{}' names no schema "
                                   "(add schema=NAME, the situation).").format(redacted(text)))
    connection_name = uri.param("connection")
    if connection_name:
        uri = _saved_connection_uri(connection_name)
    elif not (uri.service() or uri.host() or uri.database() or uri.authConfigId()):
        raise PostgisStoreError(tr("The PostGIS store location '{}' names no database "
                                   "(service=, connection=, host= or dbname=).").format(redacted(text)))
    plain = QgsDataSourceUri()
    if uri.service():
        plain.setConnection(uri.service(), uri.database(), uri.username(), uri.password(),
                            uri.sslMode(), uri.authConfigId())
    else:
        plain.setConnection(uri.host(), uri.port(), uri.database(), uri.username(), uri.password(),
                            uri.sslMode(), uri.authConfigId())
    return PostgisLocation(plain.connectionInfo(False), schema or "", text)


def saved_connection_names() -> List[str]:
    """The names of the PostgreSQL connections saved in QGIS (Data Source Manager)."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None:
        return []
    try:
        return sorted(metadata.connections().keys())
    except Exception:  # QgsProviderConnectionException: unreadable settings
        return []


def list_stores(database: str) -> List[str]:
    """The schemas of a database holding a situation store (those with a
    ``schema_migrations`` table), sorted. ``database`` is a location, its schema
    not needed (``postgres:service=desk``); raises PostgisStoreError."""
    parsed = parse_location(database, need_schema=False)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE c.relname = %s AND c.relkind = 'r' ORDER BY 1", (MIGRATIONS_TABLE,))
            return [row[0] for row in cursor.fetchall()]
    except psycopg2.Error as error:
        raise PostgisStoreError(str(error).strip()) from error
    finally:
        conn.close()


def redacted(text: str) -> str:
    """``text`` with any password=... replaced by ***."""
    return re.sub(r"password\s*=\s*('[^']*'|\S+)", "password=***", text)


def _saved_connection_uri(name: str) -> QgsDataSourceUri:
    """The URI of a saved QGIS PostgreSQL connection (Data Source Manager)."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None:
        raise PostgisStoreError(tr("QGIS has no PostgreSQL provider here."))
    try:
        connection = metadata.findConnection(name)
    except Exception as error:  # QgsProviderConnectionException
        raise PostgisStoreError(tr("No QGIS PostgreSQL connection named '{}' ({}).").format(name, error)) from error
    if connection is None:
        raise PostgisStoreError(tr("No QGIS PostgreSQL connection named '{}'.").format(name))
    return QgsDataSourceUri(connection.uri())


def _connect_kwargs(location: PostgisLocation) -> Dict[str, str]:
    """libpq keywords for psycopg2: the pg_service entry, or the authcfg expanded
    by QGIS's authentication manager (credentials stay in memory)."""
    uri = location.uri()
    kwargs = {}
    if uri.service():
        kwargs["service"] = uri.service()
    for key, value in (("host", uri.host()), ("port", uri.port()), ("dbname", uri.database()),
                       ("user", uri.username()), ("password", uri.password())):
        if value:
            kwargs[key] = value
    # an unreachable server is said within seconds, not after the system's TCP timeout
    kwargs["connect_timeout"] = CONNECT_TIMEOUT_S
    if uri.sslMode() not in (QgsDataSourceUri.SslPrefer,):
        kwargs["sslmode"] = QgsDataSourceUri.encodeSslMode(uri.sslMode())
    if uri.authConfigId():
        manager = QgsApplication.authManager()
        items = [f"user='{kwargs.get('user', '')}'", "password=''"]
        result = manager.updateDataSourceUriItems(items, uri.authConfigId(), "postgres")
        ok, items = (result if isinstance(result, tuple) else (result, items))
        if not ok:
            raise PostgisStoreError(tr("QGIS's authentication manager could not expand the "
                                       "authentication configuration '{}'.").format(uri.authConfigId()))
        expanded = QgsDataSourceUri(" ".join(items))
        if expanded.username():
            kwargs["user"] = expanded.username()
        if expanded.password():
            kwargs["password"] = expanded.password()
    return kwargs


def connect(location) -> "psycopg2.extensions.connection":
    """A new psycopg2 connection to the store's database (not in autocommit)."""
    if psycopg2 is None:
        raise PostgisStoreError(tr("PostGIS stores need the Python module psycopg2 "
                                   "(Debian: python3-psycopg2)."))
    if isinstance(location, str):
        location = parse_location(location)
    try:
        conn = psycopg2.connect(application_name="Situation Mapper", **_connect_kwargs(location))
    except psycopg2.Error as error:
        raise PostgisStoreError(tr("Cannot connect to the PostGIS store '{}': {}").format(
            location.public_text(), str(error).strip()), str(error).strip()) from error
    return conn


# -- schema and migrations ---------------------------------------------------------
def _provenance_columns() -> str:
    return ("created_by text NOT NULL DEFAULT session_user, "
            "created_at timestamptz NOT NULL DEFAULT now(), "
            "changed_by text NOT NULL DEFAULT session_user, "
            "changed_at timestamptz NOT NULL DEFAULT now(), "
            "row_version integer NOT NULL DEFAULT 1")


def _field_columns(specs) -> str:
    return ", ".join(f"{name} {_column_type(kind, length)}" for name, kind, length, _c in specs)


_PROVENANCE_FUNCTION = """
CREATE OR REPLACE FUNCTION {schema}.situation_row_provenance() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := session_user;
        NEW.created_at := now();
        NEW.changed_by := session_user;
        NEW.changed_at := now();
        NEW.row_version := 1;
        RETURN NEW;
    END IF;
    -- a writer that sends row_version states the version it read: refuse a stale one
    IF NEW.row_version IS DISTINCT FROM OLD.row_version THEN
        RAISE EXCEPTION 'edit conflict: % feature % was changed by % at % (version %) after you read version %; reload it and edit again',
            TG_TABLE_NAME, OLD.fid, OLD.changed_by, OLD.changed_at, OLD.row_version, NEW.row_version
            USING ERRCODE = 'SM409';
    END IF;
    NEW.created_by := OLD.created_by;
    NEW.created_at := OLD.created_at;
    NEW.changed_by := session_user;
    NEW.changed_at := now();
    NEW.row_version := OLD.row_version + 1;
    RETURN NEW;
END
$body$
"""


def _migrations() -> List[Tuple[int, str, List[str]]]:
    """Ordered (version, description, statements); ``{schema}`` is filled with the
    quoted schema identifier by psycopg2.sql. Only ever append to this list."""
    provenance = _provenance_columns()
    control = (f"CREATE TABLE {{schema}}.{CONTROL_TABLE} (fid bigserial PRIMARY KEY, "
               f"{GEOMETRY_COLUMN} geometry(MultiPolygon, 4326), "
               f"{_field_columns(CONTROL_FIELD_SPECS)}, {provenance})")
    drawing_columns = _field_columns(DRAWING_FIELD_SPECS)
    statements = [
        f"CREATE TABLE {{schema}}.{STORE_INFO_TABLE} (fid serial PRIMARY KEY, key text UNIQUE NOT NULL, value text)",
        control,
        f"CREATE INDEX ON {{schema}}.{CONTROL_TABLE} USING gist ({GEOMETRY_COLUMN})",
        # the safety net under the import lock: one snapshot per series and day
        f"CREATE UNIQUE INDEX ON {{schema}}.{CONTROL_TABLE} (source, status, valid_from)",
        f"CREATE TABLE {{schema}}.{SOURCES_TABLE} (fid serial PRIMARY KEY, source text UNIQUE NOT NULL, "
        f"licence text, url text, attribution text, {provenance})",
        f"CREATE TABLE {{schema}}.{DRAWINGS_ARCS_TABLE} (fid bigserial PRIMARY KEY, "
        f"{GEOMETRY_COLUMN} geometry(LineString, 4326), {drawing_columns}, {provenance})",
        f"CREATE TABLE {{schema}}.{DRAWINGS_CORRIDORS_TABLE} (fid bigserial PRIMARY KEY, "
        f"{GEOMETRY_COLUMN} geometry(Polygon, 4326), {drawing_columns}, {provenance})",
        _PROVENANCE_FUNCTION,
    ]
    for table in (CONTROL_TABLE, SOURCES_TABLE, DRAWINGS_ARCS_TABLE, DRAWINGS_CORRIDORS_TABLE):
        statements.append(f"CREATE TRIGGER situation_provenance BEFORE INSERT OR UPDATE ON "
                          f"{{schema}}.{table} FOR EACH ROW EXECUTE FUNCTION "
                          f"{{schema}}.situation_row_provenance()")
    return [(1, "control, sources, drawings, provenance and row versions", statements)]


MIGRATIONS = _migrations()
if MIGRATIONS[-1][0] != SCHEMA_VERSION:  # a migration per schema version
    raise RuntimeError("layers/postgis_store.py has no migration to schema version {}".format(SCHEMA_VERSION))


def _statement(template: str, schema: str):
    return sql.SQL(template).format(schema=sql.Identifier(schema))


_NEW_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SYSTEM_SCHEMAS = ("public", "information_schema")


def new_schema_problem(schema: str) -> str:
    """What is wrong with ``schema`` as the name of a new store ("" when
    nothing): lower-case letters, digits and underscores (a name PostgreSQL
    and QGIS take as it is, without quoting), at most 63, not a system schema."""
    if not schema:
        return tr("Name a schema for the store.")
    if schema in _SYSTEM_SCHEMAS or schema.startswith("pg_"):
        return tr("'{}' is a system schema: name a schema of the store's own.").format(schema)
    if not _NEW_SCHEMA_NAME.match(schema):
        return tr("A new store's schema name has lower-case letters, digits and underscores only "
                  "(at most 63, not starting with a digit), e.g. pokrovsk_2025: '{}' is not one.").format(schema)
    return ""


def _schema_exists(cursor, schema: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
    return cursor.fetchone() is not None


def _current_version(cursor, schema: str) -> int:
    cursor.execute("SELECT to_regclass(%s)", (_qualified_name(schema, MIGRATIONS_TABLE),))
    if cursor.fetchone()[0] is None:
        return 0
    cursor.execute(_statement("SELECT coalesce(max(version), 0) FROM {schema}.schema_migrations", schema))
    return int(cursor.fetchone()[0])


def _qualified_name(schema: str, table: str) -> str:
    """A regclass text for to_regclass, with both parts double-quoted (a parameter, not SQL)."""
    return '"{}"."{}"'.format(schema.replace('"', '""'), table.replace('"', '""'))


def _lock(cursor, purpose: str, schema: str) -> None:
    """A transaction-level advisory lock named by purpose and schema."""
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"situation_mapper:{purpose}:{schema}",))


_INFO_REPLACE = ("INSERT INTO {schema}.store_info (key, value) VALUES (%s, %s) "
                 "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
_INFO_KEEP = "INSERT INTO {schema}.store_info (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING"
_SOURCE_REPLACE = ("INSERT INTO {schema}.sources (source, licence, url, attribution) VALUES (%s, %s, %s, %s) "
                   "ON CONFLICT (source) DO UPDATE SET licence = EXCLUDED.licence, url = EXCLUDED.url, "
                   "attribution = EXCLUDED.attribution")
_SOURCE_KEEP = ("INSERT INTO {schema}.sources (source, licence, url, attribution) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (source) DO NOTHING")


def migrate(conn, schema: str, commit: bool = True) -> int:
    """Bring ``schema`` to this plugin's version (creating it when absent) in one
    transaction under an advisory lock; returns the version. Refuses a newer schema.
    With ``commit`` False the caller's transaction goes on (and holds the lock):
    an import into a new schema then creates it in the same all-or-nothing
    transaction, so a failed first import leaves no empty store behind."""
    with conn.cursor() as cursor:
        _lock(cursor, "migrate", schema)
        problem = "" if _schema_exists(cursor, schema) else new_schema_problem(schema)
        if problem:
            conn.rollback()
            raise PostgisStoreError(problem)
        cursor.execute(_statement("CREATE SCHEMA IF NOT EXISTS {schema}", schema))
        cursor.execute(_statement(
            "CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (version integer PRIMARY KEY, "
            "description text, applied_at timestamptz NOT NULL DEFAULT now(), "
            "applied_by text NOT NULL DEFAULT session_user)", schema))
        version = _current_version(cursor, schema)
        if version > SCHEMA_VERSION:
            conn.rollback()
            raise PostgisStoreError(tr("The PostGIS store '{}' uses store schema {}, newer than this "
                                       "plugin's {}; update Situation Mapper.").format(schema, version, SCHEMA_VERSION))
        for number, description, statements in MIGRATIONS:
            if number <= version:
                continue
            for template in statements:
                cursor.execute(_statement(template, schema))
            cursor.execute(_statement("INSERT INTO {schema}.schema_migrations (version, description) "
                                      "VALUES (%s, %s)", schema), (number, description))
            log.info("PostGIS store %s migrated to schema %s", schema, number)
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
        for key, value, replace in (("schema_version", str(SCHEMA_VERSION), True), ("created", now, False),
                                    ("application", "Situation Mapper", False)):
            cursor.execute(_statement(_INFO_REPLACE if replace else _INFO_KEEP, schema), (key, value))
    if commit:
        conn.commit()
    return SCHEMA_VERSION


def create(location: str, overwrite: bool = False) -> str:
    """Create (or, with ``overwrite``, empty and re-create) the store schema;
    returns the location. Refuses a schema that already holds a store."""
    parsed = parse_location(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            if _schema_exists(cursor, parsed.schema) and _current_version(cursor, parsed.schema):
                if not overwrite:
                    raise PostgisStoreError(tr("The schema '{}' already holds a situation store; choose "
                                               "another schema or overwrite it.").format(parsed.schema))
                cursor.execute(_statement("DROP SCHEMA {schema} CASCADE", parsed.schema))
        migrate(conn, parsed.schema)
    except psycopg2.Error as error:
        conn.rollback()
        raise PostgisStoreError(tr("Cannot create the PostGIS store '{}': {}").format(
            parsed.schema, str(error).strip())) from error
    finally:
        conn.close()
    return location


def validate(location: str) -> StoreInfo:
    """Check the PostGIS store at ``location`` (schema present, version known);
    raises PostgisStoreError saying what is wrong."""
    parsed = parse_location(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            if not _schema_exists(cursor, parsed.schema):
                raise NoStoreYet(tr("The database has no schema '{}' (no situation store "
                                    "there yet).").format(parsed.schema))
            version = _current_version(cursor, parsed.schema)
            if version < 1:
                raise PostgisStoreError(tr("The schema '{}' is not a situation store.").format(parsed.schema))
            if version > SCHEMA_VERSION:
                raise PostgisStoreError(tr("The PostGIS store '{}' uses store schema {}, newer than this "
                                           "plugin's {}; update Situation Mapper.").format(
                    parsed.schema, version, SCHEMA_VERSION))
            info = _read_info(cursor, parsed.schema)
            cursor.execute(_statement("SELECT count(*) FROM {schema}.control", parsed.schema))
            rows = cursor.fetchone()[0]
        return StoreInfo(parsed.public_text(), version, rows, info.get("created", ""))
    finally:
        conn.close()


def _read_info(cursor, schema: str) -> Dict[str, str]:
    cursor.execute(_statement("SELECT key, value FROM {schema}.store_info", schema))
    return dict(cursor.fetchall())


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
            cursor.execute(_statement("SELECT source, licence, url, attribution FROM {schema}.sources "
                                      "ORDER BY source", parsed.schema))
            return {row[0]: SourceInfo(*(value or "" for value in row)) for row in cursor.fetchall()}
    finally:
        conn.close()


def set_source_info(location: str, source: str, licence: str = "", url: str = "",
                    attribution: str = "") -> None:
    """Set the licence, url and attribution of ``source`` (added when new)."""
    update = PostgisStoreUpdate(location)
    try:
        update.set_source(SourceInfo(source, licence or "", url or "", attribution or ""))
        update.commit()
    except BaseException:
        update.abort()
        raise


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


# -- optimistic feature edits ---------------------------------------------------------
_EDITABLE_TABLES = (CONTROL_TABLE, SOURCES_TABLE, DRAWINGS_ARCS_TABLE, DRAWINGS_CORRIDORS_TABLE)


def read_version(conn, schema: str, table: str, fid: int) -> int:
    """The current ``row_version`` of a feature (what an editor remembers when reading it)."""
    _check_table(table)
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT row_version FROM {}.{} WHERE fid = %s").format(
            sql.Identifier(schema), sql.Identifier(table)), (fid,))
        row = cursor.fetchone()
    if row is None:
        raise PostgisStoreError(tr("{} feature {} does not exist (deleted by another analyst?).").format(table, fid))
    return int(row[0])


def _check_table(table: str) -> None:
    if table not in _EDITABLE_TABLES:
        raise PostgisStoreError(tr("'{}' is not a table of a situation store.").format(table))


def update_feature(conn, schema: str, table: str, fid: int, version_read: int,
                   values: Dict[str, object], geometry: Optional[QgsGeometry] = None) -> int:
    """Change a feature's attributes (and geometry) when nobody changed it since it
    was read at ``version_read``; returns its new row_version. Raises EditConflict
    (naming the feature, who changed it and when) otherwise; the transaction is
    then rolled back. Does not commit."""
    _check_table(table)
    known = {name for name, *_ in (CONTROL_FIELD_SPECS + DRAWING_FIELD_SPECS)} | {
        "source", "licence", "url", "attribution"}
    assignments = []
    parameters: List[object] = []
    for name, value in values.items():
        if name not in known:
            raise PostgisStoreError(tr("'{}' is not a field of {}.").format(name, table))
        assignments.append(sql.SQL("{} = %s").format(sql.Identifier(name)))
        parameters.append(value)
    if geometry is not None:
        assignments.append(sql.SQL("{} = ST_SetSRID(ST_GeomFromWKB(%s), 4326)").format(
            sql.Identifier(GEOMETRY_COLUMN)))
        parameters.append(psycopg2.Binary(bytes(geometry.asWkb())))
    assignments.append(sql.SQL("row_version = %s"))
    parameters.extend([version_read, fid])
    statement = sql.SQL("UPDATE {}.{} SET {} WHERE fid = %s RETURNING row_version").format(
        sql.Identifier(schema), sql.Identifier(table), sql.SQL(", ").join(assignments))
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, parameters)
            row = cursor.fetchone()
    except psycopg2.Error as error:
        conn.rollback()
        raise conflict_or_store_error(error) from error
    if row is None:
        raise PostgisStoreError(tr("{} feature {} does not exist (deleted by another analyst?).").format(table, fid))
    return int(row[0])


class EditGuard:
    """Optimistic conflict detection for edits made in QGIS (an edit session on a
    store table opened through the postgres provider, e.g. the drawings layers).

    The ``row_version`` of every feature is remembered when editing starts and
    again after each save (the store's trigger bumped the saved ones; a save
    that keeps editing, as the Draw panel's does, goes on from there). When the
    edits are committed, each changed feature sends the version it was read at,
    so the trigger refuses the change of a feature another analyst saved in
    between: ``commitChanges`` fails, ``commitErrors()`` names the feature and
    who changed it, and the edit buffer keeps the user's edits.
    Keep the guard referenced as long as the layer is edited; :meth:`release`
    disconnects it."""

    def __init__(self, layer: QgsVectorLayer):
        self.layer = layer
        self.versions: Dict[int, int] = {}
        self._index = layer.fields().indexOf("row_version")
        if self._index < 0:
            raise PostgisStoreError(tr("Layer '{}' has no row_version field: not a table of a "
                                       "PostGIS situation store.").format(layer.name()))
        layer.editingStarted.connect(self._remember)
        layer.beforeCommitChanges.connect(self._stamp)
        layer.afterCommitChanges.connect(self._remember)
        self._remember()

    def _remember(self) -> None:
        from qgis.core import QgsFeatureRequest

        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([self._index])
        self.versions = {f.id(): f[self._index] for f in self.layer.dataProvider().getFeatures(request)}

    def _stamp(self, *_args) -> None:
        buffer = self.layer.editBuffer()
        if buffer is None:
            return
        changed = set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())
        for fid in changed:
            if fid in self.versions:
                self.layer.changeAttributeValue(fid, self._index, self.versions[fid], self.versions[fid])

    def vanished(self) -> List[int]:
        """Changed features of the edit buffer that are no longer in the store
        (another analyst deleted them): saving would drop those edits silently."""
        buffer = self.layer.editBuffer()
        if buffer is None:
            return []
        changed = (set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())) - set(
            buffer.addedFeatures())
        changed = {fid for fid in changed if fid >= 0}
        if not changed:
            return []
        from qgis.core import QgsFeatureRequest

        request = QgsFeatureRequest().setFilterFids(sorted(changed)).setNoAttributes()
        request.setFlags(QgsFeatureRequest.NoGeometry)
        present = {f.id() for f in self.layer.dataProvider().getFeatures(request)}
        return sorted(changed - present)

    def changed_before_deletion(self) -> List[Tuple[int, str, str]]:
        """Features deleted in the edit buffer that another analyst changed
        after they were read: ``(fid, who, when)`` each. Deleting them would
        drop that change unseen (the trigger checks versions on updates only)."""
        buffer = self.layer.editBuffer()
        if buffer is None:
            return []
        deleted = sorted(fid for fid in buffer.deletedFeatureIds() if fid in self.versions)
        if not deleted:
            return []
        from qgis.core import QgsFeatureRequest

        fields = self.layer.fields()
        who, when = fields.indexOf("changed_by"), fields.indexOf("changed_at")
        request = QgsFeatureRequest().setFilterFids(deleted).setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([i for i in (self._index, who, when) if i >= 0])
        changed = []
        for feature in self.layer.dataProvider().getFeatures(request):
            if feature[self._index] != self.versions[feature.id()]:
                stamp = feature[when] if when >= 0 else None
                stamp = stamp.toString("yyyy-MM-dd HH:mm:ss") if hasattr(stamp, "toString") else str(stamp or "")
                changed.append((feature.id(), str(feature[who]) if who >= 0 else "", stamp))
        return changed

    def release(self) -> None:
        self.layer.editingStarted.disconnect(self._remember)
        self.layer.beforeCommitChanges.disconnect(self._stamp)
        self.layer.afterCommitChanges.disconnect(self._remember)


def conflict_or_store_error(error) -> PostgisStoreError:
    """An EditConflict for the trigger's SM409, a PostgisStoreError otherwise."""
    message = (getattr(getattr(error, "diag", None), "message_primary", None) or str(error)).strip()
    if getattr(error, "pgcode", None) == CONFLICT_SQLSTATE:
        return EditConflict(message)
    return PostgisStoreError(message)


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
        cursor = self._execute("SELECT source, licence, url, attribution FROM {schema}.sources")
        return {row[0]: SourceInfo(*(value or "" for value in row)) for row in cursor.fetchall()}

    def set_source(self, info: SourceInfo, keep_existing: bool = False) -> None:
        if not info.source:
            raise PostgisStoreError(tr("A source needs a name."))
        self.changed = True
        self._execute(_SOURCE_KEEP if keep_existing else _SOURCE_REPLACE,
                      [getattr(info, name) for name in SOURCE_INFO_FIELDS])

    def add_drawing(self, table: str, geometry: QgsGeometry, attributes: Dict[str, object]) -> int:
        """Add a drawing (arc or corridor, EPSG:4326) to ``table``; returns its fid."""
        if table not in _DRAWING_TABLES:
            raise PostgisStoreError(tr("'{}' is not a drawings table.").format(table))
        names = [name for name, *_ in DRAWING_FIELD_SPECS if name in attributes]
        self.changed = True
        statement = sql.SQL("INSERT INTO {}.{} ({}) VALUES (ST_SetSRID(ST_GeomFromWKB(%s), 4326), {}) "
                            "RETURNING fid").format(
            sql.Identifier(self.schema), sql.Identifier(table),
            sql.SQL(", ").join(sql.Identifier(n) for n in [GEOMETRY_COLUMN] + names),
            sql.SQL(", ").join(sql.Placeholder() for _ in names))
        try:
            self._cursor.execute(statement, [psycopg2.Binary(bytes(geometry.asWkb()))]
                                 + [attributes[n] for n in names])
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


# -- copying a store between backends ---------------------------------------------------
_DRAWING_TABLES = (DRAWINGS_ARCS_TABLE, DRAWINGS_CORRIDORS_TABLE)


@dataclass(frozen=True)
class CopyReport:
    """What :func:`copy_store` copied: control rows per (source, status), source
    rows and drawings per table; every count was checked in the target."""

    control: Dict[Tuple[str, str], int]
    sources: int
    drawings: Dict[str, int]

    @property
    def control_rows(self) -> int:
        return sum(self.control.values())


def _open_table(location: str, table: str) -> Optional[QgsVectorLayer]:
    """A table of a store of either backend as a layer; None when it does not exist."""
    if is_postgis_location(location):
        layer = QgsVectorLayer(layer_uri(location, table), table, "postgres")
    else:
        layer = QgsVectorLayer(f"{location}|layername={table}", table, "ogr")
    return layer if layer.isValid() else None


def _series_counts(location: str) -> Dict[Tuple[str, str], int]:
    from .control import read_records

    counts: Dict[Tuple[str, str], int] = {}
    for record in read_records(_open_table(location, CONTROL_TABLE)):
        counts[(record.source, record.status)] = counts.get((record.source, record.status), 0) + 1
    return counts


def _python_value(value):
    """A feature attribute as psycopg2/OGR take it (QDate -> date, NULL -> None)."""
    from .control import to_day

    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if hasattr(value, "toPyDate"):
        return to_day(value)
    return value


def _store_validate(location: str) -> StoreInfo:
    from . import store

    return validate(location) if is_postgis_location(location) else store.validate(location)


def copy_store(source: str, target: str, overwrite: bool = False, feedback=None) -> CopyReport:
    """Copy a situation store between a GeoPackage and PostGIS (either way, or
    between two of a kind): control rows with their validity exactly as stored,
    the sources table and the drawings. The target must be new or empty (or
    ``overwrite``). Control rows, sources and drawings are written in one
    transaction (all or nothing on either backend); the
    counts per (source, status), of sources and of drawings are then checked in
    the target, and a mismatch raises StoreError."""
    from . import store

    info = _store_validate(source)
    to_postgis = is_postgis_location(target)
    target_exists = (_target_has_store(target) if to_postgis else os.path.exists(target))
    if target_exists:
        if not overwrite and _store_validate(target).control_rows:
            raise StoreError(tr("The target store already holds control rows; copy into a new or "
                                "empty store, or overwrite it."))
        if overwrite:
            (create if to_postgis else store.create)(target, overwrite=True)
    control = _open_table(source, CONTROL_TABLE)
    names = [name for name, *_ in CONTROL_FIELD_SPECS]
    sources = _sources_of(source)
    update = PostgisStoreUpdate(target) if to_postgis else store.StoreUpdate(target)
    copied = 0
    features = control.getFeatures()
    try:
        for feature in features:
            if feedback is not None and feedback.isCanceled():
                raise StoreError(tr("Copy cancelled; the target was not changed."))
            values = {name: _python_value(feature[name]) for name in names}
            if values["valid_from"] is None:
                continue
            update.add_control(QgsGeometry(feature.geometry()), values.pop("valid_from"),
                               values.pop("valid_to"), values)
            copied += 1
            if feedback is not None and info.control_rows:
                feedback.setProgress(90.0 * copied / info.control_rows)
        for source_row in sources.values():
            update.set_source(source_row)
        drawings = {table: _drawing_rows(source, table) for table in _DRAWING_TABLES}
        for table, rows in drawings.items():
            for geometry, values in rows:
                update.add_drawing(table, geometry, values)
        update.commit()
    except BaseException:
        update.abort()
        raise
    finally:
        # a QGIS iterator left to the traceback would outlive QGIS itself
        features.close()
        del features, control

    report = CopyReport(_series_counts(source), len(sources),
                        {table: len(rows) for table, rows in drawings.items()})
    _check_counts(target, report)
    return report


def _target_has_store(location: str) -> bool:
    parsed = parse_location(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            return _schema_exists(cursor, parsed.schema) and _current_version(cursor, parsed.schema) > 0
    finally:
        conn.close()


def _drawing_rows(location: str, table: str) -> List[Tuple[QgsGeometry, Dict[str, object]]]:
    layer = _open_table(location, table)
    if layer is None:
        return []
    names = [name for name, *_ in DRAWING_FIELD_SPECS if layer.fields().indexOf(name) >= 0]
    return [(QgsGeometry(f.geometry()), {name: _python_value(f[name]) for name in names})
            for f in layer.getFeatures()]


def _check_counts(target: str, report: CopyReport) -> None:
    """Count what the target holds; a difference with the source raises StoreError."""
    got = _series_counts(target)
    if got != report.control:
        raise StoreError(tr("Copy check failed: the target holds {} control rows per series, the "
                            "source {}.").format(got, report.control))
    got_sources = len(_sources_of(target))
    if got_sources != report.sources:
        raise StoreError(tr("Copy check failed: the target holds {} sources, the source {}.").format(
            got_sources, report.sources))
    for table, expected in report.drawings.items():
        layer = _open_table(target, table)
        count = layer.featureCount() if layer is not None else 0
        if count != expected:
            raise StoreError(tr("Copy check failed: the target's {} holds {} rows, the source {}.").format(
                table, count, expected))


def _sources_of(location: str) -> Dict[str, SourceInfo]:
    from . import store

    return source_info(location) if is_postgis_location(location) else store.source_info(location)


# -- occupied share measured in the database ---------------------------------------------
_COVERED_QUERY = """
WITH members AS (SELECT k, fid FROM unnest(%(set_ids)s::integer[], %(fids)s::bigint[]) AS m(k, fid)),
areas AS MATERIALIZED (SELECT i, ST_SetSRID(ST_GeomFromWKB(wkb), 4326) AS g
          FROM unnest(%(area_ids)s::integer[], %(wkbs)s::bytea[]) AS a(i, wkb)),
-- each control row meets each area once, however many sets (days) it belongs to
pieces AS MATERIALIZED (SELECT c.fid, areas.i, ST_Intersection(c.geom, areas.g) AS g
          FROM {schema}.control c JOIN areas ON c.geom && areas.g
          WHERE c.fid IN (SELECT DISTINCT fid FROM members))
SELECT m.k, p.i, ST_Area(geography(ST_CollectionExtract(ST_Union(p.g), 3)), true)
FROM members m JOIN pieces p ON p.fid = m.fid
GROUP BY m.k, p.i
"""


def covered_m2_in_database(location: str, areas: Sequence[QgsGeometry],
                           feature_sets: Sequence[Sequence[int]], is_canceled=None
                           ) -> List[List[float]]:
    """Square metres of each area (EPSG:4326 polygons) under the union of each
    set of control features (fids of the store's control table), measured in
    PostGIS: ST_Intersection, then ST_Area on geography with the WGS84 spheroid.
    One row per set, one value per area (0.0 where nothing covers it). Only the
    areas and the numbers cross the network. ``is_canceled()`` is asked before
    the query; a running query is not interrupted."""
    parsed = parse_location(location)
    set_ids, fids = [], []
    for number, members in enumerate(feature_sets):
        for fid in members:
            set_ids.append(number)
            fids.append(int(fid))
    parameters = {"set_ids": set_ids, "fids": fids, "area_ids": list(range(len(areas))),
                  "wkbs": [psycopg2.Binary(bytes(geometry.asWkb())) for geometry in areas]}
    result = [[0.0] * len(areas) for _ in feature_sets]
    if not fids or not areas or (is_canceled is not None and is_canceled()):
        return result
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            cursor.execute(_statement(_COVERED_QUERY, parsed.schema), parameters)
            for number, index, m2 in cursor.fetchall():
                result[number][index] = m2 or 0.0
        conn.rollback()
    except psycopg2.Error as error:
        raise PostgisStoreError(str(error).strip()) from error
    finally:
        conn.close()
    return result


@dataclass(frozen=True)
class ShareWorkload:
    """What an occupied-share run would ask of the store: the control rows
    meeting the areas (``rows``), their geometry bytes (what the desktop reads
    over the network) and vertices, how many (row, area) pairs overlap (what
    the database intersects), and the measured transfer rate (bytes/second)."""

    rows: int
    geometry_bytes: int
    vertices: int
    row_area_pairs: int
    pair_vertices: int
    transfer_bytes_per_s: float


_WORKLOAD_QUERY = """
WITH areas AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromWKB(wkb), 4326) AS g
          FROM unnest(%(wkbs)s::bytea[]) AS a(wkb)),
rows AS MATERIALIZED (SELECT c.fid, c.geom FROM {schema}.control c
          WHERE c.fid = ANY(%(fids)s::bigint[]))
SELECT count(*), coalesce(sum(ST_MemSize(r.geom)), 0), coalesce(sum(ST_NPoints(r.geom)), 0),
       (SELECT count(*) FROM rows r2 JOIN areas a ON r2.geom && a.g),
       (SELECT coalesce(sum(ST_NPoints(r2.geom)), 0) FROM rows r2 JOIN areas a ON r2.geom && a.g),
       (SELECT fid FROM rows ORDER BY ST_MemSize(geom) DESC LIMIT 1)
FROM rows r
"""

_PROBE_QUERY = "SELECT ST_AsBinary(geom) FROM {schema}.control WHERE fid = %s"


def share_workload(location: str, areas: Sequence[QgsGeometry], fids: Sequence[int]) -> ShareWorkload:
    """Measure the work of an occupied-share run over the control rows ``fids``
    (from the catalogue, without reading geometries), and the rate at which the
    largest of them crosses the network (read once, timed)."""
    import time

    parsed = parse_location(location)
    parameters = {"fids": [int(fid) for fid in fids],
                  "wkbs": [psycopg2.Binary(bytes(geometry.asWkb())) for geometry in areas]}
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            cursor.execute(_statement(_WORKLOAD_QUERY, parsed.schema), parameters)
            rows, size, vertices, pairs, pair_vertices, largest = cursor.fetchone()
            rate = float("inf")
            if largest is not None:
                started = time.perf_counter()
                cursor.execute(_statement(_PROBE_QUERY, parsed.schema), (largest,))
                probe = cursor.fetchone()[0]
                seconds = time.perf_counter() - started
                rate = len(probe) / seconds if seconds > 0 else float("inf")
        conn.rollback()
    except psycopg2.Error as error:
        raise PostgisStoreError(str(error).strip()) from error
    finally:
        conn.close()
    return ShareWorkload(int(rows), int(size), int(vertices), int(pairs), int(pair_vertices), rate)
