"""Big results are read off the main thread: AlgorithmRun's background
collection of results, the Analysis rows read from a feature source in a task,
and the result table's columns measured on their widest values without asking
the model for every row."""

import threading

import pytest
from qgis.core import QgsFeature, QgsField, QgsProject, QgsVectorLayer
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtWidgets import QTableView

ARC = {"CENTER": "37.18,48.28 [EPSG:4326]", "RADIUS_M": 2000, "START_AZIMUTH": 0,
       "END_AZIMUTH": 180, "OUTPUT": "TEMPORARY_OUTPUT"}


def test_collect_reads_the_results_in_another_thread_before_finished(provider, qgis_new_project):
    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    seen = {}

    def collect(run, results):
        seen["collect thread"] = threading.current_thread()
        layer = run.take_layer(results["OUTPUT"])
        seen["layer"] = layer  # the caller owns it
        count = layer.featureCount()

        def read():
            seen["read thread"] = threading.current_thread()
            return ("features", count)
        return read

    run = AlgorithmRun("situationmapper:geodesicarc", ARC, collect=collect)
    finished = []
    run.finished.connect(lambda ok, _results: finished.append((ok, run.collected)))
    assert run.start()
    assert run.wait()
    assert finished == [(True, ("features", 1))]
    assert seen["collect thread"] is threading.main_thread()
    assert seen["read thread"] is not threading.main_thread()
    assert not run.is_running()


def test_a_result_that_cannot_be_read_fails_the_run_with_a_message(provider, qgis_new_project):
    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    def collect(_run, _results):
        def read():
            raise ValueError("the table is unreadable")
        return read

    bar = QgsMessageBar()
    run = AlgorithmRun("situationmapper:geodesicarc", ARC, "Geodesic arc", bar, collect=collect)
    finished = []
    run.finished.connect(lambda ok, _results: finished.append(ok))
    assert run.start()
    assert run.wait() is False
    assert finished == [False]
    assert "the table is unreadable" in bar.currentItem().text()


def test_no_collection_after_a_failed_run(provider, qgis_new_project):
    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    called = []
    run = AlgorithmRun("situationmapper:geodesicarc", dict(ARC, START_AZIMUTH=10, END_AZIMUTH=10),
                       collect=lambda *_args: called.append(1) or (lambda: None))
    assert run.start()
    assert run.wait() is False
    assert called == [] and run.collected is None


def test_layer_snapshot_reads_the_same_rows_in_a_task(qgis_new_project):
    """rows_from_layer over a LayerSnapshot, read in a worker thread, gives the
    rows the layer holds (written here, value by value)."""
    from situation_mapper.ui.share_table import LayerSnapshot
    from situation_mapper.ui.share_table import rows_from_layer

    layer = QgsVectorLayer("None", "rows", "memory")
    layer.dataProvider().addAttributes([QgsField("date", QVariant.String), QgsField("area", QVariant.String),
                                        QgsField("occupied_pct", QVariant.Double)])
    layer.updateFields()
    values = [("2025-01-0{}".format(day), "town {}".format(day % 3), day * 12.5) for day in range(1, 8)]
    features = []
    for value in values:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(list(value))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    snapshot = LayerSnapshot(layer)
    read = {}
    worker = threading.Thread(target=lambda: read.update(rows=rows_from_layer(snapshot)))
    worker.start()
    worker.join()
    assert [(r["date"], r["area"], r["occupied_pct"]) for r in read["rows"]] == values
    assert all(r["source"] is None for r in read["rows"])  # no such field: None, as from the layer


@pytest.fixture()
def table(qgis_new_project):
    from qgis.PyQt.QtCore import QSortFilterProxyModel

    from situation_mapper.ui.share_table import ShareTableModel

    model = ShareTableModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.resize(700, 300)
    view.show()
    yield view, model
    view.hide()
    view.deleteLater()


def rows(count, wide_at=None):
    made = [{"date": "2025-01-01", "area": "a", "source": "s", "occupied_pct": 5.0,
             "occupied_km2": 1.5, "change_pct": 0.0} for _ in range(count)]
    if wide_at is not None:
        made[wide_at].update(occupied_pct=100.0, occupied_km2=123456.789, change_pct=-100.0)
    return made


def test_columns_have_qt_s_width_when_every_row_is_in_view(table):
    """A few rows, all in view: the width Qt's own column hint gives."""
    from situation_mapper.ui.share_results import _values_width

    view, model = table
    model.set_rows(rows(5, wide_at=2))
    for column in (0, 3, 4, 5):
        assert _values_width(view, model, column) == view.sizeHintForColumn(column), column


