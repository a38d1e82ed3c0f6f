"""The Situation tab's "Compare with": the ground gained and lost between a second
date and the day shown, as a styled layer that follows the clock (areas worked
out with pyproj's geodesic areas)."""

import datetime

import pytest
from pyproj import Geod

from support import flush_deletes

D = datetime.date
GEOD = Geod(ellps="WGS84")


def km2(x0, y0, x1, y1):
    return abs(GEOD.polygon_area_perimeter([x0, x1, x1, x0], [y0, y0, y1, y1])[0]) / 1e6


def box(x0, y0, x1, y1):
    return f"MULTIPOLYGON ((({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0})))"


@pytest.fixture()
def compare(provider, tmp_path, qgis_canvas):
    from qgis.core import QgsGeometry
    from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

    from situation_mapper import store
    from situation_mapper.ui.compare_layers import CompareWithDate
    from situation_mapper.ui.situation_clock import SituationClock
    from situation_mapper.ui.situation_context import SituationContext

    path = str(tmp_path / "store.gpkg")
    store.create(path)
    update = store.open_update(path)
    days = [(D(2025, 11, 1), box(37.0, 48.0, 37.1, 48.1)), (D(2025, 11, 10), box(37.0, 48.0, 37.12, 48.1)),
            (D(2025, 11, 20), box(37.0, 48.0, 37.15, 48.1))]
    for index, (day, wkt) in enumerate(days):
        valid_to = days[index + 1][0] if index + 1 < len(days) else None
        update.add_control(QgsGeometry.fromWkt(wkt), day, valid_to, {"status": "occupied", "source": "S"})
    update.commit()
    widget = QWidget()
    layout = QVBoxLayout(widget)
    clock = SituationClock(qgis_canvas)
    context = SituationContext()
    context.set_store_location(path)
    tool = CompareWithDate(layout, clock, context)
    yield tool
    tool.unload()
    clock.unload()
    context.unload()
    widget.deleteLater()
    flush_deletes()


def _wait(tool):
    from qgis.PyQt.QtCore import QCoreApplication, QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < 30000:
        QCoreApplication.processEvents()
        if not tool.timer.isActive() and (tool.run is None or not tool.run.is_running()) and tool.layer():
            return tool.layer()
    return tool.layer()


def test_compare_with_a_date_follows_the_day_shown(compare):
    from qgis.core import QgsProject

    compare.clock.set_day(D(2025, 11, 12))
    compare.set_compare_day(D(2025, 11, 5))
    compare.checkBox.setChecked(True)
    layer = _wait(compare)
    assert layer is not None
    gained = sum(f["area_km2"] for f in layer.getFeatures() if f["change"] == "gained")
    assert gained == pytest.approx(km2(37.1, 48.0, 37.12, 48.1), rel=1e-3)
    assert layer.name().startswith("Change 2025-11-05 → 2025-11-12: +")
    assert [c.label() for c in layer.renderer().categories()] == ["Ground gained", "Ground lost"]
    first_id = layer.id()
    compare.clock.set_day(D(2025, 11, 21))  # a step of the navigator: measured again
    layer = None
    from qgis.PyQt.QtCore import QCoreApplication, QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < 30000 and (compare.layer() is None or compare.layer().id() == first_id):
        QCoreApplication.processEvents()
    layer = compare.layer()
    gained = sum(f["area_km2"] for f in layer.getFeatures() if f["change"] == "gained")
    assert gained == pytest.approx(km2(37.1, 48.0, 37.15, 48.1), rel=1e-3)
    assert QgsProject.instance().mapLayer(first_id) is None  # one compare layer, replaced
    compare.checkBox.setChecked(False)
    assert compare.layer() is None


def test_a_date_before_the_first_snapshot_is_refused_not_drawn_as_all_gained(compare):
    compare.clock.set_day(D(2025, 11, 12))
    compare.set_compare_day(D(2025, 10, 20))
    compare.checkBox.setChecked(True)
    assert compare.update() is None and compare.layer() is None
    assert "No snapshot is valid on 2025-10-20: the store's snapshots start on 2025-11-01" in \
        compare.checkBox.toolTip()


def test_compare_state_round_trips_through_a_saved_project(tmp_path, qgis_new_project):
    from qgis.core import QgsProject

    from situation_mapper.layers.project_state import (
        KEY_COMPARE_DATE,
        SCOPE,
        CompareState,
        read_compare_state,
        write_compare_state,
    )

    project = QgsProject.instance()
    assert read_compare_state(project) == CompareState(None, False)
    write_compare_state(project, CompareState(D(2025, 10, 1), True))
    path = str(tmp_path / "compare.qgz")
    assert project.write(path)
    project.clear()
    assert read_compare_state(project) == CompareState(None, False)
    assert project.read(path)
    assert read_compare_state(project) == CompareState(D(2025, 10, 1), True)
    # on without a date is off; a bad date is no date
    write_compare_state(project, CompareState(None, True))
    assert read_compare_state(project) == CompareState(None, False)
    project.writeEntry(SCOPE, KEY_COMPARE_DATE, "1 October")
    assert read_compare_state(project) == CompareState(None, False)


def test_the_compare_date_comes_back_when_the_project_is_reopened(compare, tmp_path):
    from qgis.core import QgsProject

    from situation_mapper.layers.project_state import SituationState, write_state

    project = QgsProject.instance()
    # no date chosen yet: checking the box takes 30 days before the day shown
    assert compare.state().day is None and "30 days before" in compare.dateEdit.text()
    write_state(project, SituationState(compare.context.store_location, D(2025, 11, 12), None))
    compare.clock.set_day(D(2025, 11, 12))
    compare.set_compare_day(D(2025, 11, 5))
    compare.checkBox.setChecked(True)
    assert _wait(compare) is not None
    path = str(tmp_path / "situation.qgz")
    assert project.write(path)

    project.clear()
    assert not compare.checkBox.isChecked() and compare.layer() is None
    assert compare.state().day is None  # the next project starts without it
    assert project.read(path)
    assert compare.checkBox.isChecked() and compare.compare_day() == D(2025, 11, 5)
    compare.clock.set_day(D(2025, 11, 12))
    layer = _wait(compare)
    assert layer is not None and layer.featureCount() > 0  # measured again, not the saved empty copy
    gained = sum(f["area_km2"] for f in layer.getFeatures() if f["change"] == "gained")
    assert gained == pytest.approx(km2(37.1, 48.0, 37.12, 48.1), rel=1e-3)
    compares = [l for l in project.mapLayers().values() if l.customProperty("situation_mapper/compare_layer")]
    assert [l.id() for l in compares] == [layer.id()]

    # saved while off: reopened off, the date kept
    compare.checkBox.setChecked(False)
    assert project.write(path)
    project.clear()
    assert project.read(path)
    assert not compare.checkBox.isChecked() and compare.compare_day() == D(2025, 11, 5)
