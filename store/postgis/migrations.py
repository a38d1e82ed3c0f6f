"""The PostGIS store's schema: tables from the registry (``store/schema.py``),
the provenance trigger, the migrations per schema version, create and validate."""

import datetime
import re
from typing import Dict, List, Tuple

from qgis.core import QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from ...infra.i18n import tr
from ...infra.log import log
from ..schema import (
    CONTROL_FIELD_SPECS,
    CONTROL_TABLE,
    CONTROL_TIME_COLUMNS,
    DRAWING_FIELD_SPECS,
    DRAWINGS_ARCS_TABLE,
    DRAWINGS_CORRIDORS_TABLE,
    GEOMETRY_COLUMN,
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    SOURCES_TABLE,
    STORE_INFO_TABLE,
    TABLES,
)
from ..types import StoreInfo
from .location import MIGRATIONS_TABLE, NoStoreYet, PostgisStoreError, connect, parse_location

try:  # Debian python3-psycopg2; QGIS itself does not need it
    import psycopg2
    from psycopg2 import sql
except ImportError:  # pragma: no cover - reported when a PostGIS store is used
    psycopg2 = None
    sql = None

_PG_TYPES = {QVariant.Date: "date", QVariant.DateTime: "timestamptz", QVariant.String: "text",
             QVariant.Double: "double precision", QVariant.Int: "integer"}
def _column_type(variant_type, length) -> str:
    if variant_type == QVariant.String and length:
        return f"varchar({int(length)})"
    return _PG_TYPES[variant_type]


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
    return [(1, "control, sources, drawings, provenance and row versions", statements),
            # additive: sources.retrieved comes from the registry (registry_statements)
            (2, SCHEMA_HISTORY[2], []),
            # additive: the events table comes from the registry (registry_statements)
            (3, SCHEMA_HISTORY[3], [])]


MIGRATIONS = _migrations()
if MIGRATIONS[-1][0] != SCHEMA_VERSION:  # a migration per schema version
    raise RuntimeError("store/postgis/migrations.py has no migration to schema version {}".format(SCHEMA_VERSION))


def _table_statements(spec) -> List[str]:
    """CREATE TABLE (fid, geometry, registry fields, provenance), its indexes and
    its provenance trigger, from a registry entry (``store/schema.py``)."""
    columns = ["fid bigserial PRIMARY KEY"]
    if spec.has_geometry:
        columns.append(f"{GEOMETRY_COLUMN} geometry({QgsWkbTypes.displayString(spec.geometry)}, 4326)")
    for name, kind, length, _comment in spec.fields:
        column = f"{name} {_column_type(kind, length)}"
        columns.append(column + " UNIQUE NOT NULL" if name == spec.key else column)
    columns.append(_provenance_columns())
    statements = [f"CREATE TABLE {{schema}}.{spec.name} ({', '.join(columns)})"]
    if spec.has_geometry:
        statements.append(f"CREATE INDEX ON {{schema}}.{spec.name} USING gist ({GEOMETRY_COLUMN})")
    statements.append(f"CREATE TRIGGER situation_provenance BEFORE INSERT OR UPDATE ON {{schema}}.{spec.name} "
                      f"FOR EACH ROW EXECUTE FUNCTION {{schema}}.situation_row_provenance()")
    return statements


def registry_statements(cursor, schema: str) -> List[str]:
    """What brings the store's tables to the registry additively: a CREATE for a
    registry table the schema lacks, an ADD COLUMN for a field a table lacks."""
    cursor.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s",
                   (schema,))
    present: Dict[str, set] = {}
    for table, column in cursor.fetchall():
        present.setdefault(table, set()).add(column)
    statements = []
    for spec in TABLES:
        if spec.name not in present:
            statements += _table_statements(spec)
            continue
        for name, kind, length, _comment in spec.fields:
            if name not in present[spec.name]:
                statements.append(f"ALTER TABLE {{schema}}.{spec.name} ADD COLUMN {name} "
                                  f"{_column_type(kind, length)}")
    return statements


def _statement(template: str, schema: str):
    return sql.SQL(template).format(schema=sql.Identifier(schema))


# How long adding the derived columns waits for the control table (a reader
# holding it): they are added another time rather than keep an import waiting.
TIME_COLUMNS_LOCK_WAIT = "2s"


_TIME_COLUMNS_TRIED = set()  # stores (public location) whose opening tried to add them


def _time_column_statements(cursor, schema: str) -> List[str]:
    """ALTER TABLE statements adding the derived date-time columns the control
    table lacks (``CONTROL_TIME_COLUMNS``, generated from the dates); none without
    a control table or before PostgreSQL 12 (no generated columns there: the
    layers then filter the days on the desktop)."""
    cursor.execute("SELECT current_setting('server_version_num')::int")
    if cursor.fetchone()[0] < 120000:
        return []
    cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                   "AND table_name = %s", (schema, CONTROL_TABLE))
    present = {row[0] for row in cursor.fetchall()}
    if not present:
        return []
    return [f"ALTER TABLE {{schema}}.{CONTROL_TABLE} ADD COLUMN {name} timestamp "
            f"GENERATED ALWAYS AS ({source}::timestamp) STORED"
            for name, source in CONTROL_TIME_COLUMNS if name not in present]


