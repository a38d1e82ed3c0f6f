"""The panels on a team store in PostGIS, driven like a user: choose the store in
the PostGIS dialog, import a folder from the Situation panel, show its layers
and step through dates; draw and save from the Draw panel with another analyst
editing the same drawing; the map product lists the store's sources. The same
steps on a GeoPackage are in test_situation_panel.py and test_draw_tools.py."""

import datetime
import os
import sys

import pytest
from qgis.core import QgsProject, QgsVectorLayer

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import square, write_geojson  # noqa: E402
from test_postgis_store import (  # noqa: E402,F401
    SERVICE,
    SERVICE_B,
    pg_connect,
    pg_location,
    pg_schema,
    postgis_server,
)
from test_draw_tools import canvas  # noqa: E402,F401  (the Draw panel's canvas)
from test_draw_tools import panel as draw_panel  # noqa: E402,F401
from test_situation_panel import canvas_day, import_folder, message_texts, table_texts  # noqa: E402
from test_situation_panel import panel as situation_panel  # noqa: E402,F401

D = datetime.date
pytestmark = pytest.mark.postgis


@pytest.fixture()
def snapshot_folder(tmp_path):
    """Three dated files: a square growing eastwards, 12, 15 and 20 November 2025."""
    folder = tmp_path / "snapshots"
    folder.mkdir()
    for day, east in ((12, 37.05), (15, 37.10), (20, 37.15)):
        write_geojson(folder / f"front_2025-11-{day}.geojson", [[square(37.0, 48.0, east - 37.0)]])
    return str(folder)


def test_the_dialog_lists_the_databases_stores_and_builds_a_location(qgis_app, pg_location, pg_schema):
    from situation_mapper.store import postgis as postgis_store
    from situation_mapper.ui.postgis_store_dialog import SERVICE_CHOICE, PostgisStoreDialog

    postgis_store.create(pg_location)
    dialog = PostgisStoreDialog()
    dialog.connectionCombo.setCurrentIndex(dialog.connectionCombo.findData(SERVICE_CHOICE))
    dialog.serviceEdit.setText(SERVICE)
    dialog.serviceEdit.editingFinished.emit()
    listed = [dialog.schemaCombo.itemText(i) for i in range(dialog.schemaCombo.count())]
    assert pg_schema in listed
    assert "situation store(s) in this database" in dialog.statusLabel.text()
    dialog.schemaCombo.setEditText(pg_schema)
    assert dialog.location() == f"postgres:service={SERVICE} schema={pg_schema}"
    assert postgis_store.validate(dialog.location()).schema_version >= 1
    # an unknown service is said, not raised
    dialog.serviceEdit.setText("no_such_service")
    dialog.serviceEdit.editingFinished.emit()
    assert "Cannot read the database" in dialog.statusLabel.text()
    # reopened on a location, the dialog shows it
    again = PostgisStoreDialog(f"postgres:service={SERVICE} schema={pg_schema}")
    assert again.serviceEdit.text() == SERVICE and again.schemaCombo.currentText() == pg_schema
    dialog.deleteLater()
    again.deleteLater()


def test_situation_panel_imports_into_postgis_and_steps_through_dates(
        situation_panel, fake_iface, pg_location, pg_schema, snapshot_folder):
    from situation_mapper.layers.project_state import read_state
    from situation_mapper.layers.situation_layers import situation_layers

    panel = situation_panel
    # a schema with no store yet: said, and the first import creates it
    assert not panel.set_store(pg_location)
    assert any("no schema" in text and "first import creates it" in text for text in message_texts(fake_iface))
    run = import_folder(panel, snapshot_folder, "DeskA")
    assert run.ok, message_texts(fake_iface)
    assert table_texts(panel.seriesTable) == [["DeskA\noccupied", "2025-11-12\n2025-11-20", "3", "3"]]
    layers = situation_layers(QgsProject.instance())
    assert len(layers) == 1
    layer = layers[0]
    assert layer.providerType() == "postgres" and layer.name() == "Occupied (DeskA)"
    assert layer.temporalProperties().isActive()
    assert "password" not in layer.source()
    # each date shows the snapshot valid on it
    panel.show_day(D(2025, 11, 16))
    assert canvas_day(fake_iface.mapCanvas())[:2] == (D(2025, 11, 16), D(2025, 11, 17))
    request_range = fake_iface.mapCanvas().temporalRange()
    from qgis.core import QgsFeatureRequest

    expression = layer.temporalProperties().createFilterString(_temporal_context(layer), request_range)
    shown = [f["valid_from"] for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expression))]
    assert [str(v.toPyDate()) for v in shown] == ["2025-11-15"]
    # the project remembers the store without any password, and reopens on it
    state = read_state(QgsProject.instance())
    assert state.store_path == f"postgres:service={SERVICE} schema={pg_schema}"
    panel.clear()
    assert panel.seriesTable.rowCount() == 0
    panel.restore_state(state)
    assert panel.seriesTable.rowCount() == 1 and panel.current_day == D(2025, 11, 16)
    # loading again reuses the layer
    panel.add_layers_to_map()
    assert len(situation_layers(QgsProject.instance())) == 1


