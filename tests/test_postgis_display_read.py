"""A PostGIS store's situation layers read one day's rows in the database: the
control table carries its validity as date-times (generated from valid_from and
valid_to), the layers' temporal filter uses them as real columns, and each day
still draws exactly the snapshot valid that day. A store made before those
columns gains them when it is opened, its rows and their provenance untouched;
QGIS's own edits keep them in step with the dates.

Needs the PostGIS test server (tests marked ``postgis`` skip without it)."""

import datetime

import pytest
from qgis.core import QgsFeature, QgsFeatureRequest, QgsFields, QgsGeometry, QgsProject

from test_postgis_store import SERVICE, pg_location, pg_schema, postgis_server  # noqa: F401 (fixtures)
from test_situation_layers import ROWS, drawn_fids, expected_squares, square

pytestmark = pytest.mark.postgis
D = datetime.date


def connect():
    import psycopg2

    return psycopg2.connect(service=SERVICE)


def insert_rows(schema, rows=ROWS):
    """The hand-made rows written with plain SQL (not the plugin's writers)."""
    from psycopg2 import sql

    conn = connect()
    with conn.cursor() as cursor:
        for valid_from, valid_to, status, source, index in rows:
            cursor.execute(sql.SQL("INSERT INTO {}.control (geom, valid_from, valid_to, status, source, note) "
                                   "VALUES (ST_GeomFromText(%s, 4326), %s, %s, %s, %s, %s)").format(
                sql.Identifier(schema)), (square(index).asWkt(), valid_from, valid_to, status, source, str(index)))
    conn.commit()
    conn.close()


def control_columns(schema):
    conn = connect()
    with conn.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                       "AND table_name = 'control'", (schema,))
        columns = {row[0] for row in cursor.fetchall()}
    conn.close()
    return columns


def square_index(layer, fid):
    return int(layer.getFeature(fid)["note"])


@pytest.fixture()
def team_store(qgis_app, pg_location, pg_schema):
    from situation_mapper.store import postgis as postgis_store

    postgis_store.create(pg_location)
    insert_rows(pg_schema)
    return pg_location


def test_each_day_is_filtered_in_the_database_and_draws_the_valid_snapshot(team_store, pg_schema,
                                                                          qgis_new_project):
    from situation_mapper.layers.situation_layers import load_situation_layers

    assert {"valid_from_time", "valid_to_time"} <= control_columns(pg_schema)
    layers = {(layer.customProperty("situation_mapper/source"), layer.customProperty("situation_mapper/status")):
              layer for layer in load_situation_layers(team_store, QgsProject.instance())}
    assert len(layers) == 3
    for layer in layers.values():
        fields = layer.fields()
        # columns of the table, not virtual fields: the provider sends the day's filter to the server
        for name in ("valid_from_time", "valid_to_time"):
            assert fields.fieldOrigin(fields.indexOf(name)) == QgsFields.OriginProvider, name
        assert layer.temporalProperties().startField() == "valid_from_time"
        assert layer.temporalProperties().endField() == "valid_to_time"
    day = D(2025, 10, 28)
    while day <= D(2025, 11, 15):
        for (source, status), layer in layers.items():
            drawn = sorted(square_index(layer, fid) for fid in drawn_fids(layer, day))
            assert drawn == expected_squares(day, status, source), (day, source, status)
        day += datetime.timedelta(days=1)
    occupied = layers[("Source A", "occupied")]
    # the boundaries by hand: valid_to is exclusive, NULL is open
    assert [square_index(occupied, f) for f in drawn_fids(occupied, D(2025, 10, 31))] == []
    assert [square_index(occupied, f) for f in drawn_fids(occupied, D(2025, 11, 4))] == [0]
    assert [square_index(occupied, f) for f in drawn_fids(occupied, D(2025, 11, 5))] == [1]
    assert [square_index(occupied, f) for f in drawn_fids(occupied, D(2031, 1, 1))] == [2]


def test_a_store_made_before_the_time_columns_gains_them_when_opened(qgis_app, pg_location, pg_schema):
    from psycopg2 import sql

    from situation_mapper.store import postgis as postgis_store

    postgis_store.create(pg_location)
    conn = connect()
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("ALTER TABLE {}.control DROP COLUMN valid_from_time, DROP COLUMN valid_to_time")
                       .format(sql.Identifier(pg_schema)))
    conn.commit()
    conn.close()
    insert_rows(pg_schema)
    assert "valid_from_time" not in control_columns(pg_schema)
    provenance = sql.SQL("SELECT fid, changed_by, changed_at, row_version, valid_from, valid_to FROM {}.control "
                         "ORDER BY fid").format(sql.Identifier(pg_schema))
    conn = connect()
    with conn.cursor() as cursor:
        cursor.execute(provenance)
        before = cursor.fetchall()
    conn.close()

    info = postgis_store.validate(pg_location)
    assert info.control_rows == len(ROWS)
    assert {"valid_from_time", "valid_to_time"} <= control_columns(pg_schema)
    conn = connect()
    with conn.cursor() as cursor:
        cursor.execute(provenance)
        assert cursor.fetchall() == before  # no row rewritten: provenance and versions as they were
        cursor.execute(sql.SQL("SELECT valid_from, valid_to, valid_from_time, valid_to_time FROM {}.control")
                       .format(sql.Identifier(pg_schema)))
        for valid_from, valid_to, from_time, to_time in cursor.fetchall():
            assert from_time == datetime.datetime.combine(valid_from, datetime.time())
            assert to_time == (datetime.datetime.combine(valid_to, datetime.time()) if valid_to else None)
    conn.close()
    # opening again changes nothing
    assert postgis_store.validate(pg_location).control_rows == len(ROWS)


