"""The Analysis panel driven like a user: choose layers, run, sort, click a row,
export the table and the chart, keep the result with the project."""

import csv
import datetime
import sys

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QPoint, Qt
from qgis.PyQt.QtGui import QImage
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QFileDialog

from support import flush_deletes
from test_occupied_share import areas_layer, scenario_control


@pytest.fixture()
def scenario(qgis_new_project):
    areas = areas_layer()
    control = scenario_control()
    QgsProject.instance().addMapLayers([areas, control])
    return areas, control


@pytest.fixture()
def panel(provider, fake_iface, scenario):
    from situation_mapper.ui.analysis_panel import AnalysisPanel

    widget = AnalysisPanel(fake_iface, fake_iface.mainWindow())
    widget.resize(500, 900)
    widget.show()
    areas, control = scenario
    widget.areasCombo.setLayer(areas)
    widget.controlCombo.setLayer(control)
    yield widget
    if widget.run is not None and widget.run.is_running():
        widget.run.cancel()
        widget.run.wait()
    widget.deleteLater()
    flush_deletes()


def checked(list_widget):
    return [list_widget.item(i).text() for i in range(list_widget.count())
            if list_widget.item(i).checkState() == Qt.Checked]


def run_panel(panel, dates="2025-01-10,2025-01-20"):
    panel.datesEdit.setText(dates)
    QTest.mouseClick(panel.runButton, Qt.LeftButton)
    assert panel.run is not None
    assert panel.run.wait(60000)
    return panel.model.rows


def test_lists_come_from_the_control_layer(panel):
    assert panel.objectName() == "AnalysisPanel"
    assert panel.nameFieldCombo.currentField() == "name"
    assert checked(panel.sourcesList) == ["DeepStateMap", "ISW"]
    assert checked(panel.statusesList) == ["occupied"]
    assert checked(panel.upperStatusesList) == ["contested"]
    for widget in panel.findChildren(type(panel.runButton)):
        assert widget.toolTip(), widget.objectName()


def test_run_fills_a_sortable_table(panel):
    rows = run_panel(panel)
    # 2 dates x 5 areas x 2 sources
    assert len(rows) == 20 and panel.proxy.rowCount() == 20
    by_key = {(r["date"], r["area"], r["source"]): r for r in rows}
    assert by_key[("2025-01-10", "half", "DeepStateMap")]["occupied_pct"] == pytest.approx(50.0, abs=1e-5)
    assert by_key[("2025-01-20", "half", "DeepStateMap")]["change_pct"] == pytest.approx(50.0, abs=1e-5)
    assert by_key[("2025-01-10", "untouched", "DeepStateMap")]["upper_pct"] == pytest.approx(50.0, abs=1e-5)
    assert panel.progressBar.value() == 100
    assert panel.exportCsvButton.isEnabled() and panel.runButton.isEnabled()
    assert not panel.cancelButton.isEnabled()

    # sort by share, as a user clicking the header twice (descending)
    header = panel.resultsView.horizontalHeader()
    share_column = 3
    x = header.sectionViewportPosition(share_column) + 5
    QTest.mouseClick(header.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(x, 5))
    values = [panel.row_at(panel.proxy.index(i, 0))["occupied_pct"] for i in range(20)]
    assert values == sorted(values)
    QTest.mouseClick(header.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(x, 5))
    values = [panel.row_at(panel.proxy.index(i, 0))["occupied_pct"] for i in range(20)]
    assert values == sorted(values, reverse=True)
    assert panel.proxy.index(0, share_column).data() == "100.00"


def test_only_selected_areas_and_one_source(panel, scenario):
    areas, _control = scenario
    areas.selectByExpression("\"name\" = 'holed'")
    panel.selectedOnlyCheck.setChecked(True)
    panel.sourcesList.item(1).setCheckState(Qt.Unchecked)  # ISW off
    rows = run_panel(panel, "2025-01-10")
    assert [(r["area"], r["source"]) for r in rows] == [("holed", "DeepStateMap")]
    assert rows[0]["occupied_pct"] == pytest.approx(50.0, abs=1e-5)


