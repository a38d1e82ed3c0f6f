"""The Situation panel's choices are saved in the project file and come back
when the project is read: store, date, visible sources, and the layers with
their temporal set-up."""

import datetime

from qgis.core import QgsDateTimeRange, QgsProject
from qgis.PyQt.QtCore import QDateTime, Qt
from qgis.PyQt.QtTest import QTest

from test_situation_layers import drawn_fids, square_of, write_store

D = datetime.date


def test_state_round_trip_through_a_saved_project(tmp_path, qgis_new_project):
    from situation_mapper.layers.project_state import (
        KEY_STORE,
        SCOPE,
        ProjectStateWatcher,
        SituationState,
        read_state,
        write_state,
    )

    project = QgsProject.instance()
    (tmp_path / "data").mkdir()
    store = str(tmp_path / "data" / "store.gpkg")
    state = SituationState(store, D(2025, 11, 20), ["Source A", "DeepStateMap"])
    write_state(project, state)
    path = str(tmp_path / "situation.qgz")
    # the panel's watcher writes the state again as the project is saved
    watcher = ProjectStateWatcher(lambda _state: None, project=project, current_state=lambda: state)
    assert project.write(path)
    watcher.disconnect_all()

    project.clear()
    assert read_state(project) == SituationState()
    assert project.read(path)
    assert read_state(project) == SituationState(store, D(2025, 11, 20), ["Source A", "DeepStateMap"])
    # the store is kept relative to the project file, so the folder can move
    assert project.readEntry(SCOPE, KEY_STORE)[0] == "./data/store.gpkg"


def test_all_sources_and_no_source_are_different(tmp_path, qgis_new_project):
    from situation_mapper.layers.project_state import SituationState, read_state, write_state

    project = QgsProject.instance()
    write_state(project, SituationState("", None, None))
    assert read_state(project).visible_sources is None
    write_state(project, SituationState("", None, []))
    assert read_state(project).visible_sources == []


def test_a_bad_date_in_the_project_is_ignored(qgis_new_project):
    from situation_mapper.layers.project_state import KEY_DATE, SCOPE, read_state

    project = QgsProject.instance()
    project.writeEntry(SCOPE, KEY_DATE, "20 November")
    assert read_state(project).current_date is None


def test_watcher_follows_the_project_and_disconnects(tmp_path, qgis_new_project):
    from situation_mapper.layers.project_state import ProjectStateWatcher, SituationState, write_state

    project = QgsProject.instance()
    signals = (project.readProject, project.cleared, project.writeProject)
    before = [project.receivers(signal) for signal in signals]
    read, cleared = [], []
    watcher = ProjectStateWatcher(read.append, lambda: cleared.append(True), project,
                                  current_state=lambda: SituationState("", D(2025, 1, 3), None))
    assert project.receivers(project.readProject) == before[0] + 1
    write_state(project, SituationState("", D(2025, 1, 2), None))
    path = str(tmp_path / "p.qgz")
    project.write(path)
    project.read(path)
    # the state current when the project was saved
    assert read and read[-1].current_date == D(2025, 1, 3)
    assert cleared  # reading clears the previous project first
    watcher.disconnect_all()
    watcher.disconnect_all()  # twice is harmless
    assert [project.receivers(signal) for signal in signals] == before
    count = len(read)
    project.read(path)
    assert len(read) == count


def test_panel_is_restored_when_the_project_is_read(fake_iface, provider, tmp_path, qgis_new_project):
    from situation_mapper.layers.situation_layers import load_situation_layers, situation_layers
    from situation_mapper.ui.situation_panel import SituationPanel

    project = QgsProject.instance()
    store = write_store(tmp_path / "store.gpkg")
    panel = SituationPanel(fake_iface, fake_iface.mainWindow())
    try:
        panel.storeFileWidget.setFilePath(store)
        QTest.mouseClick(panel.loadLayersButton, Qt.LeftButton)
        assert len(situation_layers(project, store)) == 3
        # a user unchecks Source B and picks a day
        for row in range(panel.sourcesList.count()):
            if panel.sourcesList.item(row).text() == "Source B":
                panel.sourcesList.item(row).setCheckState(Qt.Unchecked)
        panel.dateEdit.setDate(panel.dateEdit.minimumDate().addDays(6))
        assert panel.current_day == D(2025, 11, 7)
        path = str(tmp_path / "situation.qgz")
        assert project.write(path)

        project.clear()
        assert panel.store_path == "" and panel.current_day is None
        assert panel.seriesTable.rowCount() == 0
        fake_iface.mapCanvas().setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))

        assert project.read(path)
        assert panel.store_path == store
        assert panel.current_day == D(2025, 11, 7)
        assert panel.visible_sources() == ["Source A", "Source C"]
        assert panel.seriesTable.rowCount() == 3
        assert panel.dateLabel.text() == "2025-11-07 (snapshots: Source A 2025-11-05; Source C 2025-11-02)"
        time_range = fake_iface.mapCanvas().temporalRange()
        assert time_range.begin().date().toPyDate() == D(2025, 11, 7)
        assert time_range.end().date().toPyDate() == D(2025, 11, 8)

        # the layers came back with the project, with their temporal set-up and
        # visibility, and are reused rather than added again
        layers = situation_layers(project, store)
        assert len(layers) == 3
        root = project.layerTreeRoot()
        occupied = [layer for layer in layers if layer.name() == "Occupied (Source A)"][0]
        claimed = [layer for layer in layers if layer.name() == "Claimed (Source B)"][0]
        assert not root.findLayer(claimed.id()).isVisible()
        assert root.findLayer(occupied.id()).isVisible()
        assert [square_of(occupied, fid) for fid in drawn_fids(occupied, D(2025, 11, 7))] == [1]
        assert [square_of(occupied, fid) for fid in drawn_fids(occupied, D(2025, 11, 10))] == [2]
        again = load_situation_layers(store, project)
        assert sorted(layer.id() for layer in again) == sorted(layer.id() for layer in layers)
        assert len(project.mapLayers()) == 3
    finally:
        panel.unload()
        panel.deleteLater()
