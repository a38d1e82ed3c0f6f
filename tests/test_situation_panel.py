"""The Situation panel driven like a user: choose a store and a folder, read the
date preview, import in the background (and cancel), read the series table, step
through dates and check the canvas temporal range and the date label."""

import datetime
import os
import shutil

import pytest
from qgis.core import QgsProject, QgsTemporalNavigationObject, QgsUnitTypes, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QDate, QElapsedTimer, Qt
from qgis.PyQt.QtTest import QTest

from conftest import shared_data_path
from support import deepstate_files, flush_deletes

D = datetime.date


def touch(folder, name, text="{}"):
    path = os.path.join(str(folder), name)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)
    return path


@pytest.fixture()
def panel(fake_iface, qgis_new_project, provider):
    from situation_mapper.ui.situation_panel import SituationPanel

    widget = SituationPanel(fake_iface, fake_iface.mainWindow())
    yield widget
    widget.unload()
    widget.deleteLater()


@pytest.fixture()
def scenario(tmp_path_factory):
    from situation_mapper.sample_data.build_scenario import build_scenario

    return build_scenario(str(tmp_path_factory.mktemp("scenario")))


def wait_for(condition, timeout_ms=120000):
    timer = QElapsedTimer()
    timer.start()
    while not condition() and timer.elapsed() < timeout_ms:
        QCoreApplication.processEvents()
    return condition()


