"""store/postgis/ against a real PostgreSQL/PostGIS server: schema and
migrations, provenance, optimistic conflict detection, locations and credentials.

The server is the throwaway cluster of ``.ci/postgres.sh start`` (service
``situation_mapper_test`` in the pg_service file it writes). Tests marked
``postgis`` skip, saying why, when it is not reachable. Each test works in its own
schema, dropped afterwards. The fixtures here are shared by tests/test_postgis_*.py.
"""

import os
import uuid
from pathlib import Path

import pytest

SERVICE = "situation_mapper_test"
SERVICE_B = "situation_mapper_test_b"  # the same database as the role analyst_b
SERVICE_FILE = Path(__file__).resolve().parents[1] / "build" / "postgis" / "pg_service.conf"


def _server_reachable() -> str:
    """'' when the test server answers, else the reason it does not."""
    if not os.environ.get("PGSERVICEFILE") and SERVICE_FILE.exists():
        os.environ["PGSERVICEFILE"] = str(SERVICE_FILE)
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed (Debian: python3-psycopg2)"
    try:
        psycopg2.connect(service=SERVICE, connect_timeout=3).close()
    except psycopg2.Error as error:
        return (f"PostGIS test server not reachable through pg_service '{SERVICE}' "
                f"({str(error).strip().splitlines()[0]}); start it with `.ci/postgres.sh start`")
    return ""


REQUIRE_ENV = "SITUATION_MAPPER_REQUIRE_POSTGIS"  # set by CI: an unreachable server fails, not skips


@pytest.fixture(scope="session")
def postgis_server():
    reason = _server_reachable()
    if reason:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{reason} ({REQUIRE_ENV} is set)")
        pytest.skip(reason)
    return SERVICE


def drop_schema(schema: str) -> None:
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(service=SERVICE)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.commit()
    finally:
        conn.close()


@pytest.fixture()
def pg_schema(postgis_server):
    """A fresh schema name (dropped after the test)."""
    schema = "t_" + uuid.uuid4().hex[:10]
    yield schema
    drop_schema(schema)


@pytest.fixture()
def pg_location(pg_schema):
    """A store location in a fresh schema (not created yet)."""
    return f"postgres:service={SERVICE} schema={pg_schema}"


def pg_connect(service=SERVICE):
    import psycopg2

    return psycopg2.connect(service=service)


def control_source(location: str):
    """What an algorithm's CONTROL takes for a store, on either backend: the store
    itself (a .gpkg path, or a ``postgres:service=... schema=...`` location)."""
    return location


# -- schema and migrations -------------------------------------------------------------
@pytest.mark.postgis
def test_create_makes_the_versioned_schema(qgis_app, pg_location, pg_schema):
    from situation_mapper.store import postgis as postgis_store, schema

    assert postgis_store.create(pg_location) == pg_location
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                       (pg_schema,))
        tables = {row[0] for row in cursor.fetchall()}
        assert tables >= {"control", "sources", "store_info", "schema_migrations",
                          "drawings_arcs", "drawings_corridors"}
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                       "AND table_name = 'control' ORDER BY ordinal_position", (pg_schema,))
        columns = [row[0] for row in cursor.fetchall()]
        # the registry's fields, provenance, then the derived date-time columns
        assert columns == (["fid", "geom"] + [name for name, *_ in schema.CONTROL_FIELD_SPECS]
                           + list(postgis_store.PROVENANCE_FIELDS)
                           + [name for name, _date in schema.CONTROL_TIME_COLUMNS])
        cursor.execute("SELECT type, srid FROM geometry_columns WHERE f_table_schema = %s "
                       "AND f_table_name = 'control'", (pg_schema,))
        assert cursor.fetchone() == ("MULTIPOLYGON", 4326)
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = 'control'",
                       (pg_schema,))
        indexes = " ".join(row[0] for row in cursor.fetchall())
        assert "gist (geom)" in indexes and "UNIQUE" in indexes
        cursor.execute(f'SELECT version, applied_by FROM "{pg_schema}".schema_migrations')
        assert cursor.fetchall() == [(schema.SCHEMA_VERSION, "postgres")]
    conn.close()

    info = postgis_store.validate(pg_location)
    assert (info.schema_version, info.control_rows) == (schema.SCHEMA_VERSION, 0)
    assert postgis_store.store_info(pg_location)["schema_version"] == str(schema.SCHEMA_VERSION)
    # migrating again is a no-op; creating again is refused unless overwriting
    conn = pg_connect()
    assert postgis_store.migrate(conn, pg_schema) == schema.SCHEMA_VERSION
    conn.close()
    with pytest.raises(postgis_store.PostgisStoreError, match="already holds a situation store"):
        postgis_store.create(pg_location)
    postgis_store.create(pg_location, overwrite=True)