def _temporal_context(layer):
    from qgis.core import QgsVectorLayerTemporalContext

    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    return context


def test_an_unreachable_team_store_is_said_not_raised(situation_panel, fake_iface):
    assert not situation_panel.set_store("postgres:service=no_such_service schema=x")
    assert any("cannot be read" in text for text in message_texts(fake_iface))
    assert situation_panel.seriesTable.rowCount() == 0


def test_draw_panel_saves_into_postgis_and_reports_another_analysts_edit(
        draw_panel, fake_iface, pg_location, pg_schema):
    from situation_mapper.store import postgis as postgis_store
    from situation_mapper.layers.project_state import SituationState, write_state

    postgis_store.create(pg_location)
    write_state(QgsProject.instance(), SituationState(store_path=pg_location))
    panel = draw_panel
    panel.centreLonSpin.setValue(37.18)
    panel.centreLatSpin.setValue(48.28)
    panel.radiusSpin.setValue(8000)
    panel.startAzSpin.setValue(40)
    panel.endAzSpin.setValue(290)
    panel.noteEdit.setText("three sides")
    panel.addArcButton.click()
    layers = panel.layers()
    assert not layers.in_memory and layers.arcs.providerType() == "postgres"
    assert "Team store" in panel.storeStatusLabel.text()
    assert panel.save()
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT fid, note, radius_m, created_by, row_version FROM "{pg_schema}".drawings_arcs')
        rows = cursor.fetchall()
    conn.close()
    assert len(rows) == 1
    fid, note, radius, created_by, version = rows[0]
    assert (note, radius, created_by, version) == ("three sides", 8000, "postgres", 1)

    # analyst A starts changing the note; analyst B saves a change of the same arc first
    arcs = layers.arcs
    arcs.startEditing()
    feature_id = next(arcs.getFeatures()).id()
    arcs.changeAttributeValue(feature_id, arcs.fields().indexOf("note"), "closing")
    conn_b = pg_connect(SERVICE_B)
    with conn_b.cursor() as cursor:
        cursor.execute(f'UPDATE "{pg_schema}".drawings_arcs SET note = %s WHERE fid = %s', ("by b", fid))
    conn_b.commit()
    conn_b.close()
    assert not panel.save()
    texts = " ".join(message_texts(fake_iface))
    assert "Not saved: edit conflict" in texts and "analyst_b" in texts and "CONTEXT" not in texts
    # A's edit is still in the buffer, B's stays in the store
    assert arcs.isEditable() and arcs.editBuffer().changedAttributeValues()
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT note, changed_by, row_version FROM "{pg_schema}".drawings_arcs')
        assert cursor.fetchall() == [("by b", "analyst_b", 2)]
    conn.close()
    arcs.rollBack()
    # once reloaded, A's edits save, and saving the same arc again is no conflict with oneself
    note = arcs.fields().indexOf("note")
    for text in ("closing", "closed"):
        arcs.startEditing()
        arcs.changeAttributeValue(feature_id, note, text)
        assert panel.save(), message_texts(fake_iface)
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT note, changed_by, row_version FROM "{pg_schema}".drawings_arcs')
        assert cursor.fetchall() == [("closed", "postgres", 4)]
    conn.close()
    # analyst B deletes the arc while A edits it: A's save is refused, A's edit kept
    arcs.startEditing()
    arcs.changeAttributeValue(feature_id, note, "gone?")
    conn_b = pg_connect(SERVICE_B)
    with conn_b.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{pg_schema}".drawings_arcs WHERE fid = %s', (fid,))
    conn_b.commit()
    conn_b.close()
    assert not panel.save()
    assert any("deleted by another analyst" in text for text in message_texts(fake_iface))
    assert arcs.isEditable() and arcs.editBuffer().changedAttributeValues()
    arcs.rollBack()

    # A deletes an arc that B changed after A started editing: refused, B's change kept
    panel.addArcButton.click()
    assert panel.save()
    arcs.reload()
    second = max(f.id() for f in arcs.getFeatures())
    arcs.startEditing()
    conn_b = pg_connect(SERVICE_B)
    with conn_b.cursor() as cursor:
        cursor.execute(f'UPDATE "{pg_schema}".drawings_arcs SET note = %s WHERE fid = %s', ("still open", second))
    conn_b.commit()
    conn_b.close()
    assert arcs.deleteFeature(second)
    assert not panel.save()
    said = " ".join(message_texts(fake_iface))
    assert f"you deleted {second}" in said and "analyst_b changed at" in said
    assert arcs.isEditable() and second in arcs.editBuffer().deletedFeatureIds()
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT note FROM "{pg_schema}".drawings_arcs WHERE fid = %s', (second,))
        assert cursor.fetchall() == [("still open",)]
    conn.close()
    arcs.rollBack()
    # without a change in between, deleting is saved
    arcs.reload()
    arcs.startEditing()
    assert arcs.deleteFeature(second)
    assert panel.save(), message_texts(fake_iface)
    assert second not in {f.id() for f in arcs.getFeatures()}