def table_texts(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def message_texts(iface):
    bar = iface.messageBar()
    return [item.text() for item in bar.items()]


def canvas_day(canvas):
    time_range = canvas.temporalRange()
    return time_range.begin().date().toPyDate(), time_range.end().date().toPyDate(), time_range.includeEnd()


def import_folder(panel, folder, source, status="occupied"):
    panel.importFolderWidget.setFilePath(folder)
    panel.statusComboBox.setEditText(status)
    panel.sourceLineEdit.setText(source)
    assert panel.importButton.isEnabled()
    QTest.mouseClick(panel.importButton, Qt.LeftButton)
    run = panel.import_run
    assert run is not None
    assert wait_for(lambda: run.ok is not None)
    QCoreApplication.processEvents()
    return run


def test_panel_is_named_and_every_control_has_a_tooltip(panel):
    from qgis.PyQt.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    assert panel.objectName() == "SituationPanel"
    controls = [w for cls in (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit)
                for w in panel.findChildren(cls)]
    named = [w for w in controls if w.objectName() and not w.objectName().startswith("qt_")]
    assert len(named) >= 12
    for widget in named:
        # line edits inside file widgets / combo boxes inherit their parent's tooltip
        tip = widget.toolTip() or widget.parent().toolTip()
        assert tip, widget.objectName()


def test_preview_lists_dates_and_problems(panel, tmp_path):
    folder = tmp_path / "snapshots"
    folder.mkdir()
    for name in ("deepstatemap_data_20251120.geojson", "map_2025-11-21.geojson",
                 "22.11.2025.geojson", "nodate.geojson", "from_20251101_to_20251102.geojson",
                 "again_20251120.geojson", "readme.txt"):
        touch(folder, name)
    panel.importFolderWidget.setFilePath(str(folder))
    rows = dict((name, found) for name, found in table_texts(panel.importPreviewTable))
    assert rows == {
        "22.11.2025.geojson": "2025-11-22",
        # files are read in name order: the second file of a date is left out
        "again_20251120.geojson": "2025-11-20",
        "deepstatemap_data_20251120.geojson": "same date as again_20251120.geojson",
        "from_20251101_to_20251102.geojson": "more than one date in the file name (2025-11-01, 2025-11-02)",
        "map_2025-11-21.geojson": "2025-11-21",
        "nodate.geojson": "no date (YYYYMMDD, YYYY-MM-DD or DD.MM.YYYY) in the file name",
    }
    summary = panel.importSummaryLabel.text()
    assert "3 files to import, 2025-11-20 to 2025-11-22" in summary and "3 files left out" in summary
    assert panel.importButton.isEnabled()
    parameters = panel.import_parameters()
    assert sorted(os.path.basename(p) for p in parameters["INPUT"]) == [
        "22.11.2025.geojson", "again_20251120.geojson", "map_2025-11-21.geojson"]

    empty = tmp_path / "empty"
    empty.mkdir()
    panel.importFolderWidget.setFilePath(str(empty))
    assert panel.importPreviewTable.rowCount() == 0
    assert not panel.importButton.isEnabled()


def test_preview_counts_missing_days(panel, tmp_path):
    for day in (1, 2, 5, 6, 10):
        touch(tmp_path, f"snap_202511{day:02d}.geojson")
    panel.importFolderWidget.setFilePath(str(tmp_path))
    # 3, 4 and 7, 8, 9 are missing
    assert "5 files to import, 2025-11-01 to 2025-11-10; 5 missing days." == panel.importSummaryLabel.text()


def test_import_without_a_store_is_a_message(panel, scenario):
    panel.importFolderWidget.setFilePath(scenario["control_folders"]["source_a_occupied"])
    panel.sourceLineEdit.setText("Source A")
    QTest.mouseClick(panel.importButton, Qt.LeftButton)
    assert panel.import_run is None
    assert any("situation store" in text for text in message_texts(panel.iface))


def test_import_then_step_through_dates(panel, scenario, tmp_path):
    from situation_mapper.store import open_control_layer, read_records
    from situation_mapper.layers.situation_layers import SITUATION_GROUP

    store = str(tmp_path / "situation.gpkg")
    panel.storeFileWidget.setFilePath(store)
    run = import_folder(panel, scenario["control_folders"]["source_a_occupied"], "Source A")
    assert run.ok, message_texts(panel.iface)
    assert run.results["IMPORTED"] == 6
    assert panel.importProgressBar.value() == 100
    assert not panel.cancelImportButton.isEnabled()

    run = import_folder(panel, scenario["control_folders"]["source_b_claimed"], "Source B", "claimed")
    assert run.ok, message_texts(panel.iface)

    records = read_records(open_control_layer(store))
    assert len(records) == 11
    assert table_texts(panel.seriesTable) == [
        ["Source A\noccupied", "2025-11-01\n2025-11-25", "6", "6"],
        ["Source B\nclaimed", "2025-11-02\n2025-11-24", "5", "5"],
    ]
    # layers in the group, not duplicated by the second import
    project = QgsProject.instance()
    group = project.layerTreeRoot().findGroup(SITUATION_GROUP)
    assert sorted(node.layer().name() for node in group.findLayers()) == [
        "Claimed (Source B)", "Occupied (Source A)"]
    assert len(project.mapLayers()) == 2
    assert any("Imported 5 snapshots" in t for t in message_texts(panel.iface))

    # the last snapshot date is shown first
    canvas = panel.iface.mapCanvas()
    assert panel.current_day == D(2025, 11, 25)
    assert canvas_day(canvas) == (D(2025, 11, 25), D(2025, 11, 26), False)
    assert panel.dateLabel.text() == "2025-11-25 (snapshots: Source A 2025-11-25; Source B 2025-11-24)"

    QTest.mouseClick(panel.previousButton, Qt.LeftButton)
    assert panel.current_day == D(2025, 11, 24)
    assert canvas_day(canvas) == (D(2025, 11, 24), D(2025, 11, 25), False)
    assert panel.dateLabel.text() == "2025-11-24 (snapshots: Source A 2025-11-20; Source B 2025-11-24)"

    # only Source A: steps go through its dates, the label names one snapshot
    panel.sourcesList.item(1).setCheckState(Qt.Unchecked)
    assert panel.visible_sources() == ["Source A"]
    claimed = [layer for layer in project.mapLayers().values() if layer.name() == "Claimed (Source B)"][0]
    assert not project.layerTreeRoot().findLayer(claimed.id()).isVisible()
    assert panel.dateLabel.text() == "2025-11-24 (snapshot of 2025-11-20)"
    QTest.mouseClick(panel.previousButton, Qt.LeftButton)
    assert panel.current_day == D(2025, 11, 20)
    QTest.mouseClick(panel.previousButton, Qt.LeftButton)
    assert panel.current_day == D(2025, 11, 15)
    QTest.mouseClick(panel.nextButton, Qt.LeftButton)
    assert panel.current_day == D(2025, 11, 20)
    assert canvas_day(canvas) == (D(2025, 11, 20), D(2025, 11, 21), False)

    # typing a day between snapshots shows the latest earlier one
    panel.dateEdit.setDate(panel.dateEdit.date().addDays(2))
    assert panel.current_day == D(2025, 11, 22)
    assert canvas_day(canvas)[0] == D(2025, 11, 22)
    assert panel.dateLabel.text() == "2025-11-22 (snapshot of 2025-11-20)"
    # before the first snapshot nothing is valid
    panel.dateEdit.setDate(panel.dateEdit.minimumDate())
    assert panel.current_day == D(2025, 11, 1)
    assert not panel.show_previous_snapshot()


def test_a_later_import_shows_in_the_loaded_layer(panel, scenario, tmp_path):
    """The store is replaced by each import: the layer already on the map
    reopens it and shows the new snapshots, and no second layer is added."""
    first = tmp_path / "first"
    first.mkdir()
    files = scenario["control_files"]["source_a_occupied"]
    for path in files[:3]:
        shutil.copy(path, str(first))
    panel.storeFileWidget.setFilePath(str(tmp_path / "situation.gpkg"))
    assert import_folder(panel, str(first), "Source A").ok
    (layer,) = QgsProject.instance().mapLayers().values()
    assert layer.featureCount() == 3
    assert panel.current_day == D(2025, 11, 10)

    run = import_folder(panel, scenario["control_folders"]["source_a_occupied"], "Source A")
    assert run.ok, message_texts(panel.iface)
    assert (run.results["IMPORTED"], run.results["SKIPPED"]) == (3, 3)
    assert list(QgsProject.instance().mapLayers().values()) == [layer]
    assert layer.featureCount() == 6
    assert sorted(f["valid_from"].toPyDate() for f in layer.getFeatures())[-1] == D(2025, 11, 25)
    assert panel.seriesTable.item(0, 1).text() == "2025-11-01\n2025-11-25"


def test_dates_drive_the_temporal_controller(panel, scenario, tmp_path):
    """In QGIS Desktop the canvas has a QgsTemporalNavigationObject: the panel
    sets it to a fixed one-day range."""
    canvas = panel.iface.mapCanvas()
    controller = QgsTemporalNavigationObject(canvas)
    canvas.setTemporalController(controller)
    ranges = []
    controller.updateTemporalRange.connect(ranges.append)
    try:
        store = str(tmp_path / "situation.gpkg")
        panel.storeFileWidget.setFilePath(store)
        assert import_folder(panel, scenario["control_folders"]["source_a_occupied"], "Source A").ok
        QTest.mouseClick(panel.previousButton, Qt.LeftButton)
        assert controller.navigationMode() == QgsTemporalNavigationObject.FixedRange
        extents = controller.temporalExtents()
        assert extents.begin().date().toPyDate() == D(2025, 11, 20)
        assert extents.end().date().toPyDate() == D(2025, 11, 21)
        assert not extents.includeEnd()
        assert ranges and ranges[-1] == extents
    finally:
        canvas.setTemporalController(None)


def test_play_steps_to_the_last_snapshot_and_stops(panel, scenario, tmp_path):
    panel.storeFileWidget.setFilePath(str(tmp_path / "situation.gpkg"))
    assert import_folder(panel, scenario["control_folders"]["source_a_occupied"], "Source A").ok
    panel.dateEdit.setDate(panel.dateEdit.minimumDate())
    seen = []
    panel.play_timer.setInterval(5)
    original = panel.show_day

    def record(day):
        seen.append(day)
        original(day)

    panel.show_day = record
    QTest.mouseClick(panel.playButton, Qt.LeftButton)
    assert panel.playButton.text() == "Pause"
    assert wait_for(lambda: not panel.play_timer.isActive(), 20000)
    assert seen == [D(2025, 11, d) for d in (5, 10, 15, 20, 25)]
    assert not panel.playButton.isChecked() and panel.playButton.text() == "Play"


def test_cancel_keeps_the_store_as_it_was(panel, scenario, tmp_path):
    store = str(tmp_path / "situation.gpkg")
    panel.storeFileWidget.setFilePath(store)
    assert import_folder(panel, scenario["control_folders"]["source_a_occupied"], "Source A").ok
    with open(store, "rb") as stream:
        before = stream.read()

    # many files so that the import is still running when cancel is clicked
    big = tmp_path / "many"
    big.mkdir()
    source = scenario["control_files"]["source_a_contested"][-1]
    for index in range(300):
        day = D(2020, 1, 1) + datetime.timedelta(days=index)
        shutil.copy(source, str(big / f"contested_{day:%Y%m%d}.geojson"))
    panel.importFolderWidget.setFilePath(str(big))
    panel.statusComboBox.setEditText("contested")
    QTest.mouseClick(panel.importButton, Qt.LeftButton)
    run = panel.import_run
    progress = []
    run.progress.connect(progress.append)
    assert panel.cancelImportButton.isEnabled() and not panel.importButton.isEnabled()
    # cancel while the files are being read, not before the task starts
    assert wait_for(lambda: progress and progress[-1] > 0 or run.ok is not None)
    assert run.ok is None, message_texts(panel.iface)
    QTest.mouseClick(panel.cancelImportButton, Qt.LeftButton)
    assert wait_for(lambda: run.ok is not None)
    QCoreApplication.processEvents()
    assert run.ok is False
    assert any("cancelled" in text for text in message_texts(panel.iface))
    with open(store, "rb") as stream:
        assert stream.read() == before
    assert panel.importButton.isEnabled() and not panel.cancelImportButton.isEnabled()
    assert panel.importProgressBar.value() == 0
    assert [row[0] for row in table_texts(panel.seriesTable)] == ["Source A\noccupied"]


def test_hidden_sources_stay_hidden_and_new_ones_show(panel, tmp_path):
    from test_situation_layers import ROWS, write_store

    store = write_store(tmp_path / "store.gpkg")
    panel.storeFileWidget.setFilePath(store)
    assert [panel.sourcesList.item(i).text() for i in range(panel.sourcesList.count())] == [
        "Source A", "Source B", "Source C"]
    panel.sourcesList.item(1).setCheckState(Qt.Unchecked)
    assert panel.visible_sources() == ["Source A", "Source C"]
    # the store gains a source (as after an import)
    write_store(tmp_path / "store.gpkg", rows=ROWS + ((D(2025, 11, 9), None, "occupied", "Source D", 6),))
    panel.refresh_store()
    assert panel.visible_sources() == ["Source A", "Source C", "Source D"]
    assert [row[0].split("\n")[0] for row in table_texts(panel.seriesTable)] == [
        "Source A", "Source B", "Source C", "Source D"]


def test_a_missing_store_in_the_project_is_a_message(panel, tmp_path):
    from situation_mapper.layers.project_state import SituationState

    panel.restore_state(SituationState(str(tmp_path / "moved.gpkg"), D(2025, 11, 3), None))
    assert any("moved.gpkg was not found" in text for text in message_texts(panel.iface))
    assert panel.seriesTable.rowCount() == 0


def test_a_file_that_is_not_a_store_is_a_message(panel, tmp_path):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    memory = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "x", "memory")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    path = str(tmp_path / "towns.gpkg")
    QgsVectorFileWriter.writeAsVectorFormatV3(memory, path, QgsCoordinateTransformContext(), options)
    panel.storeFileWidget.setFilePath(path)
    assert any("not a situation store" in text for text in message_texts(panel.iface))
    assert panel.seriesTable.rowCount() == 0
    assert not panel.loadLayersButton.isEnabled()


