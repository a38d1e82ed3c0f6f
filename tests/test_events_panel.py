"""The events layer and the Events panel, driven like a user: the display window
(an event of the 20th shows on the 20th to the 22nd with 3 days, not on the 23rd;
an event at 23:30 -02:00 belongs to the next UTC day), the list of the shown
period, a click to zoom, "Add event" on the map with its form, undo, save into
the store (read back with sqlite3), and a rendering of every type and
verification looked at as an image."""

import datetime
import sqlite3

import pytest

from support import flush_deletes
from test_postgis_store import pg_location, pg_schema, postgis_server  # noqa: F401 (fixtures)

EVENTS_CSV = (
    "date,lon,lat,type,side,source,verification,strength,description\n"
    "2025-11-20T08:00Z,37.180,48.280,infiltration,hostile,A,confirmed,,groups in fog\n"
    "2025-11-22T23:59Z,37.150,48.285,flag_raised,hostile,B,claimed,,flag on the western edge\n"
    "2025-11-30T23:30:00-02:00,37.200,48.270,force_estimate,hostile,C,unverified,300,<b>about</b> 300\n"
    "2025-11-23,37.190,48.290,strike,friendly,D,refuted,,\n"
)


@pytest.fixture()
def events_store(provider, tmp_path):
    import processing

    path = tmp_path / "events.csv"
    path.write_text(EVENTS_CSV, encoding="utf-8")
    location = str(tmp_path / "store.gpkg")
    result = processing.run("situationmapper:importevents", {"INPUT": str(path), "OUTPUT": location})
    assert result["IMPORTED"] == 4
    return location


def shown_on(layer, day):
    """Descriptions of the features the layer's temporal set-up draws on ``day``."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    from situation_mapper.layers.temporal import day_range

    expression = layer.temporalProperties().createFilterString(QgsVectorLayerTemporalContext(), day_range(day))
    return sorted(f["source"] for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expression)))


def test_an_event_shows_from_its_utc_day_for_its_display_window(events_store):
    from situation_mapper.layers.events import open_events_layer, style_events_layer

    layer = open_events_layer(events_store)
    assert layer.isValid() and layer.featureCount() == 4
    D = datetime.date
    assert shown_on(layer, D(2025, 11, 19)) == []
    assert shown_on(layer, D(2025, 11, 20)) == ["A"]
    assert shown_on(layer, D(2025, 11, 22)) == ["A", "B"]  # the window's last day, and 23:59 UTC
    assert shown_on(layer, D(2025, 11, 23)) == ["B", "D"]
    assert shown_on(layer, D(2025, 11, 30)) == []  # 23:30 -02:00 on the 30th is 1 Dec in UTC
    assert shown_on(layer, D(2025, 12, 1)) == ["C"]
    style_events_layer(layer, days=1)  # a one-day window
    assert shown_on(layer, D(2025, 11, 22)) == ["B"]
    assert shown_on(layer, D(2025, 11, 21)) == []


def test_the_legend_names_types_and_verification_in_words(events_store):
    from situation_mapper.layers.events import open_events_layer

    layer = open_events_layer(events_store)
    labels = [item.label() for item in layer.renderer().legendSymbolItems()]
    assert labels[:7] == ["Infiltration group", "Flag raised", "Group eliminated", "Strike", "Assault",
                          "Force estimate", "Other report"]
    assert labels[7:] == ["Confirmed: filled symbol", "Claimed: hollow symbol", "Unverified: dashed ring",
                          "Refuted: hollow and crossed"]
    settings = layer.labeling().settings()
    assert "strength" in settings.fieldName and not settings.format().allowHtmlFormatting()


def test_every_type_and_verification_renders(events_store, tmp_path):
    """A picture of the four events (looked at: a filled chevron, a hollow flag, a
    unit frame with its dots and '≈ 300' in a dashed ring, a hollow crossed burst)."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings, QgsRectangle
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    from situation_mapper.layers.events import open_events_layer, style_events_layer

    layer = open_events_layer(events_store)
    style_events_layer(layer, days=30)
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(QgsRectangle(37.13, 48.26, 37.22, 48.30))
    settings.setOutputSize(QSize(600, 300))
    settings.setBackgroundColor(QColor("white"))
    settings.setIsTemporal(True)
    from situation_mapper.layers.temporal import day_range

    settings.setTemporalRange(day_range(datetime.date(2025, 12, 1)))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(str(tmp_path / "events.png"))
    # something red (hostile) and something blue (friendly) drawn on white
    colours = {image.pixelColor(x, y).name() for x in range(0, 600, 2) for y in range(0, 300, 2)}
    assert any(QColor(c).red() > 180 and QColor(c).green() < 90 for c in colours)
    assert any(QColor(c).blue() > 150 and QColor(c).red() < 90 for c in colours)