@pytest.mark.postgis
def test_validate_says_what_is_wrong(qgis_app, pg_location, pg_schema):
    from situation_mapper.store import postgis as postgis_store

    with pytest.raises(postgis_store.PostgisStoreError, match="no schema"):
        postgis_store.validate(pg_location)
    postgis_store.create(pg_location)
    conn = pg_connect()
    with conn.cursor() as cursor:  # a store written by a future plugin version
        cursor.execute(f'INSERT INTO "{pg_schema}".schema_migrations (version) VALUES (99)')
    conn.commit()
    conn.close()
    with pytest.raises(postgis_store.PostgisStoreError, match="newer than this plugin"):
        postgis_store.validate(pg_location)
    with pytest.raises(postgis_store.PostgisStoreError, match="newer than this plugin"):
        postgis_store.PostgisStoreUpdate(pg_location)


@pytest.mark.postgis
def test_a_schema_name_with_quotes_is_an_identifier_not_sql(qgis_app, postgis_server):
    """A new store is refused such a name; one a database administrator made
    is used, its name quoted as an identifier everywhere."""
    import psycopg2
    from psycopg2 import sql

    from situation_mapper.store import postgis as postgis_store

    schema = 'we"ird; DROP TABLE x; --' + uuid.uuid4().hex[:6]
    location = f"postgres:service={SERVICE} schema='{schema}'"
    with pytest.raises(postgis_store.PostgisStoreError, match="lower-case letters"):
        postgis_store.create(location)
    conn = psycopg2.connect(service=SERVICE)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
            assert cursor.fetchone() is None  # refused before anything was made
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        conn.commit()
    finally:
        conn.close()
    try:
        postgis_store.create(location)
        assert postgis_store.validate(location).control_rows == 0
        layer = postgis_store.control_layer(location)
        assert layer.isValid() and layer.featureCount() == 0
    finally:
        drop_schema(schema)


# -- provenance and conflicts ----------------------------------------------------------
def _one_control_row(location):
    import datetime

    from qgis.core import QgsGeometry

    from situation_mapper.store import postgis as postgis_store

    update = postgis_store.PostgisStoreUpdate(location)
    fid = update.add_control(QgsGeometry.fromWkt("MultiPolygon(((37 48, 37.1 48, 37.1 48.1, 37 48)))"),
                             datetime.date(2025, 11, 20), None,
                             {"status": "occupied", "source": "A", "note": "first"})
    update.commit()
    return fid


@pytest.mark.postgis
def test_every_row_says_who_made_and_changed_it(qgis_app, pg_location, pg_schema):
    from situation_mapper.store import postgis as postgis_store

    fid = _one_control_row(pg_location)
    conn_b = pg_connect(SERVICE_B)
    version = postgis_store.read_version(conn_b, pg_schema, "control", fid)
    assert version == 1
    assert postgis_store.update_feature(conn_b, pg_schema, "control", fid, version, {"note": "by b"}) == 2
    conn_b.commit()
    with conn_b.cursor() as cursor:
        cursor.execute(f'SELECT note, created_by, changed_by, created_at <= changed_at, row_version '
                       f'FROM "{pg_schema}".control WHERE fid = %s', (fid,))
        assert cursor.fetchone() == ("by b", "postgres", "analyst_b", True, 2)
        # a writer cannot forge provenance
        cursor.execute(f'UPDATE "{pg_schema}".control SET created_by = %s, changed_by = %s WHERE fid = %s',
                       ("mallory", "mallory", fid))
        cursor.execute(f'SELECT created_by, changed_by, row_version FROM "{pg_schema}".control '
                       f'WHERE fid = %s', (fid,))
        assert cursor.fetchone() == ("postgres", "analyst_b", 3)
        cursor.execute(f'SELECT created_by FROM "{pg_schema}".sources')
    conn_b.rollback()
    conn_b.close()