def test_map_product_sources_come_from_the_postgis_store(provider, qgis_new_project, pg_location, tmp_path):
    from situation_mapper.export.sources import source_lines, store_path_of
    from situation_mapper.store import postgis as postgis_store
    from situation_mapper.layers.situation_layers import load_situation_layers
    from test_import_snapshots import run_import

    files = [write_geojson(tmp_path / f"s_2025-11-{day}.geojson", [[square(37.0, 48.0, 0.05)]])
             for day in (10, 12)]
    run_import([str(f) for f in files], pg_location, SOURCE="DeskA")
    postgis_store.set_source_info(pg_location, "DeskA", "CC-BY-4.0", "https://example.org/desk",
                                  "Desk A mapping team")
    layer = load_situation_layers(pg_location, QgsProject.instance())[0]
    assert store_path_of(layer) == postgis_store.parse_location(pg_location).public_text()
    lines = source_lines([layer])
    assert "DeskA: CC-BY-4.0 (Desk A mapping team, https://example.org/desk)" in lines
    # the figures read the whole store behind a series layer
    from situation_mapper.export.product import figures_control_layer

    control = figures_control_layer(QgsProject.instance())
    assert isinstance(control, QgsVectorLayer) and control.providerType() == "postgres"
    assert not control.subsetString() and control.featureCount() == 2
    QgsProject.instance().removeAllMapLayers()


def test_map_product_of_a_postgis_situation(provider, qgis_new_project, pg_location, tmp_path):
    """The PDF of a project whose situation layers live in PostGIS: the date, the
    store's sources and the occupied share, equal to the algorithm's value."""
    import shutil
    import subprocess

    import processing

    from situation_mapper.store import postgis as postgis_store
    from situation_mapper.layers.situation_layers import load_situation_layers
    from test_export_map import square_area
    from test_import_snapshots import run_import

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed")
    files = [write_geojson(tmp_path / f"s_2025-01-0{day}.geojson", [[square(37.0, 48.0, 0.03 * day)]])
             for day in (1, 2)]
    run_import([str(f) for f in files], pg_location, SOURCE="DeskA")
    postgis_store.set_source_info(pg_location, "DeskA", "CC-BY-4.0", "", "Desk A mapping team")
    load_situation_layers(pg_location, QgsProject.instance())
    area = square_area()
    QgsProject.instance().addMapLayer(area)
    output = str(tmp_path / "team.pdf")
    processing.run("situationmapper:exportmap", {"DATE": "2025-01-02", "AREA": area, "AREAS": area,
                                                 "AREA_NAME_FIELD": "name", "TITLE": "Team situation",
                                                 "OUTPUT": output})
    text = " ".join(subprocess.run(["pdftotext", "-layout", output, "-"], capture_output=True, text=True,  # nosec B603 B607
                                   check=True).stdout.split())
    assert "Team situation" in text and "as of 2025-01-02" in text
    assert "DeskA: CC-BY-4.0 (Desk A mapping team)" in text
    share = processing.run("situationmapper:occupiedshare", {
        "AREAS": area, "AREA_NAME_FIELD": "name", "CONTROL": pg_location, "DATES": "2025-01-02",
        "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    value = next(share.getFeatures())["occupied_pct"]
    assert f"{value:.1f} %" in text
    QgsProject.instance().removeAllMapLayers()
