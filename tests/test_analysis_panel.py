"""The Analysis panel driven like a user: choose layers, run, sort, click a row,
export the table and the chart, keep the result with the project."""

import csv
import datetime
import sys

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QPoint, Qt
from qgis.PyQt.QtGui import QFont, QImage
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView

from support import flush_deletes
from test_occupied_share import D1, D3, areas_layer, box, control_layer, scenario_control


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


def claimed_only_control(name="claims"):
    """Source A occupied and contested, Source B only claimed (as in the sample scenario)."""
    layer = control_layer([
        (box(36.9, 47.9, 37.2, 48.2), D1, None, "occupied", "Source A"),
        (box(37.9, 47.9, 38.05, 48.2), D1, None, "contested", "Source A"),
        (box(36.9, 47.9, 37.05, 48.2), D1, D3, "claimed", "Source B"),
        (box(36.9, 47.9, 37.2, 48.2), D3, None, "claimed", "Source B"),
    ])
    layer.setName(name)
    return layer


def test_sources_of_another_control_layer_start_checked(panel):
    other = claimed_only_control()
    QgsProject.instance().addMapLayer(other)
    panel.sourcesList.item(1).setCheckState(Qt.Unchecked)  # ISW off
    assert checked(panel.sourcesList) == ["DeepStateMap"]

    panel.controlCombo.setLayer(other)
    assert checked(panel.sourcesList) == ["Source A", "Source B"]
    rows = run_panel(panel, "2025-01-10")
    assert {r["source"] for r in rows} == {"Source A"}  # B: see the next test

    # back on the first layer: the source switched off is still off, the other on
    first = QgsProject.instance().mapLayersByName("control")[0]
    panel.controlCombo.setLayer(first)
    assert checked(panel.sourcesList) == ["DeepStateMap"]
    # a store chosen instead: its sources start checked too
    panel.sourcesList.item(0).setCheckState(Qt.Unchecked)  # DeepStateMap off as well
    panel.controlCombo.setLayer(other)
    assert checked(panel.sourcesList) == ["Source A", "Source B"]
    assert panel.parameters()["SOURCES"] == ""


def test_a_checked_source_without_rows_is_named(panel):
    other = claimed_only_control()
    QgsProject.instance().addMapLayer(other)
    panel.controlCombo.setLayer(other)
    # the upper bound offers only statuses not already counted as occupied
    assert checked(panel.statusesList) == ["occupied"]
    upper = [panel.upperStatusesList.item(i).text() for i in range(panel.upperStatusesList.count())]
    assert "occupied" not in upper and set(upper) == {"contested", "claimed"}
    assert checked(panel.upperStatusesList) == ["contested"]

    rows = run_panel(panel, "2025-01-10")
    assert {r["source"] for r in rows} == {"Source A"}
    status = panel.statusLabel.text()
    assert status.startswith("5 rows.")
    assert "Source B gave no rows" in status and "occupied" in status and "claimed" in status
    assert "Source A gave no rows" not in status

    # counting claimed as occupied too: it leaves the upper-bound list, B gets rows
    claimed = panel.statusesList.findItems("claimed", Qt.MatchExactly)[0]
    claimed.setCheckState(Qt.Checked)
    upper = [panel.upperStatusesList.item(i).text() for i in range(panel.upperStatusesList.count())]
    assert upper == ["contested"] and checked(panel.upperStatusesList) == ["contested"]
    rows = run_panel(panel, "2025-01-10")
    assert {r["source"] for r in rows} == {"Source A", "Source B"}
    assert "gave no rows" not in panel.statusLabel.text()
    # and back: claimed is offered again for the upper bound, unchecked
    claimed.setCheckState(Qt.Unchecked)
    upper = [panel.upperStatusesList.item(i).text() for i in range(panel.upperStatusesList.count())]
    assert set(upper) == {"contested", "claimed"} and checked(panel.upperStatusesList) == ["contested"]