@pytest.mark.slow
def test_real_deepstate_import_through_the_panel(panel, tmp_path):
    """Two months of real DeepStateMap files copied to a folder and imported
    through the panel: the series table and the store agree with the files."""
    from situation_mapper.core.snapshot_dates import date_from_file_name

    files = deepstate_files(shared_data_path(), D(2025, 10, 1), D(2025, 11, 30))
    folder = tmp_path / "deepstate"
    folder.mkdir()
    for path in files:
        os.symlink(str(path), str(folder / path.name))
    days = sorted(date_from_file_name(f.name) for f in files)
    store = str(tmp_path / "deepstate.gpkg")
    panel.storeFileWidget.setFilePath(store)
    run = import_folder(panel, str(folder), "DeepStateMap")
    assert run.ok, message_texts(panel.iface)
    assert table_texts(panel.seriesTable) == [
        ["DeepStateMap\noccupied", "{}\n{}".format(days[0].isoformat(), days[-1].isoformat()),
         str(len(days)), str(len(days))]]
    panel.dateEdit.setDate(panel.dateEdit.minimumDate().addDays(10))
    expected = max(d for d in days if d <= days[0] + datetime.timedelta(days=10))
    assert panel.dateLabel.text() == "{} (snapshot of {})".format(
        (days[0] + datetime.timedelta(days=10)).isoformat(), expected.isoformat())