@pytest.fixture()
def panel(fake_iface, events_store, qgis_canvas):
    from situation_mapper.ui.events_panel import EventsPanel
    from situation_mapper.ui.situation_clock import SituationClock
    from situation_mapper.ui.situation_context import SituationContext

    clock = SituationClock(qgis_canvas)
    context = SituationContext()
    context.set_store_location(events_store)
    widget = EventsPanel(fake_iface, fake_iface.mainWindow(), clock=clock, context=context)
    yield widget
    widget.unload()
    widget.deleteLater()
    clock.unload()
    context.unload()
    flush_deletes()


def _table(panel):
    return [[panel.table.item(r, c).text() for c in range(panel.table.columnCount())]
            for r in range(panel.table.rowCount())]


def test_the_panel_lists_the_events_of_the_shown_period_and_zooms(panel, qgis_canvas):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    assert panel.showButton.isEnabled()
    panel.showButton.click()
    assert panel.layer() is not None
    panel.clock.set_day(datetime.date(2025, 11, 23))
    assert _table(panel) == [
        ["11-22 23:59", "Flag raised, claimed", "B"],
        ["11-23 00:00", "Strike, refuted", "D"]]
    assert "2 event(s) on the map for 2025-11-23 (from 2025-11-21)" in panel.periodLabel.text()
    panel.clock.set_day(datetime.date(2025, 12, 1))
    assert _table(panel) == [["12-01 01:30", "Force estimate, unverified", "C"]]
    # the description is shown as written, not as HTML
    assert "&lt;b&gt;about&lt;/b&gt; 300" in panel.table.item(0, 0).toolTip()
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    qgis_canvas.setExtent(QgsRectangle(30, 44, 40, 52))
    panel.zoom_to_row(0)
    centre = qgis_canvas.extent().center()
    assert centre.x() == pytest.approx(37.2, abs=1e-3) and centre.y() == pytest.approx(48.27, abs=1e-3)
    assert qgis_canvas.extent().height() < 0.1  # about 6 km across, not the 8° before
    # a shorter display window lists fewer
    panel.daysSpin.setValue(1)
    assert [row[2] for row in _table(panel)] == ["C"]
    panel.clock.set_day(datetime.date(2025, 11, 23))
    assert [row[2] for row in _table(panel)] == ["D"]
    panel.daysSpin.setValue(3)


