"""One situation context for every tab: what the Situation tab sets (the store),
the Analysis, Draw and Export tabs follow; a choice of areas in one tab is
every tab's; area pickers never default to control data; the context is saved
in the project and read back."""

import datetime

from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest

from support import flush_deletes
from test_situation_layers import write_store


def _polygons(name):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", name, "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("Polygon((37 48,37.1 48,37.1 48.1,37 48.1,37 48))"))
    feature["name"] = name
    layer.dataProvider().addFeatures([feature])
    return layer


def _plugin(iface):
    from situation_mapper import classFactory

    plugin = classFactory(iface)
    plugin.initProcessing()
    plugin.initGui()
    return plugin


def test_tabs_follow_the_situation_tab_and_never_pick_control_layers(fake_iface, no_provider, tmp_path):
    from situation_mapper.layers.situation_layers import situation_layers

    project = QgsProject.instance()
    store = write_store(tmp_path / "store.gpkg")
    # a control table added by hand, as a new user does
    control = QgsVectorLayer(store + "|layername=control", "control", "ogr")
    assert control.isValid()
    project.addMapLayer(control)
    plugin = _plugin(fake_iface)
    try:
        dock = plugin.dock
        analysis, draw, export = dock.analysis_panel, dock.draw_panel, dock.export_panel
        # only control data so far: no area picker shows it
        assert analysis.areasCombo.currentLayer() is None
        assert draw.areaLayerCombo.currentLayer() is None
        assert export.figureAreasCombo.currentLayer() is None

        dock.situation_panel.storeFileWidget.setFilePath(store)
        QTest.mouseClick(dock.situation_panel.loadLayersButton, Qt.LeftButton)
        assert len(situation_layers(project, store)) == 3
        assert dock.context.store_location == store
        assert analysis.store_location() == store
        assert draw.storePathEdit.text() == store
        # the situation layers just added are no one's areas
        assert dock.context.areas_layer() is None
        assert not dock.start_panel.step_states()[2]

        towns = _polygons("towns")
        project.addMapLayer(towns)
        for combo in (analysis.areasCombo, draw.areaLayerCombo, export.figureAreasCombo, export.areaCombo):
            assert combo.currentLayer() is towns or combo is export.areaCombo
            listed = [combo.layer(row) for row in range(combo.count())]
            assert control not in listed
            assert not any(layer in listed for layer in situation_layers(project, store))

        # the user picks other areas in the Analysis tab: every tab follows
        hromadas = _polygons("hromadas")
        project.addMapLayer(hromadas)
        analysis.areasCombo.setLayer(hromadas)
        assert dock.context.areas_layer() is hromadas
        assert draw.areaLayerCombo.currentLayer() is hromadas
        assert export.figureAreasCombo.currentLayer() is hromadas
        assert export.nameFieldCombo.currentField() == "name"

        # the rear point set in the Draw tab is the context's
        draw.rearLonSpin.setValue(37.25)
        draw.rearLatSpin.setValue(48.5)
        assert dock.context.rear_point == (37.25, 48.5)

        # saved, closed, reopened: the context comes back
        path = str(tmp_path / "context.qgz")
        assert project.write(path)
        project.clear()
        assert dock.context.store_location == "" and dock.context.areas_layer() is None
        assert project.read(path)
        assert dock.context.store_location == store
        assert dock.context.areas_layer().name() == "hromadas"
        assert analysis.store_location() == store
        assert analysis.areasCombo.currentLayer().name() == "hromadas"
        assert export.figureAreasCombo.currentLayer().name() == "hromadas"
        assert dock.context.rear_point == (37.25, 48.5)
        assert (draw.rearLonSpin.value(), draw.rearLatSpin.value()) == (37.25, 48.5)
    finally:
        plugin.unload()
        flush_deletes()


