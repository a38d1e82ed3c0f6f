"""PostGIS store locations without a database: the dialog checks a new
store's schema name as it is typed (OK stays off, the rule is said); a
location is shown with quotes only where a value needs them, and a project
saved with the older, quoted spelling still finds its layers."""

from qgis.PyQt.QtWidgets import QDialogButtonBox


def test_a_new_schema_name_is_checked_while_typed(qgis_app):
    from situation_mapper.store.postgis import new_schema_problem
    from situation_mapper.ui.postgis_store_dialog import SERVICE_CHOICE, PostgisStoreDialog

    dialog = PostgisStoreDialog()
    dialog.connectionCombo.setCurrentIndex(dialog.connectionCombo.findData(SERVICE_CHOICE))
    dialog.serviceEdit.setText("no_such_service")
    dialog.serviceEdit.editingFinished.emit()
    ok = dialog.buttonBox.button(QDialogButtonBox.Ok)
    for bad in ("Pokrovsk 2025", "public", "pg_temp", "2025_pokrovsk", "x" * 64):
        dialog.schemaCombo.setEditText(bad)
        assert not ok.isEnabled(), bad
        assert dialog.statusLabel.text() == new_schema_problem(bad) != ""
        assert dialog.schemaCombo.toolTip() == dialog.statusLabel.text()
    dialog.schemaCombo.setEditText("pokrovsk_2025")
    assert ok.isEnabled()
    assert "Cannot read the database" in dialog.statusLabel.text()  # the listing's news is back
    assert dialog.location() == "postgres:service=no_such_service schema=pokrovsk_2025"
    dialog.deleteLater()


def test_locations_are_shown_plainly_and_any_spelling_is_the_same_store(qgis_app):
    from situation_mapper.store import display_name, public_location, store_key

    plain = "postgres:service=desk schema=pokrovsk"
    assert public_location("postgres:service='desk' schema='pokrovsk'") == plain
    assert store_key("postgres:service='desk' schema='pokrovsk'") == store_key(plain)
    assert public_location("postgres:dbname='front line' host=db.example.org user=me password=secret "
                           "schema=pokrovsk") == \
        "postgres:dbname='front line' host=db.example.org user=me schema=pokrovsk"
    assert public_location("postgres:service=desk schema='odd name'") == "postgres:service=desk schema='odd name'"
    assert display_name(plain) == "pokrovsk (desk)"


def test_a_layer_saved_with_the_older_spelling_is_the_stores(qgis_app):
    from qgis.core import QgsVectorLayer

    from situation_mapper.layers.situation_layers import PROPERTY_STORE, is_situation_layer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "Occupied (DeepStateMap)", "memory")
    layer.setCustomProperty(PROPERTY_STORE, "postgres:service='desk' schema='pokrovsk'")
    assert is_situation_layer(layer, "postgres:service=desk schema=pokrovsk")
    assert not is_situation_layer(layer, "postgres:service=desk schema=other")