@pytest.mark.postgis
def test_a_conflicting_edit_is_refused_and_named(qgis_app, pg_location, pg_schema):
    from situation_mapper.store import postgis as postgis_store

    fid = _one_control_row(pg_location)
    conn_a, conn_b = pg_connect(), pg_connect(SERVICE_B)
    read_a = postgis_store.read_version(conn_a, pg_schema, "control", fid)
    read_b = postgis_store.read_version(conn_b, pg_schema, "control", fid)
    conn_a.commit()
    conn_b.commit()
    # A saves first
    postgis_store.update_feature(conn_a, pg_schema, "control", fid, read_a, {"note": "A's edit"})
    conn_a.commit()
    # B saves an edit of the version it read: told, not silently overwriting A
    with pytest.raises(postgis_store.EditConflict) as caught:
        postgis_store.update_feature(conn_b, pg_schema, "control", fid, read_b, {"note": "B's edit"})
    message = str(caught.value)
    assert f"control feature {fid}" in message and "changed by postgres" in message
    assert "version 2" in message and "read version 1" in message
    with conn_b.cursor() as cursor:
        cursor.execute(f'SELECT note, row_version FROM "{pg_schema}".control WHERE fid = %s', (fid,))
        assert cursor.fetchone() == ("A's edit", 2)
    # after reloading, B's edit goes through
    fresh = postgis_store.read_version(conn_b, pg_schema, "control", fid)
    postgis_store.update_feature(conn_b, pg_schema, "control", fid, fresh, {"note": "B's edit"})
    conn_b.commit()
    conn_a.close()
    conn_b.close()


@pytest.mark.postgis
def test_concurrent_edits_while_both_transactions_are_open(qgis_app, pg_location, pg_schema):
    """B's update waits on A's row lock, then sees A's committed version and is refused."""
    import threading

    from situation_mapper.store import postgis as postgis_store

    fid = _one_control_row(pg_location)
    conn_a, conn_b = pg_connect(), pg_connect(SERVICE_B)
    postgis_store.update_feature(conn_a, pg_schema, "control", fid, 1, {"note": "A"})  # not committed
    outcome = {}

    def edit_b():
        try:
            postgis_store.update_feature(conn_b, pg_schema, "control", fid, 1, {"note": "B"})
            outcome["b"] = "saved"
        except postgis_store.EditConflict as error:
            outcome["b"] = str(error)

    thread = threading.Thread(target=edit_b)
    thread.start()
    thread.join(0.5)  # B is blocked on A's row lock meanwhile (not asserted: timing)
    conn_a.commit()
    thread.join(30)
    assert outcome["b"].startswith("edit conflict: control feature")
    conn_a.close()
    conn_b.close()


# -- locations and credentials ---------------------------------------------------------
def test_locations_are_recognised_and_parsed(qgis_app):
    from situation_mapper.store import postgis as postgis_store

    assert postgis_store.is_postgis_location("postgres:service=x schema=s")
    assert postgis_store.is_postgis_location("service='x' schema='s'")
    assert postgis_store.is_postgis_location("host=db dbname=gis schema=s")
    assert not postgis_store.is_postgis_location("/tmp/store.gpkg")
    assert not postgis_store.is_postgis_location(None)
    location = postgis_store.parse_location("postgres:service=desk schema=pokrovsk")
    assert location.schema == "pokrovsk" and location.uri().service() == "desk"
    with pytest.raises(postgis_store.PostgisStoreError, match="no schema"):
        postgis_store.parse_location("postgres:service=desk")
    with pytest.raises(postgis_store.PostgisStoreError, match="names no database"):
        postgis_store.parse_location("postgres:schema=s user=x")


def test_a_password_never_reaches_a_layer_source_or_a_message(qgis_app):
    from situation_mapper.store import postgis as postgis_store

    fake = "fake-" + uuid.uuid4().hex[:8]  # made up per run: not a credential
    text = f"postgres:host=127.0.0.1 port=1 dbname=gis user=u password={fake} schema=s"
    location = postgis_store.parse_location(text)
    assert fake not in postgis_store.layer_uri(text)
    assert fake not in postgis_store.processing_source(text)
    assert fake not in location.public_text()
    with pytest.raises(postgis_store.PostgisStoreError) as caught:
        postgis_store.connect(location)  # nothing listens on port 1
    assert fake not in str(caught.value)
    # kept in memory for the connection itself
    assert postgis_store._connect_kwargs(location).get("password") == fake


def test_authcfg_stays_a_reference(qgis_app):
    from situation_mapper.store import postgis as postgis_store

    text = "postgres:host=db.example dbname=gis authcfg=ab12cd3 schema=s"
    uri = postgis_store.layer_uri(text)
    assert "authcfg=ab12cd3" in uri and "password" not in uri
    # an authcfg the manager does not know is refused, never ignored
    with pytest.raises(postgis_store.PostgisStoreError, match="ab12cd3"):
        postgis_store._connect_kwargs(postgis_store.parse_location(text))


@pytest.mark.postgis
def test_a_saved_qgis_connection_is_a_location(qgis_app, pg_schema):
    from qgis.core import QgsDataSourceUri, QgsProviderRegistry

    from situation_mapper.store import postgis as postgis_store

    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    uri = QgsDataSourceUri()
    uri.setConnection(SERVICE, "", "", "")
    name = "situation mapper test " + pg_schema
    connection = metadata.createConnection(uri.uri(False), {})
    metadata.saveConnection(connection, name)
    try:
        location = f"postgres:connection='{name}' schema={pg_schema}"
        postgis_store.create(location)
        assert postgis_store.validate(location).control_rows == 0
        assert postgis_store.parse_location(location).uri().service() == SERVICE
    finally:
        metadata.deleteConnection(name)