def test_the_panel_follows_every_change_of_the_map_date(panel, tmp_path):
    """The Temporal Controller, or a click in the Analysis table, moves the map
    to another day: the panel's date and label follow, without setting the map
    again (no feedback loop)."""
    from test_situation_layers import write_store

    from situation_mapper.ui.canvas_time import show_day_on_canvas

    panel.storeFileWidget.setFilePath(write_store(tmp_path / "store.gpkg"))
    QTest.mouseClick(panel.loadLayersButton, Qt.LeftButton)
    assert panel.current_day == D(2025, 11, 10)
    canvas = panel.iface.mapCanvas()
    controller = QgsTemporalNavigationObject(canvas)
    canvas.setTemporalController(controller)
    changes = []
    canvas.temporalRangeChanged.connect(lambda: changes.append(canvas.temporalRange()))
    try:
        # the user drags the Temporal Controller's slider (animated, one day a frame)
        controller.setNavigationMode(QgsTemporalNavigationObject.Animated)
        from qgis.core import QgsDateTimeRange, QgsInterval
        from qgis.PyQt.QtCore import QDateTime, QTime

        controller.setTemporalExtents(QgsDateTimeRange(
            QDateTime(QDate(2025, 11, 1), QTime(0, 0)), QDateTime(QDate(2025, 11, 30), QTime(0, 0))))
        controller.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalDays))
        changes.clear()
        controller.setCurrentFrameNumber(5)
        assert canvas_day(canvas)[0] == D(2025, 11, 6)
        assert panel.current_day == D(2025, 11, 6)
        assert panel.dateEdit.date() == QDate(2025, 11, 6)
        assert panel.dateLabel.text() == "2025-11-06 (snapshots: Source A 2025-11-05; Source B 2025-11-03; " \
                                         "Source C 2025-11-02)"
        # the map was not set again by the panel
        assert len(changes) == 1

        # a row clicked in the Analysis panel sets the map's day the same way
        changes.clear()
        show_day_on_canvas(canvas, D(2025, 11, 9))
        assert panel.current_day == D(2025, 11, 9)
        assert panel.dateLabel.text().startswith(
            "2025-11-09 (snapshots: Source A 2025-11-05; Source B 2025-11-08")
        assert changes[-1].begin().date() == QDate(2025, 11, 9)
        # the project keeps the day the map shows
        from situation_mapper.layers.project_state import read_state

        assert read_state(QgsProject.instance()).current_date == D(2025, 11, 9)
        # and the panel's own steps start from there
        QTest.mouseClick(panel.nextButton, Qt.LeftButton)
        assert panel.current_day == D(2025, 11, 10)
        assert canvas_day(canvas)[0] == D(2025, 11, 10)

        # after unload the panel no longer follows the map
        panel.unload()
        show_day_on_canvas(canvas, D(2025, 11, 3))
        assert panel.current_day == D(2025, 11, 10)
    finally:
        canvas.setTemporalController(None)