def test_edits_in_qgis_keep_the_time_columns_in_step(team_store, pg_schema, qgis_new_project):
    from situation_mapper.layers.situation_layers import load_situation_layers
    from situation_mapper.store import open_control_layer

    control = open_control_layer(team_store)
    assert control.startEditing()
    # the open row of Source A ends on 20 Nov; a new one takes over that day
    open_row = next(control.getFeatures(QgsFeatureRequest().setFilterExpression(
        "\"source\" = 'Source A' AND \"valid_to\" IS NULL")))
    assert control.changeAttributeValue(open_row.id(), control.fields().indexOf("valid_to"), "2025-11-20")
    added = QgsFeature(control.fields())
    added.setGeometry(QgsGeometry(square(9)))
    for name, value in (("valid_from", "2025-11-20"), ("status", "occupied"), ("source", "Source A"),
                        ("note", "9")):
        added[name] = value
    assert control.addFeature(added)
    assert control.commitChanges(), control.commitErrors()

    layer = next(layer for layer in load_situation_layers(team_store, QgsProject.instance())
                 if layer.customProperty("situation_mapper/source") == "Source A")
    assert [square_index(layer, f) for f in drawn_fids(layer, D(2025, 11, 19))] == [2]
    assert [square_index(layer, f) for f in drawn_fids(layer, D(2025, 11, 20))] == [9]
    assert [square_index(layer, f) for f in drawn_fids(layer, D(2031, 1, 1))] == [9]


def test_a_project_saved_before_the_time_columns_reopens_and_draws_each_day(qgis_app, pg_location, pg_schema,
                                                                            qgis_new_project, tmp_path):
    from psycopg2 import sql

    from situation_mapper.layers.situation_layers import load_situation_layers
    from situation_mapper.store import postgis as postgis_store

    postgis_store.create(pg_location)
    conn = connect()
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("ALTER TABLE {}.control DROP COLUMN valid_from_time, DROP COLUMN valid_to_time")
                       .format(sql.Identifier(pg_schema)))
    conn.commit()
    conn.close()
    insert_rows(pg_schema)
    project = QgsProject.instance()
    # layers made while the table lacks the columns: the virtual fields of layers/temporal.py
    layers = load_situation_layers(pg_location, project)
    fields = layers[0].fields()
    assert fields.fieldOrigin(fields.indexOf("valid_from_time")) == QgsFields.OriginExpression
    path = str(tmp_path / "team.qgz")
    assert project.write(path)
    project.clear()

    postgis_store.validate(pg_location)  # the store gains its columns
    assert project.read(path)
    layer = next(layer for layer in project.mapLayers().values()
                 if layer.customProperty("situation_mapper/source") == "Source A")
    assert layer.isValid()
    assert layer.fields().names().count("valid_from_time") == 1
    for day in (D(2025, 10, 31), D(2025, 11, 4), D(2025, 11, 5), D(2025, 11, 12)):
        drawn = sorted(square_index(layer, fid) for fid in drawn_fids(layer, day))
        assert drawn == expected_squares(day, "occupied", "Source A"), day


def test_a_role_that_may_not_alter_the_table_reads_the_store_as_it_is(qgis_app, pg_location, pg_schema,
                                                                      qgis_new_project):
    import uuid

    from psycopg2 import sql

    from situation_mapper.layers.situation_layers import load_situation_layers
    from situation_mapper.store import postgis as postgis_store

    postgis_store.create(pg_location)
    role = "reader_" + uuid.uuid4().hex[:8]
    conn = connect()
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("ALTER TABLE {}.control DROP COLUMN valid_from_time, DROP COLUMN valid_to_time")
                       .format(sql.Identifier(pg_schema)))
        cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(pg_schema),
                                                                        sql.Identifier(role)))
        cursor.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(
            sql.Identifier(pg_schema), sql.Identifier(role)))
    conn.commit()
    conn.close()
    insert_rows(pg_schema)
    try:
        location = f"postgres:service={SERVICE} user={role} schema={pg_schema}"
        assert postgis_store.validate(location).control_rows == len(ROWS)  # no error: read as it is
        assert "valid_from_time" not in control_columns(pg_schema)
        layers = load_situation_layers(location, QgsProject.instance())
        assert len(layers) == 3
        for layer in layers:
            source, status = (layer.customProperty("situation_mapper/source"),
                              layer.customProperty("situation_mapper/status"))
            for day in (D(2025, 10, 31), D(2025, 11, 4), D(2025, 11, 5), D(2025, 11, 8), D(2025, 11, 12)):
                drawn = sorted(square_index(layer, fid) for fid in drawn_fids(layer, day))
                assert drawn == expected_squares(day, status, source), (day, source, status)
    finally:
        QgsProject.instance().removeAllMapLayers()
        conn = connect()
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            cursor.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
        conn.commit()
        conn.close()