def test_clicking_a_row_sets_the_date_and_zooms(panel, fake_iface):
    canvas = fake_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    canvas.setExtent(QgsRectangle(0, 0, 1000, 1000))
    run_panel(panel)
    target = next(i for i in range(panel.proxy.rowCount())
                  if panel.row_at(panel.proxy.index(i, 0))["date"] == "2025-01-20"
                  and panel.row_at(panel.proxy.index(i, 0))["area"] == "two_parts")
    panel.resultsView.scrollTo(panel.proxy.index(target, 1))
    rect = panel.resultsView.visualRect(panel.proxy.index(target, 1))
    QTest.mouseClick(panel.resultsView.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    time_range = canvas.temporalRange()
    assert time_range.begin().date().toPyDate() == datetime.date(2025, 1, 20)
    assert time_range.end().date().toPyDate() == datetime.date(2025, 1, 21)
    # the extent (Web Mercator) now holds the area 37.5..37.6 E, 48.0..48.1 N
    from qgis.core import QgsCoordinateTransform

    to_map = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
    area_box = to_map.transformBoundingBox(QgsRectangle(37.5, 48.0, 37.6, 48.1))
    extent = canvas.extent()
    assert extent.contains(area_box)
    assert extent.width() < 3 * area_box.width() or extent.height() < 3 * area_box.height()


def test_exports_csv_chart_and_layer(panel, tmp_path, monkeypatch):
    run_panel(panel)
    csv_path = tmp_path / "shares.csv"
    csv_path.write_text("old content")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(csv_path), ""))
    QTest.mouseClick(panel.exportCsvButton, Qt.LeftButton)
    with open(csv_path, newline="", encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    assert len(table) == 20
    assert set(table[0]) >= {"date", "area", "source", "area_km2", "occupied_km2", "occupied_pct",
                             "change_pct", "snapshot_date", "note"}
    half = [r for r in table if r["area"] == "half" and r["source"] == "DeepStateMap"
            and r["date"] == "2025-01-10"][0]
    assert float(half["occupied_pct"]) == pytest.approx(50.0, abs=1e-5)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".analysis_")]

    for extension in ("png", "svg"):
        chart_path = tmp_path / f"chart.{extension}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, p=chart_path, **k: (str(p), ""))
        QTest.mouseClick(panel.exportChartButton, Qt.LeftButton)
        assert chart_path.exists() and chart_path.stat().st_size > 1000
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() > 200
    colours = {image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
    assert len(colours) > 10  # lines, axes and text, not a blank page
    assert "<svg" in (tmp_path / "chart.svg").read_text()[:2000]

    QTest.mouseClick(panel.addLayerButton, Qt.LeftButton)
    added = QgsProject.instance().mapLayersByName("Occupied share")
    assert len(added) == 1 and added[0].featureCount() == 20


def test_result_is_kept_with_the_project(panel, tmp_path):
    run_panel(panel)
    path = str(tmp_path / "project.qgs")
    assert QgsProject.instance().write(path)
    QgsProject.instance().clear()
    assert panel.model.rowCount() == 0
    assert QgsProject.instance().read(path)
    assert panel.model.rowCount() == 20
    row = {(r["date"], r["area"], r["source"]): r for r in panel.model.rows}[
        ("2025-01-10", "holed", "DeepStateMap")]
    assert row["occupied_pct"] == pytest.approx(50.0, abs=1e-5)
    # a restored result can still be added as a layer (rebuilt from the rows)
    layer = panel.add_result_layer()
    assert layer is not None and layer.featureCount() == 20
    assert layer.fields().indexOf("occupied_pct") >= 0

    # an unreadable entry is ignored, not a crash
    QgsProject.instance().writeEntry("situation_mapper", "analysis/rows", "{not json")
    panel.restore_from_project()
    assert panel.model.rowCount() == 0


def test_cancel_and_missing_inputs(panel, monkeypatch):
    from support import cancel_runs_on_first_progress

    cancel_runs_on_first_progress(monkeypatch)  # cancelled in the worker, however fast the run
    panel.datesEdit.setText("all")
    assert panel.start_run()
    assert panel.cancelButton.isEnabled()
    QTest.mouseClick(panel.cancelButton, Qt.LeftButton)
    assert panel.run.feedback.isCanceled()
    assert panel.run.wait(60000) is False
    assert panel.model.rowCount() == 0 and panel.runButton.isEnabled()

    panel.controlCombo.setLayer(None)
    QTest.mouseClick(panel.runButton, Qt.LeftButton)
    assert "control layer" in panel.statusLabel.text()


def test_without_matplotlib_the_panel_says_so(provider, fake_iface, scenario, monkeypatch):
    from situation_mapper.ui.analysis_panel import AnalysisPanel

    monkeypatch.setitem(sys.modules, "matplotlib.backends.backend_qt5agg", None)
    widget = AnalysisPanel(fake_iface, fake_iface.mainWindow())
    assert widget.figure is None
    assert "matplotlib" in widget.chartMessageLabel.text()
    assert not widget.exportChartButton.isEnabled()
    widget.deleteLater()
    flush_deletes()


def test_panel_is_a_tab_of_the_dock(fake_iface, provider):
    from situation_mapper.ui.main_dock import SituationDock

    dock = SituationDock(fake_iface, lambda _id: None, fake_iface.mainWindow())
    titles = [dock.panels.tabText(i) for i in range(dock.panels.count())]
    assert "Analysis" in titles
    assert dock.findChild(type(dock.panels.widget(titles.index("Analysis"))), "AnalysisPanel")
    dock.deleteLater()
    flush_deletes()
