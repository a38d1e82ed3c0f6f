"""A map product made from the project lists the events of its map's events
layer: when the map shows none but the store holds events, the export says how
to list them."""

import datetime

from qgis.core import QgsGeometry, QgsProcessingFeedback, QgsProject

UTC = datetime.timezone.utc


class Warnings(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, warning):  # noqa: N802
        self.warnings.append(warning)
        super().pushWarning(warning)


def store_with_events(path):
    from situation_mapper import store

    store.create(str(path))
    update = store.open_update(str(path))
    update.add_row("control", QgsGeometry.fromWkt("MULTIPOLYGON(((37 48, 37.1 48, 37.1 48.1, 37 48.1, 37 48)))"), {
        "valid_from": datetime.date(2025, 1, 1), "valid_to": None, "status": "occupied",
        "source": "TestSource", "confidence": "assessed"})
    for day in (1, 2):
        time = datetime.datetime(2025, 1, day, 12, 0, tzinfo=UTC)
        update.add_row("events", QgsGeometry.fromWkt("POINT (37.05 48.05)"), {
            "event_time": time, "event_day": time.date(), "type": "strike", "side": "hostile",
            "source": "test", "verification": "confirmed", "strength": None,
            "event_key": f"event {day}"})
    update.commit()
    return str(path)


def export(tmp_path, name):
    import processing

    feedback = Warnings()
    processing.run("situationmapper:exportmap", {
        "DATE": "2025-01-02", "DPI": 40, "OUTPUT": str(tmp_path / name)}, feedback=feedback)
    return [w for w in feedback.warnings if "events layer" in w]


def test_a_map_without_the_store_events_layer_is_told_how_to_list_them(provider, qgis_new_project, tmp_path):
    from situation_mapper.layers.events import load_events_layer
    from situation_mapper.layers.situation_layers import load_situation_layers

    location = store_with_events(tmp_path / "store.gpkg")
    load_situation_layers(location, QgsProject.instance())
    hints = export(tmp_path, "without.pdf")
    assert len(hints) == 1 and "2 event(s)" in hints[0] and "Show on map" in hints[0]
    load_events_layer(location, QgsProject.instance())
    assert export(tmp_path, "with.pdf") == []
    assert (tmp_path / "without.pdf").exists() and (tmp_path / "with.pdf").exists()


def test_the_export_tab_shows_the_hint_with_the_files_written(provider, qgis_new_project, fake_iface, tmp_path):
    from qgis.core import Qgis
    from qgis.PyQt.QtCore import QDate

    from situation_mapper.layers.situation_layers import load_situation_layers
    from situation_mapper.ui.export_panel import ExportPanel

    load_situation_layers(store_with_events(tmp_path / "store.gpkg"), QgsProject.instance())
    panel = ExportPanel(fake_iface, fake_iface.mainWindow())
    try:
        panel.dateEdit.setDate(QDate(2025, 1, 2))
        panel.dpiSpin.setValue(40)
        panel.outputFileWidget.setFilePath(str(tmp_path / "tab.pdf"))
        assert panel.export()
        assert panel.run.wait()
        text = panel.statusLabel.text()
        assert "Written:" in text and "tab.pdf" in text and "Show on map" in text
        assert any(item.level() == Qgis.Warning and "Show on map" in item.text()
                   for item in fake_iface.messageBar().items())
    finally:
        panel.unload()
        panel.deleteLater()