def test_the_clock_steps_through_snapshot_days_and_follows_the_canvas(qgis_canvas):
    from situation_mapper.layers.temporal import day_range
    from situation_mapper.ui.situation_clock import SituationClock

    D = datetime.date
    clock = SituationClock(qgis_canvas, QgsProject.instance())
    seen = []
    clock.dayChanged.connect(seen.append)
    try:
        days = [D(2025, 11, 1), D(2025, 11, 5), D(2025, 11, 10)]
        assert clock.day() is None
        assert clock.day_or_latest(days) == D(2025, 11, 10)
        clock.set_day(D(2025, 11, 6))
        time_range = qgis_canvas.temporalRange()
        assert (time_range.begin().date().toPyDate(), time_range.end().date().toPyDate()) == \
            (D(2025, 11, 6), D(2025, 11, 7))
        assert clock.step(days, forward=False) and clock.day() == D(2025, 11, 5)
        assert clock.step(days, forward=False) and clock.day() == D(2025, 11, 1)
        assert not clock.step(days, forward=False)
        assert clock.step(days) and clock.day() == D(2025, 11, 5)
        # a day set on the canvas by anything else is followed
        qgis_canvas.setTemporalRange(day_range(D(2025, 11, 20)))
        assert clock.day() == D(2025, 11, 20)
        assert seen == [D(2025, 11, 6), D(2025, 11, 5), D(2025, 11, 1), D(2025, 11, 5), D(2025, 11, 20)]
    finally:
        clock.unload()


def test_start_tab_walks_through_the_steps_and_every_tab_title_reads_in_full(
        fake_iface, no_provider, tmp_path):
    from qgis.PyQt.QtWidgets import QApplication, QTabWidget

    project = QgsProject.instance()
    store = write_store(tmp_path / "store.gpkg")
    plugin = _plugin(fake_iface)
    try:
        dock = plugin.dock
        dock.setFloating(True)
        dock.resize(300, 800)  # narrower than the dock of a 1389 px wide QGIS window
        dock.show()
        QApplication.processEvents()
        bar = dock.panels.tabBar()
        assert dock.panels.tabPosition() == QTabWidget.West
        metrics = bar.fontMetrics()
        for index in range(bar.count()):
            rect = bar.tabRect(index)
            # the side tabs' titles run along their height: each one whole, all in view
            assert rect.height() >= metrics.horizontalAdvance(dock.panels.tabText(index)), index
            assert rect.bottom() < bar.height()
        assert bar.width() < 60  # the panels keep the dock's width

        start = dock.start_panel
        titles = [step.title for step in start.steps]
        assert titles == ["Create or open a store", "Import dated snapshots", "Add areas",
                          "Analyse", "Draw", "Export"]
        assert start.step_states() == [False] * 6
        assert [label.text() for label in start.state_labels] == ["○"] * 6
        # a step's button opens its tab
        start.go_buttons[0].click()
        assert dock.panels.currentWidget() is dock.situation_panel

        dock.situation_panel.storeFileWidget.setFilePath(store)
        QTest.mouseClick(dock.situation_panel.loadLayersButton, Qt.LeftButton)
        project.addMapLayer(_polygons("towns"))
        dock.panels.setCurrentWidget(start)
        assert start.step_states() == [True, True, True, False, False, False]
        assert [label.text() for label in start.state_labels][:4] == ["✔", "✔", "✔", "○"]
        assert start.go_buttons[3].isDefault()
        start.go_buttons[3].click()
        assert dock.panels.currentWidget() is dock.analysis_panel
    finally:
        plugin.unload()
        flush_deletes()


def test_one_day_helper_reads_every_date_spelling():
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime

    from situation_mapper.layers.temporal import as_date, as_qdate, day_range, range_day

    D = datetime.date
    assert as_qdate(D(2025, 2, 28)) == QDate(2025, 2, 28)
    assert as_qdate(QDateTime(QDate(2025, 3, 1), QTime(23, 59))) == QDate(2025, 3, 1)
    for value in (QDate(2025, 3, 1), QDateTime(QDate(2025, 3, 1), QTime(1, 0)),
                  datetime.datetime(2025, 3, 1, 12), D(2025, 3, 1), "2025-03-01", "2025-03-01T05:00"):
        assert as_date(value) == D(2025, 3, 1), value
    for value in (None, "", "NULL", QDate(), "1 March"):
        assert as_date(value) is None, value
    # the day after 28 February 2025 is 1 March (no leap day); the range ends there, exclusive
    time_range = day_range(D(2025, 2, 28))
    assert time_range.end().date() == QDate(2025, 3, 1) and not time_range.includeEnd()
    assert time_range.includeBeginning() and range_day(time_range) == D(2025, 2, 28)