def test_a_stale_snapshot_is_flagged_in_the_date_label(panel, tmp_path):
    from test_situation_layers import write_store

    from situation_mapper.ui.situation_panel import STALE_COLOUR, STALE_SNAPSHOT_DAYS

    panel.storeFileWidget.setFilePath(write_store(tmp_path / "store.gpkg"))
    panel.set_visible_sources(["Source A"])
    QTest.mouseClick(panel.loadLayersButton, Qt.LeftButton)
    normal_tip = panel.dateLabel.toolTip()
    last = D(2025, 11, 10)
    panel.dateEdit.setDate(QDate(2025, 11, 10 + STALE_SNAPSHOT_DAYS))
    assert panel.dateLabel.text() == "2025-11-17 (snapshot of 2025-11-10)"
    assert panel.dateLabel.styleSheet() == "" and panel.dateLabel.toolTip() == normal_tip

    far = last + datetime.timedelta(days=183)
    panel.dateEdit.setDate(QDate(far.year, far.month, far.day))
    assert panel.current_day == far
    text = panel.dateLabel.text()
    assert text.startswith("{} (snapshot of 2025-11-10)".format(far.isoformat()))
    assert "snapshot 183 days old" in text
    assert STALE_COLOUR in panel.dateLabel.styleSheet()
    assert "183 days old" in panel.dateLabel.toolTip()

    QTest.mouseClick(panel.previousButton, Qt.LeftButton)
    assert panel.current_day == last
    assert panel.dateLabel.styleSheet() == "" and panel.dateLabel.toolTip() == normal_tip


