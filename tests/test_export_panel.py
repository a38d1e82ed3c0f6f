"""The Export panel driven like a user: fill the widgets, click, check the files."""

import shutil
import subprocess  # nosec B404 - poppler's pdfinfo
from pathlib import Path

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtTest import QTest

from support import flush_deletes
from test_export_map import GREY, RED, colour_share, far_events, set_sources, square_area, synthetic_control

Image = pytest.importorskip("PIL.Image")


@pytest.fixture()
def panel(provider, qgis_new_project, fake_iface):
    from situation_mapper.ui.export_panel import ExportPanel

    control, area = synthetic_control(), square_area()
    set_sources(control, "TestSource mapping team", "CC-BY-4.0")
    QgsProject.instance().addMapLayers([control, far_events()])
    QgsProject.instance().addMapLayer(area, False)  # an extent, not drawn
    opened = []
    fake_iface.openLayoutDesigner = opened.append
    widget = ExportPanel(fake_iface, fake_iface.mainWindow())
    widget.opened_designers = opened
    widget.area = area
    yield widget
    if widget.run is not None and widget.run.is_running():
        widget.run.cancel()
        widget.run.wait()
    widget.deleteLater()
    flush_deletes()  # no connection of the panel outlives the test
    for layout in QgsProject.instance().layoutManager().layouts():
        QgsProject.instance().layoutManager().removeLayout(layout)
    QgsProject.instance().removeAllMapLayers()


def fill(panel, tmp_path, name="panel.pdf", dates="", file_format="pdf"):
    QTest.keyClicks(panel.titleEdit, " of the square")
    panel.handlingEdit.setText("FOR TESTING")
    panel.dateEdit.setDate(QDate(2025, 1, 1))
    panel.datesEdit.setText(dates)
    panel.areaCombo.setLayer(panel.area)
    panel.formatCombo.setCurrentIndex(panel.formatCombo.findData(file_format))
    panel.dpiSpin.setValue(40)
    panel.outputFileWidget.setFilePath(str(tmp_path / name))


def test_panel_has_an_object_name_and_tooltips(panel):
    from qgis.PyQt.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox

    assert panel.objectName() == "ExportPanel"
    controls = [w for w in panel.findChildren((QAbstractButton, QComboBox, QLineEdit, QSpinBox))
                if w.objectName() and not w.objectName().startswith("qt_")
                and w.parent() is not None and w.parent().objectName() != ""]
    named = {w.objectName() for w in controls}
    assert {"exportButton", "cancelButton", "previewButton", "designerButton", "titleEdit",
            "datesEdit", "formatCombo", "pageCombo", "dpiSpin"} <= named
    for name in ("exportButton", "cancelButton", "previewButton", "designerButton", "titleEdit",
                 "subtitleEdit", "handlingEdit", "dateEdit", "datesEdit", "templateCombo",
                 "pageCombo", "formatCombo", "dpiSpin", "outputFileWidget", "areaCombo"):
        assert getattr(panel, name).toolTip(), name


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
def test_export_an_atlas_in_the_background(panel, tmp_path):
    fill(panel, tmp_path, dates="2025-01-01..2025-01-02")
    assert panel.parameters()["TITLE"] == "Situation map of the square"
    QTest.mouseClick(panel.exportButton, Qt.LeftButton)
    assert not panel.exportButton.isEnabled() and panel.cancelButton.isEnabled()
    assert panel.run.wait()
    output = tmp_path / "panel.pdf"
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True, check=True).stdout  # nosec B603
    assert "Pages:           2" in info
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True,  # nosec B603
                          check=True).stdout
    assert "Situation map of the square" in text and "as of 2025-01-02" in text and "FOR TESTING" in text
    assert panel.progressBar.value() == 100
    assert str(output) in panel.statusLabel.text()
    assert panel.exportButton.isEnabled() and not panel.cancelButton.isEnabled()


