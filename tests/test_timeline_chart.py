"""Battle timelines in the Analysis tab: two hand-made towns entered on different
days, charted against days since their own entry (shares worked out by hand:
the held ground covers a known fraction of each square town's width)."""

import datetime

import pytest

from test_analysis_panel import panel, scenario  # noqa: F401 (the panel fixtures)

D = datetime.date


def box(x0, y0, x1, y1):
    return f"(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def test_panel_charts_battle_timelines_from_each_towns_entry(panel, tmp_path):  # noqa: F811
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    from situation_mapper import store

    towns = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "towns", "memory")
    for name, x0 in (("East", 37.0), ("West", 36.0)):
        feature = QgsFeature(towns.fields())
        feature.setAttributes([name])
        feature.setGeometry(QgsGeometry.fromWkt("POLYGON " + box(x0, 48.0, x0 + 0.1, 48.1)))
        towns.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(towns)
    # held ground: the western half of East from the 5th (its entry); half of West from the 10th
    days = [(D(2025, 11, 1), [box(37.2, 48.0, 37.3, 48.1)]),
            (D(2025, 11, 5), [box(37.0, 48.0, 37.05, 48.1)]),
            (D(2025, 11, 10), [box(37.0, 48.0, 37.1, 48.1), box(36.0, 48.0, 36.05, 48.1)])]
    path = str(tmp_path / "store.gpkg")
    store.create(path)
    update = store.open_update(path)
    for index, (day, parts) in enumerate(days):
        valid_to = days[index + 1][0] if index + 1 < len(days) else None
        update.add_control(QgsGeometry.fromWkt("MULTIPOLYGON (" + ", ".join(parts) + ")"), day, valid_to,
                           {"status": "occupied", "source": "S"})
    update.commit()
    panel.storeFileWidget.setFilePath(path)
    panel.context.set_areas(towns, "name")
    panel.resultTabs.setCurrentWidget(panel.chartTab)
    choice = panel.figures
    choice.combo.setCurrentIndex(3)  # "Battle timelines"
    assert choice.run is not None and choice.run.wait(60000), choice.run.feedback.errors
    from situation_mapper.ui.timeline_chart import timeline_series

    series = timeline_series(choice.timeline_rows)
    assert sorted(series) == ["East", "West"]
    # East: entered on the 5th at half, whole on the 10th (5 days later); West: half on the 10th
    assert [d for d, _s in series["East"]] == [0, 5] and [d for d, _s in series["West"]] == [0]
    assert [s for _d, s in series["East"]] == pytest.approx([50.0, 100.0], abs=0.05)
    assert [s for _d, s in series["West"]] == pytest.approx([50.0], abs=0.05)
    assert not choice.timeline_chart.canvas.isHidden() and panel.chart_canvas.isHidden()
    assert "2 area(s) entered" in panel.statusLabel.text()
    image = tmp_path / "timelines.png"
    panel.export_chart(str(image))
    assert image.stat().st_size > 1000
