"""The Analysis panel's events chart (ui/event_chart.py): weeks filled in by hand,
and the figure choice driven like a user on a store of hand-made events."""

import datetime

import pytest

from test_analysis_panel import panel, scenario  # noqa: F401 (the panel fixtures)
from test_event_summary import event_store

D = datetime.date


def test_weekly_counts_fill_the_weeks_without_events():
    from situation_mapper.ui.event_chart import weekly_counts_by_type

    rows = [
        {"period_start": D(2025, 11, 24), "type": "strike", "count": 2},
        {"period_start": D(2025, 11, 24), "type": "strike", "count": 1},  # another area or verification
        {"period_start": "2025-12-08", "type": "assault", "count": 4},
        {"period_start": D(2025, 12, 10), "type": "strike", "count": 1},  # a day row: its week
    ]
    weeks, by_type = weekly_counts_by_type(rows)
    assert weeks == [D(2025, 11, 24), D(2025, 12, 1), D(2025, 12, 8)]
    assert by_type == {"assault": [0, 0, 4], "strike": [3, 0, 1]}
    assert weekly_counts_by_type([]) == ([], {})


def test_panel_charts_the_store_events_per_week(panel, tmp_path):  # noqa: F811
    path = event_store(tmp_path / "events.gpkg")
    panel.storeFileWidget.setFilePath(path)
    panel.resultTabs.setCurrentWidget(panel.chartTab)
    choice = panel.figures
    assert choice.combo.toolTip()
    choice.combo.setCurrentIndex(1)  # "Events per week by type"
    assert choice.run is not None and choice.run.wait(60000)
    axes = choice.chart.figure.axes[0]
    bars = {container.get_label(): [round(p.get_height()) for p in container.patches]
            for container in axes.containers}
    # week of 24 Nov: 3 strikes (one refuted), 1 infiltration, 1 assault; week of 1 Dec:
    # 1 strike and the flag raised at 23:30 UTC-2 on 30 Nov (1 Dec UTC)
    assert bars == {"Assault": [1, 0], "Flag raised": [0, 1], "Infiltration group": [1, 0], "Strike": [3, 1]}  # in words
    assert not choice.chart.canvas.isHidden() and panel.chart_canvas.isHidden()
    assert "7 event(s) in 2 week(s)" in panel.statusLabel.text()
    image = tmp_path / "events.png"
    panel.export_chart(str(image))
    assert image.stat().st_size > 1000
    choice.combo.setCurrentIndex(0)
    assert not panel.chart_canvas.isHidden() and choice.chart.canvas.isHidden()


def test_events_chart_without_a_store_says_so(panel):  # noqa: F811
    panel.storeFileWidget.setFilePath("")
    panel.context.set_store_location("") if hasattr(panel.context, "set_store_location") else None
    panel.figures.combo.setCurrentIndex(1)
    assert panel.figures.run is None
    assert "situation store" in panel.statusLabel.text()


def test_panel_charts_the_ground_gained_and_lost_per_month(panel, tmp_path):  # noqa: F811
    """Held ground: a 0.1° square from 25 Oct, a strip 0.02° wide added east on 10 Nov and
    the southern 0.01° of it all lost on 20 Nov. November (held on 1 Nov against held on
    1 Dec, domain.md) gained the strip's northern part and lost the square's southern
    edge; worked out with pyproj's geodesic areas."""
    from pyproj import Geod
    from qgis.core import QgsGeometry

    from situation_mapper import store

    def box(x0, y0, x1, y1):
        return f"MULTIPOLYGON ((({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0})))"

    path = str(tmp_path / "ground.gpkg")
    store.create(path)
    update = store.open_update(path)
    days = [(D(2025, 10, 25), box(37.0, 48.0, 37.1, 48.1)), (D(2025, 11, 10), box(37.0, 48.0, 37.12, 48.1)),
            (D(2025, 11, 20), box(37.0, 48.01, 37.12, 48.1))]
    for index, (day, wkt) in enumerate(days):
        valid_to = days[index + 1][0] if index + 1 < len(days) else None
        update.add_control(QgsGeometry.fromWkt(wkt), day, valid_to, {"status": "occupied", "source": "S"})
    update.commit()
    panel.storeFileWidget.setFilePath(path)
    panel.resultTabs.setCurrentWidget(panel.chartTab)
    choice = panel.figures
    choice.combo.setCurrentIndex(2)  # "Ground gained and lost per month"
    assert choice.run is not None and choice.run.wait(60000), choice.run.feedback.errors
    november = next(row for row in choice.ground_rows if row["period_start"].toPyDate() == D(2025, 11, 1))
    geod = Geod(ellps="WGS84")

    def km2(x0, y0, x1, y1):
        return abs(geod.polygon_area_perimeter([x0, x1, x1, x0], [y0, y0, y1, y1])[0]) / 1e6

    assert november["gained_km2"] == pytest.approx(km2(37.1, 48.01, 37.12, 48.1), rel=1e-3)
    assert november["lost_km2"] == pytest.approx(km2(37.0, 48.0, 37.1, 48.01), rel=1e-3)
    assert not choice.ground_chart.canvas.isHidden() and panel.chart_canvas.isHidden()
    assert "km² gained" in panel.statusLabel.text()
    image = tmp_path / "ground.png"
    panel.export_chart(str(image))
    assert image.stat().st_size > 1000
