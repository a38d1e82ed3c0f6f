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
    widget.unload()
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


def test_the_output_folder_is_remembered_once_written(panel, tmp_path, monkeypatch):
    from situation_mapper.infra.settings import LAST_EXPORT_FOLDER
    from support import cancel_runs_on_first_progress

    LAST_EXPORT_FOLDER.setValue(str(tmp_path))
    cancelled = tmp_path / "cancelled"
    cancelled.mkdir()
    fill(panel, cancelled, name="long.pdf", dates="2025-01-01,2025-01-02,2025-01-03")
    with monkeypatch.context() as patch:
        cancel_runs_on_first_progress(patch)
        QTest.mouseClick(panel.exportButton, Qt.LeftButton)
        assert panel.run.wait() is False
    assert LAST_EXPORT_FOLDER.value() == str(tmp_path)  # nothing written there: not remembered
    written = tmp_path / "written"
    written.mkdir()
    panel.outputFileWidget.setFilePath(str(written / "map.pdf"))
    panel.datesEdit.setText("")
    QTest.mouseClick(panel.exportButton, Qt.LeftButton)
    assert panel.run.wait()
    assert (written / "map.pdf").exists() and LAST_EXPORT_FOLDER.value() == str(written)


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


# -- QA findings -------------------------------------------------------------------------
def write_store(path, rows):
    """A GeoPackage situation store with a control table of ``rows``:
    (wkt, valid_from, valid_to, status, source)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorFileWriter, QgsVectorLayer

    from situation_mapper.store.schema import control_fields

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "control", "memory")
    layer.dataProvider().addAttributes(control_fields().toList())
    layer.updateFields()
    features = []
    for wkt, start, stop, status, source in rows:
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry.fromWkt(wkt)
        geometry.convertToMultiType()
        feature.setGeometry(geometry)
        feature["valid_from"], feature["valid_to"] = start, stop
        feature["status"], feature["source"], feature["confidence"] = status, source, "assessed"
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "control"
    error = QgsVectorFileWriter.writeAsVectorFormatV2(
        layer, str(path), QgsProject.instance().transformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return str(path)


WEST = "POLYGON((37 48, 37.0675 48, 37.0675 48.09, 37 48.09, 37 48))"
WHOLE = "POLYGON((37 48, 37.135 48, 37.135 48.09, 37 48.09, 37 48))"


def test_date_follows_the_situation_not_today(panel, tmp_path, fake_iface):
    import datetime

    from qgis.core import QgsDateTimeRange
    from qgis.PyQt.QtCore import QDateTime
    from qgis.PyQt.QtXml import QDomDocument

    from situation_mapper.layers.project_state import SituationState, write_state
    from situation_mapper.layers.situation_layers import day_range

    today = QDate.currentDate()
    assert panel.dateEdit.date() == QDate(2025, 1, 2) != today  # the visible layer's last snapshot
    # a project read with a situation store: its last snapshot
    store = write_store(tmp_path / "store.gpkg", [(WEST, "2025-03-01", "2025-03-05", "occupied", "A"),
                                                  (WEST, "2025-03-05", None, "occupied", "A")])
    write_state(QgsProject.instance(), SituationState(store_path=store))
    QgsProject.instance().readProject.emit(QDomDocument())
    assert panel.dateEdit.date() == QDate(2025, 3, 5)
    # the map shows another day (Temporal Controller): the tab follows it when shown
    canvas = fake_iface.mapCanvas()
    try:
        canvas.setTemporalRange(day_range(datetime.date(2025, 3, 2)))
        panel.window().show()  # the tab is shown
        panel.show()
        assert panel.dateEdit.date() == QDate(2025, 3, 2)
    finally:
        panel.window().hide()
        canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))


def test_project_clear_resets_the_panel_and_unload_disconnects(panel, tmp_path):
    fill(panel, tmp_path)
    QTest.mouseClick(panel.previewButton, Qt.LeftButton)
    assert panel.previewLabel.pixmap() is not None and not panel.previewLabel.pixmap().isNull()
    assert panel.statusLabel.text()
    QgsProject.instance().clear()
    assert panel.previewLabel.pixmap() is None or panel.previewLabel.pixmap().isNull()
    assert panel.statusLabel.text() == "" and panel.outputFileWidget.filePath() == ""
    # after unload the panel no longer listens to the project
    panel.unload()
    assert panel.connections == []
    panel.statusLabel.setText("kept")
    QgsProject.instance().clear()
    assert panel.statusLabel.text() == "kept"


def test_area_name_field_is_picked_from_the_areas_layer(panel):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    for fields, expected in (("field=code:integer&field=NAME:string", "NAME"),
                             ("field=id:integer&field=label:string&field=name:string", "name"),
                             ("field=id:integer&field=label:string", "label")):
        layer = QgsVectorLayer(f"Polygon?crs=EPSG:4326&{fields}", f"areas {expected}", "memory")
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(WHOLE))
        layer.dataProvider().addFeatures([feature])
        QgsProject.instance().addMapLayer(layer, False)
        panel.figureAreasCombo.setLayer(layer)
        assert panel.nameFieldCombo.currentField() == expected
        assert panel.parameters()["AREA_NAME_FIELD"] == expected


def test_designer_preview_and_export_use_the_same_control_layer(panel, tmp_path):
    """Two series of one store, the claimed one on top: the figures are computed from
    the whole store (occupied ground counts), in the designer as in the export."""
    from qgis.core import QgsVectorLayer

    from situation_mapper.export.product import figures_control_layer
    from situation_mapper.export.layout_builder import FIGURES_ID

    QgsProject.instance().removeAllMapLayers()
    store = write_store(tmp_path / "two.gpkg", [(WEST, "2025-01-01", None, "occupied", "Source A"),
                                                (WHOLE, "2025-01-01", None, "claimed", "Source B")])
    series = []
    for name, subset in (("Claimed (Source B)", "source = 'Source B'"),
                         ("Occupied (Source A)", "source = 'Source A'")):
        layer = QgsVectorLayer(f"{store}|layername=control", name, "ogr")
        layer.setSubsetString(subset)
        series.append(layer)
    QgsProject.instance().addMapLayers(series)  # the claimed series on top, as QA had it
    areas = square_area()
    QgsProject.instance().addMapLayer(areas, False)
    assert QgsProject.instance().layerTreeRoot().layerOrder()[0].name() == "Claimed (Source B)"
    panel.figureAreasCombo.setLayer(areas)
    panel.dateEdit.setDate(QDate(2025, 1, 1))
    chosen = figures_control_layer(QgsProject.instance())
    assert chosen.subsetString() == "" and "two.gpkg" in chosen.source()
    QTest.mouseClick(panel.designerButton, Qt.LeftButton)
    layout = panel.opened_designers[-1]
    table = layout.itemById(FIGURES_ID).multiFrame().tableContents()
    rows = [[cell.content() for cell in row] for row in table]
    assert rows[0][:3] == ["Square", "Source A", rows[0][2]] and rows[0][2].startswith("50.0 %"), rows
    # the preview says where its figures come from instead of an empty table
    QTest.mouseClick(panel.previewButton, Qt.LeftButton)
    assert "computed at export" in panel.statusLabel.text()
    QgsProject.instance().removeAllMapLayers()


def test_controls_show_only_when_they_apply(panel, tmp_path):
    fill(panel, tmp_path)
    assert panel.templateCombo.currentData()  # a shipped template
    assert not panel.templateFileWidget.isEnabled()
    panel.templateCombo.setCurrentIndex(panel.templateCombo.findData(""))
    assert panel.templateFileWidget.isEnabled()
    # a single date: no atlas mode
    assert panel.oneDateRadio.isChecked() and panel.atlasModeCombo.isHidden()
    panel.datesEdit.setText("2025-01-01..2025-01-02")
    assert panel.dateRangeRadio.isChecked()
    assert not panel.atlasModeCombo.isHidden()  # PDF: one PDF or one file per date
    panel.formatCombo.setCurrentIndex(panel.formatCombo.findData("png"))
    assert panel.atlasModeCombo.isHidden() and panel.atlasModeLabel.isHidden()
    # both a date and a range filled: the radio says which is exported
    QTest.mouseClick(panel.oneDateRadio, Qt.LeftButton)
    parameters = panel.parameters()
    assert parameters["DATE"] == "2025-01-01" and "DATES" not in parameters
    QTest.mouseClick(panel.dateRangeRadio, Qt.LeftButton)
    parameters = panel.parameters()
    assert parameters["DATES"] == "2025-01-01..2025-01-02" and "DATE" not in parameters


def test_preview_fits_a_narrow_panel(panel, tmp_path):
    from qgis.PyQt.QtWidgets import QApplication

    fill(panel, tmp_path)
    panel.window().show()
    panel.resize(440, 900)
    panel.show()
    try:
        QApplication.processEvents()
        QTest.mouseClick(panel.previewButton, Qt.LeftButton)
        panel.resize(340, 900)  # the user narrows the dock after the preview
        for _ in range(3):
            QApplication.processEvents()
        assert panel.previewLabel.pixmap().width() <= 340
        assert panel.scrollArea.horizontalScrollBar().maximum() == 0
        assert panel.scrollArea.widget().minimumSizeHint().width() <= 340
    finally:
        panel.window().hide()


def test_layers_made_during_a_background_export_live_in_the_project_thread(panel, tmp_path):
    """The overview, computed and basemap layers are made in the run's thread and
    given to the product's project, which the run holds while it fills it (made
    in the main thread, handed over): the project owns them and Qt never refuses
    to parent them."""
    from qgis.PyQt.QtCore import qInstallMessageHandler

    messages = []
    previous = qInstallMessageHandler(lambda _mode, _context, message: messages.append(message))
    try:
        fill(panel, tmp_path, dates="2025-01-01..2025-01-02")
        QTest.mouseClick(panel.exportButton, Qt.LeftButton)
        assert panel.run.wait()
    finally:
        qInstallMessageHandler(previous)
    assert (tmp_path / "panel.pdf").exists()
    assert not [m for m in messages if "different thread" in m or "setParent" in m], messages