def test_add_event_on_the_map_then_undo_then_save(panel, qgis_canvas, events_store):
    from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsRectangle
    from qgis.gui import QgsMapMouseEvent
    from qgis.PyQt.QtCore import QEvent, QPoint, Qt

    from situation_mapper.ui import events_panel as module

    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    qgis_canvas.resize(400, 400)
    qgis_canvas.setExtent(QgsRectangle(37.0, 48.0, 37.4, 48.4))
    panel.clock.set_day(datetime.date(2025, 11, 25))
    panel.addButton.click()
    assert qgis_canvas.mapTool() is panel.tool and panel.addButton.isChecked()

    answers = []

    class FilledDialog(module.EventDialog):  # the user fills the form and presses OK
        def exec_(self):
            self.typeCombo.setCurrentIndex(self.typeCombo.findData("flag_raised"))
            self.sideCombo.setCurrentIndex(self.sideCombo.findData("hostile"))
            self.verificationCombo.setCurrentIndex(self.verificationCombo.findData("confirmed"))
            self.sourceEdit.setText("Ворог, \"канал\"")
            self.urlEdit.setText("https://example.org/v?id=1&x=<y>")
            self.strengthSpin.setValue(0)
            self.noteEdit.setPlainText("Flag, video\nsecond line")
            answers.append(self)
            return True

    module.EventDialog, original = FilledDialog, module.EventDialog
    try:
        point = qgis_canvas.getCoordinateTransform().transform(QgsPointXY(37.17, 48.29))
        position = QPoint(int(round(point.x())), int(round(point.y())))
        for kind in (QEvent.MouseButtonPress, QEvent.MouseButtonRelease):
            event = QgsMapMouseEvent(qgis_canvas, kind, position, Qt.LeftButton, Qt.LeftButton, Qt.NoModifier)
            if kind == QEvent.MouseButtonPress:
                panel.tool.canvasPressEvent(event)
            else:
                panel.tool.canvasReleaseEvent(event)
    finally:
        module.EventDialog = original
    assert len(answers) == 1
    layer = panel.layer()
    assert layer.isEditable() and layer.featureCount() == 5
    assert ["11-25 12:00", "Flag raised, confirmed", "Ворог, \"канал\""] in _table(panel)
    panel.undo()
    assert layer.featureCount() == 4 and [row[2] for row in _table(panel)] == ["D"]  # the 23rd, in the window
    layer.undoStack().redo()
    assert layer.featureCount() == 5
    assert panel.save()
    with sqlite3.connect(events_store) as db:
        rows = db.execute("SELECT event_time, event_day, type, verification, source, url, description, "
                          "strength, event_key FROM events WHERE type = 'flag_raised' AND source != 'B'").fetchall()
    assert len(rows) == 1
    when, day, kind, verification, source, url, description, strength, key = rows[0]
    assert when.startswith("2025-11-25T12:00:00") and day == "2025-11-25"
    assert (kind, verification, source) == ("flag_raised", "confirmed", "Ворог, \"канал\"")
    assert url == "https://example.org/v?id=1&x=<y>" and description == "Flag, video\nsecond line"
    assert strength is None and len(key) == 40
    # the map tool's point, within a pixel
    panel.addButton.click()
    assert qgis_canvas.mapTool() is not panel.tool


def test_the_panel_imports_a_file_in_the_background(panel, tmp_path):
    path = tmp_path / "more.csv"
    path.write_text("date,lon,lat,type\n2025-11-26,37.1,48.3,assault\n2025-11-27,37.1,48.3,assault\n")
    run = panel.import_file(str(path))
    assert run is not None and run.wait()
    assert run.results["IMPORTED"] == 2
    assert panel.layer() is not None and panel.layer().featureCount() == 6
    bad = tmp_path / "bad.csv"
    bad.write_text("date,lon,lat\n2025-11-26,,48.3\n")
    run = panel.import_file(str(bad))
    assert run is not None and not run.wait()
    assert panel.layer().featureCount() == 6