def test_format_follows_the_output_name_and_png_per_date(panel, tmp_path):
    fill(panel, tmp_path, name="map.pdf", dates="2025-01-01,2025-01-02", file_format="pdf")
    panel.formatCombo.setCurrentIndex(panel.formatCombo.findData("png"))
    assert panel.outputFileWidget.filePath() == str(tmp_path / "map.png")
    panel.atlasModeCombo.setCurrentIndex(1)
    QTest.mouseClick(panel.exportButton, Qt.LeftButton)
    assert panel.run.wait()
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["map_2025-01-01.png", "map_2025-01-02.png"]
    day2 = Image.open(tmp_path / "map_2025-01-02.png").convert("RGB")
    assert colour_share(day2, GREY) > 0.1 and colour_share(day2, RED) < 0.01


def test_cancel_from_the_panel_leaves_no_file(panel, tmp_path, monkeypatch):
    from support import cancel_runs_on_first_progress

    fill(panel, tmp_path, name="long.pdf", dates="2025-01-01,2025-01-02,2025-01-03,2025-01-04,"
                                                 "2025-01-05,2025-01-06,2025-01-07,2025-01-08")
    panel.dpiSpin.setValue(150)
    cancel_runs_on_first_progress(monkeypatch)  # cancelled while the first page renders
    QTest.mouseClick(panel.exportButton, Qt.LeftButton)
    assert panel.run.wait() is False
    assert "cancelled" in panel.statusLabel.text()
    assert list(tmp_path.iterdir()) == []


def test_cancel_button_cancels_the_run(panel, tmp_path):
    fill(panel, tmp_path, name="long.pdf", dates="2025-01-01,2025-01-02,2025-01-03")
    QTest.mouseClick(panel.exportButton, Qt.LeftButton)
    assert panel.cancelButton.isEnabled()
    QTest.mouseClick(panel.cancelButton, Qt.LeftButton)
    assert panel.run.feedback.isCanceled()
    panel.run.wait()
    assert panel.exportButton.isEnabled() and not panel.cancelButton.isEnabled()


def test_export_without_output_asks_for_one(panel):
    panel.outputFileWidget.setFilePath("")
    QTest.mouseClick(panel.exportButton, Qt.LeftButton)
    assert panel.run is None
    assert "output file" in panel.statusLabel.text()


def test_preview_draws_the_page(panel, tmp_path):
    fill(panel, tmp_path)
    QTest.mouseClick(panel.previewButton, Qt.LeftButton)
    pixmap = panel.previewLabel.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    image = pixmap.toImage()
    assert image.width() >= 200 and image.height() > image.width() * 0.6  # A4 landscape
    path = tmp_path / "preview.png"
    image.save(str(path))
    assert colour_share(Image.open(path).convert("RGB"), RED) > 0.02
    # the user's layers were not touched by the preview
    assert all(layer.name() != "" for layer in QgsProject.instance().mapLayers().values())


def test_open_in_layout_designer(panel, tmp_path):
    from situation_mapper.export.layout_builder import label_texts

    fill(panel, tmp_path)
    QTest.mouseClick(panel.designerButton, Qt.LeftButton)
    manager = QgsProject.instance().layoutManager()
    layout = manager.layoutByName("Situation map of the square 2025-01-01")
    assert layout is not None
    assert panel.opened_designers == [layout]
    texts = label_texts(layout)
    assert texts["situation_date"] == "as of 2025-01-01"
    assert texts["title"] == "Situation map of the square"
    assert texts["handling"] == "FOR TESTING"
    # a second click gives a second, distinctly named layout
    QTest.mouseClick(panel.designerButton, Qt.LeftButton)
    assert manager.layoutByName("Situation map of the square 2025-01-01 (2)") is not None


def test_dock_has_the_export_panel(provider, qgis_new_project, fake_iface):
    from situation_mapper.ui.main_dock import SituationDock

    dock = SituationDock(fake_iface, lambda _id: None, fake_iface.mainWindow())
    titles = [dock.panels.tabText(i) for i in range(dock.panels.count())]
    assert "Export" in titles
    assert dock.findChild(type(dock.panels.widget(titles.index("Export"))), "ExportPanel") is not None
    dock.deleteLater()
    flush_deletes()


def test_output_path_gets_the_format_extension(panel, tmp_path):
    panel.outputFileWidget.setFilePath(str(tmp_path / "x.pdf"))
    panel.formatCombo.setCurrentIndex(panel.formatCombo.findData("gif"))
    assert Path(panel.output_path()).suffix == ".gif"
