"""The PostGIS store dialog without a database: a new store's schema name is
checked as it is typed (OK stays off, the rule is said)."""

from qgis.PyQt.QtWidgets import QDialogButtonBox


def test_a_new_schema_name_is_checked_while_typed(qgis_app):
    from situation_mapper.layers.postgis_store import new_schema_problem
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