def test_chart_dates_do_not_overlap(panel):
    from matplotlib.dates import ConciseDateFormatter

    run_panel(panel, "2024-10-01/3")  # every 3rd day, across a new year
    panel.resultTabs.setCurrentWidget(panel.chartTab)
    panel.resize(340, 700)
    QTest.qWait(50)
    axes = panel.figure.axes[0]
    assert isinstance(axes.xaxis.get_major_formatter(), ConciseDateFormatter)
    panel.figure.set_size_inches(3.2, 3.0)
    panel.chart_canvas.draw()
    renderer = panel.chart_canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in axes.get_xticklabels()
             if label.get_text() and label.get_visible()]
    assert len(boxes) >= 2
    boxes.sort(key=lambda b: b.x0)
    for left, right in zip(boxes, boxes[1:]):
        assert left.x1 <= right.x0, [label.get_text() for label in axes.get_xticklabels()]


def test_result_columns_fit_a_400_px_dock(fake_iface, provider, scenario):
    from qgis.PyQt.QtWidgets import QApplication

    from situation_mapper.ui.main_dock import SituationDock

    dock = SituationDock(fake_iface, lambda _id: None, fake_iface.mainWindow())
    try:
        # QGIS Desktop's font under X11 (9 pt), not the offscreen test app's 12 pt
        font = QFont(dock.font())
        font.setPointSize(9)
        dock.setFont(font)
        for header_view in dock.findChildren(QHeaderView):  # headers have a font of their own here
            header_view.setFont(font)
        dock.setFloating(True)
        dock.resize(400, 1000)
        dock.show()
        panel = dock.analysis_panel
        dock.panels.setCurrentWidget(panel)
        areas, control = scenario
        areas.setName("areas with a long name")
        panel.areasCombo.setLayer(areas)
        panel.controlCombo.setLayer(control)
        run_panel(panel)
        QApplication.processEvents()
        assert dock.width() == 400
        view = panel.resultsView
        header = view.horizontalHeader()
        titles = [panel.model.headerData(c, Qt.Horizontal) for c in range(header.count())]
        assert titles == ["Date", "Area", "Source", "Share %", "km²", "Δ pts"]
        assert all(panel.model.headerData(c, Qt.Horizontal, Qt.ToolTipRole) for c in range(header.count()))
        widths = [header.sectionSize(c) for c in range(header.count())]
        assert sum(widths) <= view.viewport().width(), widths
        assert widths[1] >= 40 and widths[2] >= 24, widths  # area and source still readable
        for column in range(header.count()):
            assert not header.isSectionHidden(column)
            assert header.sectionViewportPosition(column) + widths[column] <= view.viewport().width()
        # the area names are elided, not the numbers; the tooltip names the area
        share = header.logicalIndex(3)
        metrics = view.fontMetrics()
        for row in range(panel.proxy.rowCount()):
            assert widths[share] >= metrics.horizontalAdvance(panel.proxy.index(row, share).data())
        assert panel.proxy.index(0, 1).data(Qt.ToolTipRole).startswith(panel.proxy.index(0, 1).data())

        # every tab of the dock is in view, no scroll arrows
        bar = dock.panels.tabBar()
        assert not dock.panels.usesScrollButtons()
        assert [dock.panels.tabText(i) for i in range(bar.count())] == [
            "Start", "Situation", "Analysis", "Events", "Draw", "Export"]
        for index in range(bar.count()):
            assert bar.tabRect(index).right() < bar.width(), index
            assert dock.panels.tabToolTip(index)
    finally:
        dock.unload()
        dock.deleteLater()
        flush_deletes()


def test_check_lists_are_as_tall_as_their_items(panel):
    """Two sources, two statuses, one status left for the upper bound: each
    list is as many rows tall (not a fixed block), so the results table gets
    the height."""
    for widget in (panel.sourcesList, panel.statusesList, panel.upperStatusesList):
        rows = min(max(widget.count(), 1), 4)
        assert widget.maximumHeight() == rows * (widget.sizeHintForRow(0) if widget.count() else
                                                 widget.fontMetrics().height() + 6) \
            + 2 * widget.frameWidth() + 2
    assert panel.upperStatusesList.count() == 1 and panel.sourcesList.count() == 2
    assert panel.upperStatusesList.maximumHeight() < panel.sourcesList.maximumHeight() <= 80
    # every item stays visible without scrolling
    for widget in (panel.sourcesList, panel.statusesList):
        last = widget.visualItemRect(widget.item(widget.count() - 1))
        assert last.bottom() <= widget.maximumHeight()