def ensure_time_columns(cursor, schema: str) -> bool:
    """Add the derived date-time columns the control table lacks, in the cursor's
    transaction (behind a savepoint, waiting at most TIME_COLUMNS_LOCK_WAIT for the
    table). True when the table has them; False (logged, nothing changed, the
    transaction goes on) when they cannot be added now: a role without the right to
    alter the table, or the table busy. Like an index, they hold nothing the dates
    do not: no schema version."""
    statements = _time_column_statements(cursor, schema)
    if not statements:
        return True
    cursor.execute("SAVEPOINT situation_time_columns")
    try:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", (TIME_COLUMNS_LOCK_WAIT,))
        for template in statements:
            cursor.execute(_statement(template, schema))
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", (previous,))
    except psycopg2.Error as error:
        cursor.execute("ROLLBACK TO SAVEPOINT situation_time_columns")
        log.info("PostGIS store %s: the control table's date-time columns are not added now (%s); "
                 "its layers filter the days on the desktop", schema, str(error).strip())
        return False
    cursor.execute("RELEASE SAVEPOINT situation_time_columns")
    log.info("PostGIS store %s: the control table gained its date-time columns", schema)
    return True


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
_SOURCE_REPLACE = ("INSERT INTO {schema}.sources (source, licence, url, attribution, retrieved) "
                   "VALUES (%s, %s, %s, %s, %s) "
                   "ON CONFLICT (source) DO UPDATE SET licence = EXCLUDED.licence, url = EXCLUDED.url, "
                   "attribution = EXCLUDED.attribution, retrieved = EXCLUDED.retrieved")
_SOURCE_KEEP = ("INSERT INTO {schema}.sources (source, licence, url, attribution, retrieved) "
                "VALUES (%s, %s, %s, %s, %s) "
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
            # the registry's tables and fields this version added
            for template in registry_statements(cursor, schema):
                cursor.execute(_statement(template, schema))
            if version:  # an upgrade: one record per step
                cursor.execute(_statement("INSERT INTO {schema}.schema_migrations (version, description) "
                                          "VALUES (%s, %s)", schema), (number, description))
                log.info("PostGIS store %s migrated to schema %s", schema, number)
        # derived, not versioned: added to a store of any version that lacks them
        ensure_time_columns(cursor, schema)
        if not version:  # a new store is created at this version in one step: one record
            cursor.execute(_statement("INSERT INTO {schema}.schema_migrations (version, description) "
                                      "VALUES (%s, %s)", schema), (SCHEMA_VERSION, "created at this version"))
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
        if version < SCHEMA_VERSION:
            version = _upgrade_if_allowed(conn, parsed.schema, version)
        with conn.cursor() as cursor:
            # a store made before them gains its date-time columns when first opened
            # (tried once a session: a role that may not alter the table reads it as it is)
            key = parsed.public_text()
            if key not in _TIME_COLUMNS_TRIED and _time_column_statements(cursor, parsed.schema):
                _TIME_COLUMNS_TRIED.add(key)
                ensure_time_columns(cursor, parsed.schema)
                conn.commit()
            info = _read_info(cursor, parsed.schema)
            cursor.execute(_statement("SELECT count(*) FROM {schema}.control", parsed.schema))
            rows = cursor.fetchone()[0]
        return StoreInfo(parsed.public_text(), version, rows, info.get("created", ""))
    finally:
        conn.close()


def _upgrade_if_allowed(conn, schema: str, version: int) -> int:
    """Migrate an older store to this plugin's version (one transaction); a
    role without the right to change the schema reads it as it is (every
    version adds, none removes)."""
    conn.rollback()
    try:
        return migrate(conn, schema)
    except psycopg2.Error as error:
        conn.rollback()
        log.warning("PostGIS store %s stays at schema %s (not upgraded: %s)", schema, version,
                    str(error).strip())
        return version


def _read_info(cursor, schema: str) -> Dict[str, str]:
    cursor.execute(_statement("SELECT key, value FROM {schema}.store_info", schema))
    return dict(cursor.fetchall())


def target_has_store(location: str) -> bool:
    """True when the schema of ``location`` holds a store (of any version)."""
    parsed = parse_location(location)
    conn = connect(parsed)
    try:
        with conn.cursor() as cursor:
            return _schema_exists(cursor, parsed.schema) and _current_version(cursor, parsed.schema) > 0
    finally:
        conn.close()