def test_project_clear_resets_the_import_preview(panel, tmp_path):
    for day in (1, 2):
        touch(tmp_path, f"snap_202511{day:02d}.geojson")
    panel.importFolderWidget.setFilePath(str(tmp_path))
    assert panel.importPreviewTable.rowCount() == 2 and panel.importButton.isEnabled()
    QgsProject.instance().clear()
    assert panel.importFolderWidget.filePath() == ""
    assert panel.importPreviewTable.rowCount() == 0
    assert panel.preview_rows == []
    assert panel.importSummaryLabel.text() == "Choose a folder of snapshot files."
    assert not panel.importButton.isEnabled()


def test_series_table_fits_a_400_px_dock(fake_iface, provider, qgis_new_project, tmp_path):
    from qgis.PyQt.QtWidgets import QApplication
    from test_situation_layers import write_store

    from situation_mapper.ui.main_dock import SituationDock

    dock = SituationDock(fake_iface, lambda _id: None, fake_iface.mainWindow())
    try:
        dock.setFloating(True)
        dock.resize(400, 1000)
        dock.show()
        panel = dock.situation_panel
        dock.panels.setCurrentWidget(panel)
        panel.storeFileWidget.setFilePath(write_store(tmp_path / "store.gpkg"))
        QApplication.processEvents()
        assert dock.width() == 400
        table = panel.seriesTable
        header = table.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(table.columnCount())]
        assert sum(widths) <= table.viewport().width(), widths
        assert not table.horizontalScrollBar().isVisible()
        # dates and counts are shown in full, not elided
        metrics = table.fontMetrics()
        for column in (1, 2, 3):
            for row in range(table.rowCount()):
                for line in table.item(row, column).text().split("\n"):
                    assert header.sectionSize(column) >= metrics.horizontalAdvance(line)
        assert widths[0] >= metrics.horizontalAdvance("Source A"), widths
        # two lines per row are shown in full
        assert table.rowHeight(0) >= 2 * metrics.height()
    finally:
        dock.unload()
        dock.deleteLater()
        flush_deletes()


def test_a_store_location_typed_in_part_is_not_a_warning_until_typing_ends(panel, fake_iface):
    """A PostGIS location is read once typing pauses; while the field still
    has the focus what is wrong is kept quiet (it may not be typed in full);
    Enter or leaving the field says it."""
    line = panel.storeFileWidget.lineEdit()
    line.hasFocus = lambda: True  # the user is typing
    line.setText("postgres:service=no_such_servi")
    panel._store_settled()  # the typing pause
    assert not any("cannot be read" in text for text in message_texts(fake_iface))
    assert "cannot be read" in line.toolTip()
    line.hasFocus = lambda: False
    line.editingFinished.emit()
    assert any("cannot be read" in text for text in message_texts(fake_iface))
    assert panel.seriesTable.rowCount() == 0