@pytest.mark.postgis
def test_drawing_in_qgis_on_a_postgis_store_detects_conflicts(qgis_app, pg_location):
    """Two analysts edit the same drawn arc in QGIS edit sessions: the second save is
    refused, naming the feature, and keeps the second analyst's edits in the buffer."""
    from qgis.core import QgsGeometry

    from situation_mapper.layers import drawings
    from situation_mapper.store import postgis as postgis_store

    postgis_store.create(pg_location)
    arcs = postgis_store.drawings_layer(pg_location, "drawings_arcs")
    drawings.add_drawing(arcs, QgsGeometry.fromWkt("LineString(37 48, 37.1 48.1)"),
                         {"kind": "encirclement_arc", "author": "desk", "radius_m": 5000.0}, "arc")
    drawings.save_drawings(arcs)
    arcs.commitChanges()

    layer_a = postgis_store.drawings_layer(pg_location, "drawings_arcs")
    layer_b = postgis_store.drawings_layer(pg_location, "drawings_arcs")
    guards = [postgis_store.EditGuard(layer_a), postgis_store.EditGuard(layer_b)]
    layer_a.startEditing()
    layer_b.startEditing()
    fid = next(layer_a.getFeatures()).id()
    layer_a.changeGeometry(fid, QgsGeometry.fromWkt("LineString(37 48, 37.2 48.2)"))
    drawings.save_drawings(layer_a)
    layer_b.changeAttributeValue(fid, layer_b.fields().indexOf("note"), "B's note")
    with pytest.raises(drawings.DrawingStoreError, match=f"edit conflict: drawings_arcs feature {fid}"):
        drawings.save_drawings(layer_b)
    assert layer_b.isEditable() and layer_b.editBuffer().changedAttributeValues()
    stored = next(postgis_store.drawings_layer(pg_location, "drawings_arcs").getFeatures())
    assert stored.geometry().asWkt(1) == "LineString (37 48, 37.2 48.2)"
    assert (stored["note"], stored["row_version"], stored["created_by"]) == (None, 2, "postgres")
    for guard in guards:
        guard.release()
    layer_a.rollBack()
    layer_b.rollBack()


@pytest.mark.postgis
def test_a_version_1_store_is_migrated_when_opened(qgis_app, pg_location, pg_schema):
    from situation_mapper import store

    store.create(pg_location)
    conn = pg_connect()
    with conn.cursor() as cursor:  # the store as schema version 1 left it
        cursor.execute(f'ALTER TABLE "{pg_schema}".sources DROP COLUMN retrieved')
        cursor.execute(f'DROP TABLE "{pg_schema}".events')
        cursor.execute(f'DELETE FROM "{pg_schema}".schema_migrations')
        cursor.execute(f'INSERT INTO "{pg_schema}".schema_migrations (version, description) VALUES (1, %s)',
                       ("control, sources, drawings, provenance and row versions",))
        cursor.execute(f"UPDATE \"{pg_schema}\".store_info SET value = '1' WHERE key = 'schema_version'")
        cursor.execute(f'INSERT INTO "{pg_schema}".sources (source, licence, url, attribution) '
                       "VALUES ('ISW', 'CC BY 4.0', 'https://www.understandingwar.org', 'ISW and CTP')")
    conn.commit()
    conn.close()

    assert store.validate(pg_location).schema_version == 3
    assert store.source_info(pg_location) == {"ISW": store.SourceInfo(
        "ISW", "CC BY 4.0", "https://www.understandingwar.org", "ISW and CTP", "")}
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT version FROM "{pg_schema}".schema_migrations ORDER BY version')
        assert [row[0] for row in cursor.fetchall()] == [1, 2, 3]
        cursor.execute(f"SELECT value FROM \"{pg_schema}\".store_info WHERE key = 'schema_version'")
        assert cursor.fetchone()[0] == "3"
        cursor.execute("SELECT column_name, data_type FROM information_schema.columns "
                       "WHERE table_schema = %s AND table_name = 'events'", (pg_schema,))
        columns = dict(cursor.fetchall())
        assert columns["event_time"] == "timestamp with time zone" and columns["row_version"] == "integer"
    conn.close()
    store.set_source_info(pg_location, "ISW", "CC BY 4.0", "https://www.understandingwar.org",
                          "ISW and CTP", "2025-03-04")
    assert store.source_info(pg_location)["ISW"].retrieved == "2025-03-04"