@pytest.mark.postgis
def test_events_on_a_team_store_follow_the_drawings_edit_rules(provider, tmp_path, request):
    """An event added in QGIS is saved with provenance; two analysts changing the
    same event: the second save is refused naming it, and keeps their edit."""
    from situation_mapper import store
    from situation_mapper.core.events import Defaults, event_from_values
    from situation_mapper.layers import drawings
    from situation_mapper.layers.events import event_feature, open_events_layer

    pg_location = request.getfixturevalue("pg_location")
    store.create(pg_location)
    layer = open_events_layer(pg_location)
    assert layer.isValid() and layer.providerType() == "postgres"
    event = event_from_values({"time": "2025-11-20T10:00Z", "type": "flag_raised", "source": "desk",
                               "verification": "claimed"}, (37.15, 48.28), Defaults())
    layer.startEditing()
    layer.addFeature(event_feature(layer, event))
    drawings.save_drawings(layer, store.edit_guard(layer))
    layer.commitChanges()
    stored = next(open_events_layer(pg_location).getFeatures())
    assert (stored["type"], stored["verification"], stored["row_version"], stored["created_by"]) == (
        "flag_raised", "claimed", 1, "postgres")
    assert stored["event_time"].toUTC().toString("yyyy-MM-ddTHH:mm") == "2025-11-20T10:00"

    layer_a, layer_b = open_events_layer(pg_location), open_events_layer(pg_location)
    guards = [store.edit_guard(layer_a), store.edit_guard(layer_b)]
    layer_a.startEditing()
    layer_b.startEditing()
    fid = next(layer_a.getFeatures()).id()
    layer_a.changeAttributeValue(fid, layer_a.fields().indexOf("verification"), "confirmed")
    drawings.save_drawings(layer_a, guards[0])
    layer_b.changeAttributeValue(fid, layer_b.fields().indexOf("verification"), "refuted")
    with pytest.raises(drawings.DrawingStoreError, match=f"edit conflict: events feature {fid}"):
        drawings.save_drawings(layer_b, guards[1])
    assert layer_b.isEditable() and layer_b.editBuffer().changedAttributeValues()
    assert next(open_events_layer(pg_location).getFeatures())["verification"] == "confirmed"
    for guard in guards:
        guard.release()
    layer_a.rollBack()
    layer_b.rollBack()



def test_why_the_line_moved_adds_the_changes_with_their_events(panel, events_store):
    """Ground held on the 15th (a square) grows by a strip east on the 22nd; the
    infiltration of the 20th sits in that strip, the others far off or outside the days."""
    from qgis.core import QgsGeometry, QgsProject

    from situation_mapper import store

    update = store.open_update(events_store)
    update.add_control(QgsGeometry.fromWkt("MULTIPOLYGON (((37.10 48.25, 37.17 48.25, 37.17 48.31, "
                                           "37.10 48.31, 37.10 48.25)))"),
                       datetime.date(2025, 11, 15), datetime.date(2025, 11, 22),
                       {"status": "occupied", "source": "S"})
    update.add_control(QgsGeometry.fromWkt("MULTIPOLYGON (((37.10 48.25, 37.19 48.25, 37.19 48.31, "
                                           "37.10 48.31, 37.10 48.25)))"),
                       datetime.date(2025, 11, 22), None, {"status": "occupied", "source": "S"})
    update.commit()
    panel.clock.set_day(datetime.date(2025, 11, 22))
    panel.sinceSpin.setValue(7)
    run = panel.explain_changes()
    assert run is not None and run.wait(), run.feedback.errors
    layers = [layer for layer in QgsProject.instance().mapLayers().values()
              if layer.name() == "Changes 2025-11-15 to 2025-11-22 with their events"]
    assert len(layers) == 1
    changes = list(layers[0].getFeatures())
    assert [(f["change"], f["event_count"]) for f in changes] == [("gained", 2)]
    # A (37.18 E on the 20th) is inside the strip 37.17-37.19 E; B (37.15 E on the 22nd) is
    # 0.02 deg x cos(48.285 deg) x 111.32 km = 1.48 km west of it, within the 2 km; D (23rd) and
    # C (1 Dec) are after the day
    assert changes[0]["event_sources"] in ("A; B", "B; A")
    assert layers[0].renderer().categories()[0].label() == "Ground gained"


def test_a_map_product_lists_the_events_it_shows(events_store):
    """The short list beside the map: the events of the display window, newest first."""
    from situation_mapper.export.product import event_lines
    from situation_mapper.layers.events import open_events_layer

    layer = open_events_layer(events_store)
    assert event_lines(layer, datetime.date(2025, 11, 23)) == [
        "2 event(s) on the map, 21 Nov to 23 Nov (UTC), latest:",
        "23 Nov 00:00 · Strike, refuted · D",
        "22 Nov 23:59 · Flag raised, claimed · B"]
    assert event_lines(layer, datetime.date(2025, 11, 30)) == []
    assert event_lines(None, datetime.date(2025, 11, 23)) == []
