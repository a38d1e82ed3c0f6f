"""Reloading the plugin leaves the user where they were, and saving the project
afterwards keeps everything: the store, the day, the panels and the layers'
temporal set-up (the sequence a user reported: reload, save, reopen)."""

import datetime

from qgis.core import QgsProject, QgsVectorLayerTemporalProperties
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest

from support import flush_deletes
from test_situation_layers import drawn_fids, square_of, write_store

D = datetime.date


def _load_plugin(iface):
    from situation_mapper import classFactory

    plugin = classFactory(iface)
    plugin.initProcessing()
    plugin.initGui()
    return plugin


def _check_temporal(layers):
    for layer in layers:
        properties = layer.temporalProperties()
        assert properties.isActive(), layer.name()
        assert properties.mode() == QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields
        assert properties.startField() == "valid_from_time", layer.name()
        assert properties.endField() == "valid_to_time", layer.name()
        assert {"valid_from_time", "valid_to_time"} <= set(layer.fields().names())


def test_reload_then_save_then_reopen_keeps_everything(fake_iface, no_provider, tmp_path):
    from situation_mapper.layers.situation_layers import situation_layers

    project = QgsProject.instance()
    canvas = fake_iface.mapCanvas()
    store = write_store(tmp_path / "store.gpkg")
    plugin = _load_plugin(fake_iface)
    try:
        panel = plugin.dock.situation_panel
        panel.storeFileWidget.setFilePath(store)
        QTest.mouseClick(panel.loadLayersButton, Qt.LeftButton)
        assert len(situation_layers(project, store)) == 3
        panel.show_day(D(2025, 11, 7))
        label = panel.dateLabel.text()
        assert label.startswith("2025-11-07")

        # the plugin is reloaded (Plugin Manager): unload, load again
        plugin.unload()
        flush_deletes()
        plugin = _load_plugin(fake_iface)
        panel = plugin.dock.situation_panel
        assert panel.store_path == store
        assert panel.current_day == D(2025, 11, 7)
        assert panel.dateLabel.text() == label
        assert panel.seriesTable.rowCount() == 3
        assert plugin.dock.clock.day() == D(2025, 11, 7)
        assert plugin.dock.context.store_location == store
        assert plugin.dock.analysis_panel.store_location() == store
        assert plugin.dock.draw_panel.storePathEdit.text() == store

        # saved now, closed, opened again
        path = str(tmp_path / "situation.qgz")
        assert project.write(path)
        canvas = fake_iface.mapCanvas()  # a background render reads the project being cleared
        canvas.setPreviewJobsEnabled(False)
        canvas.waitWhileRendering()
        canvas.stopRendering()
        canvas.freeze(True)
        project.clear()
        canvas.freeze(False)
        assert panel.store_path == "" and panel.current_day is None
        assert project.read(path)

        layers = situation_layers(project, store)
        assert len(layers) == 3
        _check_temporal(layers)
        assert panel.store_path == store
        assert panel.current_day == D(2025, 11, 7)
        assert panel.dateLabel.text() == label
        assert plugin.dock.clock.day() == D(2025, 11, 7)
        assert plugin.dock.context.store_location == store
        assert plugin.dock.analysis_panel.store_location() == store
        time_range = canvas.temporalRange()
        assert time_range.begin().date().toPyDate() == D(2025, 11, 7)
        assert time_range.end().date().toPyDate() == D(2025, 11, 8)
        occupied = [layer for layer in layers if layer.name() == "Occupied (Source A)"][0]
        # one snapshot drawn on a day, not all of them stacked
        assert [square_of(occupied, fid) for fid in drawn_fids(occupied, D(2025, 11, 7))] == [1]
    finally:
        plugin.unload()
        flush_deletes()
