"""A PostGIS team store: the source's licence, web address and attribution
kept by importsnapshots in the store's sources table, and a product's receipt
naming the store by its public location (never a password), with its schema
version and row counts read here with psycopg2."""

import json
import os
import sys
import uuid
from pathlib import Path

import pytest
from qgis.core import QgsProject

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import run_import, square, write_geojson  # noqa: E402
from test_postgis_store import (  # noqa: E402,F401
    SERVICE,
    pg_connect,
    pg_location,
    pg_schema,
    postgis_server,
)

pytestmark = pytest.mark.postgis


def snapshots(folder, days):
    folder.mkdir(exist_ok=True)
    return [str(write_geojson(folder / f"s_2025-11-{day:02d}.geojson", [[square(37.0, 48.0, 0.01 * day)]]))
            for day in days]


def test_import_keeps_source_details_in_a_team_store(provider, pg_location, tmp_path):
    from situation_mapper import store

    run_import(snapshots(tmp_path / "a", (10, 12)), pg_location, SOURCE="DeskA",
               SOURCE_LICENCE="CC BY 4.0", SOURCE_ATTRIBUTION="Desk A mapping team")
    run_import(snapshots(tmp_path / "b", (14,)), pg_location, SOURCE="DeskA",
               SOURCE_URL="https://example.org/desk")
    assert store.source_info(pg_location) == {"DeskA": store.SourceInfo(
        "DeskA", "CC BY 4.0", "https://example.org/desk", "Desk A mapping team")}


def test_receipt_of_a_team_store_product_has_no_password(provider, qgis_new_project, pg_location,
                                                          pg_schema, tmp_path):
    import processing

    from situation_mapper.layers.situation_layers import load_situation_layers
    from situation_mapper.store import SCHEMA_VERSION
    from test_export_map import square_area

    fake = "fake-" + uuid.uuid4().hex[:8]  # made up per run: not a credential
    # the test server trusts local connections: the made-up password is accepted and ignored
    with_password = f"{pg_location} password={fake}"
    run_import(snapshots(tmp_path / "a", (1, 2)), with_password, SOURCE="DeskA")
    load_situation_layers(with_password, QgsProject.instance())
    area = square_area()
    QgsProject.instance().addMapLayer(area)
    output = tmp_path / "team.kmz"
    processing.run("situationmapper:exportmap", {"DATE": "2025-11-02", "CONTROL": with_password,
                                                 "TITLE": "Team", "OUTPUT": str(output)})
    text = Path(str(output) + ".json").read_text(encoding="utf-8")
    assert fake not in text
    receipt = json.loads(text)
    (team_store,) = receipt["inputs"]["stores"]
    assert team_store["location"] == pg_location
    with pg_connect() as conn, conn.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{pg_schema}".control')  # nosec B608 - a test schema name
        control_rows = cursor.fetchone()[0]
    assert team_store["schema_version"] == SCHEMA_VERSION
    assert team_store["row_counts"]["control"] == control_rows == 2
    assert receipt["parameters"]["CONTROL"] == pg_location  # the public location, as given less the password
    QgsProject.instance().removeAllMapLayers()