def test_the_widest_value_counts_even_out_of_view(table):
    """The widest km² is the last of 5,000 rows, far below the view: the column
    is as wide as that cell needs (Qt's hint measures the rows in view)."""
    from situation_mapper.ui.share_results import _values_width

    view, model = table
    model.set_rows(rows(5000, wide_at=4999))
    proxy = view.model()
    wide_cell = view.sizeHintForIndex(proxy.mapFromSource(model.index(4999, 4))).width()
    narrow_cell = view.sizeHintForIndex(proxy.mapFromSource(model.index(0, 4))).width()
    assert wide_cell > narrow_cell
    grid = 1 if view.showGrid() else 0
    assert _values_width(view, model, 4) == wide_cell + grid


def test_the_imported_store_is_read_again_off_the_main_thread(fake_iface, qgis_new_project, provider,
                                                              tmp_path, monkeypatch):
    """After an import through the Situation panel the store's records are read
    in a worker thread; the panel shows exactly the records the store holds
    (read here again, independently), and the layers of their series."""
    from qgis.PyQt.QtCore import QCoreApplication, Qt
    from qgis.PyQt.QtTest import QTest

    from situation_mapper.layers.situation_layers import situation_layers
    from situation_mapper.sample_data.build_scenario import build_scenario
    from situation_mapper.store import open_control_layer, read_records
    from situation_mapper.ui import import_box
    from situation_mapper.ui.situation_panel import SituationPanel

    threads = []

    def recording_read_records(layer):
        threads.append(threading.current_thread())
        return read_records(layer)

    monkeypatch.setattr(import_box, "read_records", recording_read_records)
    scenario = build_scenario(str(tmp_path / "scenario"))
    panel = SituationPanel(fake_iface, fake_iface.mainWindow())
    try:
        store = str(tmp_path / "situation.gpkg")
        panel.storeFileWidget.setFilePath(store)
        panel.importFolderWidget.setFilePath(scenario["control_folders"]["source_a_occupied"])
        panel.statusComboBox.setEditText("occupied")
        panel.sourceLineEdit.setText("Source A")
        QTest.mouseClick(panel.importButton, Qt.LeftButton)
        assert panel.import_run.wait(120000)
        QCoreApplication.processEvents()
        assert threads and all(thread is not threading.main_thread() for thread in threads)
        expected = read_records(open_control_layer(store))
        assert len(expected) == 6
        assert sorted((r.valid_from, r.valid_to, r.status, r.source) for r in panel.records) == \
            sorted((r.valid_from, r.valid_to, r.status, r.source) for r in expected)
        assert [layer.name() for layer in situation_layers(QgsProject.instance(), store)] == \
            [layer.name() for layer in situation_layers(QgsProject.instance())]
        assert len(situation_layers(QgsProject.instance(), store)) == 1
    finally:
        panel.unload()
        panel.deleteLater()


def test_the_analysis_tab_reads_the_store_again_after_an_import(fake_iface, qgis_new_project, provider,
                                                                tmp_path):
    """A store chosen in the Analysis tab before an import filled it: once the
    Situation tab's import finishes, the Analysis tab lists the imported source
    and status (it used to keep its empty lists, so Run said to check a status)."""
    from qgis.PyQt.QtCore import QCoreApplication, Qt
    from qgis.PyQt.QtTest import QTest

    from situation_mapper.sample_data.build_scenario import build_scenario
    from situation_mapper.ui.analysis_panel import AnalysisPanel
    from situation_mapper.ui.situation_context import SituationContext
    from situation_mapper.ui.situation_panel import SituationPanel

    scenario = build_scenario(str(tmp_path / "scenario"))
    context = SituationContext(QgsProject.instance())
    situation = SituationPanel(fake_iface, fake_iface.mainWindow(), context=context)
    analysis = AnalysisPanel(fake_iface, fake_iface.mainWindow(), context=context)
    try:
        store = str(tmp_path / "situation.gpkg")
        situation.storeFileWidget.setFilePath(store)
        context.set_store_location(store)
        QCoreApplication.processEvents()
        assert analysis.store_location() == store
        assert analysis.statusesList.count() == 0
        situation.importFolderWidget.setFilePath(scenario["control_folders"]["source_a_occupied"])
        situation.statusComboBox.setEditText("occupied")
        situation.sourceLineEdit.setText("Source A")
        QTest.mouseClick(situation.importButton, Qt.LeftButton)
        assert situation.import_run.wait(120000)
        QCoreApplication.processEvents()
        statuses = [analysis.statusesList.item(i).text() for i in range(analysis.statusesList.count())]
        sources = [analysis.sourcesList.item(i).text() for i in range(analysis.sourcesList.count())]
        assert statuses == ["occupied"] and sources == ["Source A"]
        assert analysis.statusesList.item(0).checkState() == Qt.Checked
    finally:
        analysis.unload()
        situation.unload()
        context.unload()
        analysis.deleteLater()
        situation.deleteLater()
