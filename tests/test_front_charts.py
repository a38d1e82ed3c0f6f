"""The Analysis panel's charts of how close the front is, driven like a user on
hand-made stores: the distance per target (expected distances found with
pyproj.Geod along the hostile edge) and the corridor width with its trend and
the closure estimate dashed (widths with pyproj.Geod across two blocks closing in
by 40 m a day). The charts' data are checked, not their pixels."""

import datetime
import math

import numpy as np
import pytest
from pyproj import Geod

from test_analysis_panel import panel, scenario  # noqa: F401 (the panel fixtures)

D = datetime.date
GEOD = Geod(ellps="WGS84")


def box(x0, y0, x1, y1):
    return f"POLYGON (({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def write_store(path, snapshots, source="S"):
    """A store of ``{day: wkt}`` occupied snapshots, each valid to the next."""
    from qgis.core import QgsGeometry

    from situation_mapper import store

    store.create(str(path))
    update = store.open_update(str(path))
    days = sorted(snapshots)
    for day, following in zip(days, days[1:] + [None]):
        geometry = QgsGeometry.fromWkt(snapshots[day])
        geometry.convertToMultiType()
        update.add_control(geometry, day, following, {"status": "occupied", "source": source})
    update.commit()
    return str(path)


def towns_layer(towns):
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "towns", "memory")
    for name, wkt in towns.items():
        feature = QgsFeature(layer.fields())
        feature.setAttributes([name])
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    return layer


def geod_to_meridian_edge(lon, lat, edge_lon, south, north):
    """km from (lon, lat) to the nearest point of the meridian segment edge_lon,
    south..north: sampled every 1e-5 degree, measured with pyproj.Geod."""
    lats = np.arange(south, north, 1e-5)
    _f, _b, distances = GEOD.inv(np.full(lats.shape, lon), np.full(lats.shape, lat),
                                 np.full(lats.shape, edge_lon), lats)
    return float(distances.min()) / 1000.0


def wait(choice):
    assert choice.run is not None and choice.run.wait(120000), choice.run.feedback.errors


def test_panel_charts_the_distance_of_each_target(panel, tmp_path):  # noqa: F811
    # hostile ground west of two towns; its eastern edge moves from 37.40 to 37.45 E
    days = {D(2025, 11, 1): box(37.2, 47.9, 37.40, 48.3), D(2025, 11, 10): box(37.2, 47.9, 37.45, 48.3)}
    store = write_store(tmp_path / "store.gpkg", days)
    towns = towns_layer({"Near": box(37.49, 48.04, 37.51, 48.06), "Far": box(37.59, 48.14, 37.61, 48.16)})
    panel.storeFileWidget.setFilePath(store)
    panel.context.set_areas(towns, "name")
    panel.datesEdit.setText("2025-11-01,2025-11-10,2025-11-20")
    panel.resultTabs.setCurrentWidget(panel.chartTab)
    choice = panel.figures
    choice.combo.setCurrentIndex(4)  # "Distance to the front"
    wait(choice)

    chart = choice.distance_chart
    series = chart.drawing.series
    assert sorted(series) == ["Far", "Near"]
    expected = {}
    for name, (lon, lat) in (("Near", (37.50, 48.05)), ("Far", (37.60, 48.15))):
        expected[name] = [geod_to_meridian_edge(lon, lat, edge, 47.9, 48.3) for edge in (37.40, 37.45, 37.45)]
        assert [d for d, _km in series[name]] == [D(2025, 11, 1), D(2025, 11, 10), D(2025, 11, 20)]
        assert [km for _d, km in series[name]] == pytest.approx(expected[name], abs=0.005)
    # the lines drawn are those numbers, one per target
    axes = chart.figure.axes[0]
    lines = {line.get_label().split(":")[0]: list(line.get_ydata()) for line in axes.get_lines()
             if not line.get_label().startswith(("shown", "_"))}
    assert lines["Near"] == pytest.approx(expected["Near"], abs=0.005)
    assert chart.drawing.title == "Distance to the front" and axes.get_title() == "Distance to the front"
    assert any(text.get_text().startswith("Source: S") for text in chart.figure.texts)
    assert not chart.canvas.isHidden() and panel.chart_canvas.isHidden()
    assert "Near: " in panel.statusLabel.text()
    # the chart of a figure measured by its own algorithm can be saved with no share rows
    assert not panel.rows and panel.exportChartButton.isEnabled()

    # stepping the map's day moves the mark and each target's figure in the legend
    panel.clock.set_day(D(2025, 11, 5))
    labels = [text.get_text() for text in chart.figure.axes[0].get_legend().get_texts()]
    assert "shown: 2025-11-05" in labels
    assert any(label.startswith("Near: {:.1f} km on 2025-11-01".format(expected["Near"][0])) for label in labels)
    image = tmp_path / "distance.png"
    panel.export_chart(str(image))
    assert image.stat().st_size > 1000


def test_a_target_inside_hostile_ground_is_at_zero_km():
    from matplotlib.figure import Figure

    from situation_mapper.export.charts_front import draw_distance

    rows = [{"date": "2025-11-01", "target": "Inside", "source": "S", "distance_km": 0.0},
            {"date": "2025-11-01", "target": "Out", "source": "S", "distance_km": 4.0,
             "approach_km_per_week": 0.7},
            {"date": "2025-11-08", "target": "Out", "source": "S", "distance_km": 3.3,
             "approach_km_per_week": 0.7},
            {"date": "2025-11-08", "target": "Out", "source": "T", "distance_km": 9.0},  # another source
            {"date": "2025-11-15", "target": "Out", "source": "S", "distance_km": None}]  # no snapshot
    drawing = draw_distance(Figure(), rows, shown_date=D(2025, 11, 10))
    assert drawing.series == {"Inside": [(D(2025, 11, 1), 0.0)],
                              "Out": [(D(2025, 11, 1), 4.0), (D(2025, 11, 8), 3.3)]}
    assert "Out: 3.3 km on 2025-11-08, closing at 0.7 km a week" in drawing.notes
    assert "Inside: 0.0 km on 2025-11-01" in drawing.notes


# -- the corridor -----------------------------------------------------------------------------
def corridor_store(tmp_path):
    from test_corridor_trend import gap_at, day, two_blocks

    return write_store(tmp_path / "corridor.gpkg", {day(t): two_blocks(gap_at(t)) for t in (0, 10, 20, 30)},
                       source="test")


def test_panel_charts_the_corridor_width_trend_and_closure(panel, tmp_path):  # noqa: F811
    from test_corridor import LAT0, LON0, aeqd, local_rectangle_wkt
    from test_corridor_trend import day, gap_at, geod_gap

    store = corridor_store(tmp_path)
    area = towns_layer({"Town": local_rectangle_wkt(-1000, -1000, 1000, 1000)})
    _forward, inverse = aeqd(LON0, LAT0)
    panel.storeFileWidget.setFilePath(store)
    panel.context.set_areas(area, "name")
    panel.context.set_focus_area("Town")
    panel.context.set_rear_point(inverse.transform(0.0, 15000.0))
    panel.datesEdit.setText(",".join(day(t).isoformat() for t in (10, 20, 30)))
    panel.clock.set_day(day(30))
    choice = panel.figures
    choice.combo.setCurrentIndex(5)  # "Corridor width and closure estimate"
    wait(choice)

    chart = choice.corridor_chart
    drawing = chart.drawing
    width = {t: geod_gap(gap_at(t)) / 1000.0 for t in (0, 10, 20, 30)}
    assert [d for d, _w in drawing.series["width_km"]] == [day(10), day(20), day(30)]
    assert [w for _d, w in drawing.series["width_km"]] == pytest.approx([width[10], width[20], width[30]],
                                                                        abs=0.006)
    # the trend of the last 28 days on the day shown: the snapshot of day 30 against that of day 0
    hand_trend = (width[30] - width[0]) * 1000.0 / 28
    (start, start_km), (end, end_km) = drawing.series["trend"]
    assert (start, end) == (day(2), day(30))
    assert (end_km - start_km) * 1000.0 / 28 == pytest.approx(hand_trend, abs=0.5)
    hand_closure = day(30) + datetime.timedelta(days=math.ceil(width[30] * 1000.0 / -hand_trend))
    (_from, _w), (closure, zero) = drawing.series["closure"]
    assert zero == 0.0 and abs((closure - hand_closure).days) <= 1
    axes = chart.figure.axes[0]
    dashed = [line for line in axes.get_lines() if line.get_linestyle() == "--"
              and line.get_label().startswith("extrapolation")]
    assert len(dashed) == 1
    assert dashed[0].get_label() == "extrapolation at the trend of the last 28 days: zero width around {}".format(
        closure.isoformat())
    assert list(dashed[0].get_ydata()) == pytest.approx([width[30], 0.0], abs=0.006)
    assert axes.get_title() == "Corridor width to the rear, Town"
    assert any("shown: {}".format(day(30).isoformat()) == t.get_text() for t in axes.get_legend().get_texts())
    assert "at the trend of the last 28 days" in panel.statusLabel.text()
    assert "not a forecast" in panel.statusLabel.text()
    for name in ("corridor.png", "corridor.svg"):
        panel.export_chart(str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 1000


def test_corridor_chart_without_a_rear_point_says_so(panel):  # noqa: F811
    panel.context.set_rear_point(None)
    panel.figures.combo.setCurrentIndex(5)
    assert panel.figures.run is None
    assert "rear point" in panel.statusLabel.text()


def test_corridor_drawing_widening_cut_off_and_far_closure():
    from matplotlib.figure import Figure

    from situation_mapper.export.charts_front import draw_corridor

    def row(day, width, trend=None, closure=None, window=28):
        return {"date": day, "source": "S", "width_m": width, "trend_m_per_day": trend,
                "closure_estimate": closure,
                "closure_basis": f"extrapolation at the trend of the last {window} days" if closure else None}

    widening = [row(D(2025, 11, 1), 1000.0), row(D(2025, 11, 29), 1560.0, 20.0)]
    drawing = draw_corridor(Figure(), widening)
    assert "closure" not in drawing.series
    assert drawing.series["trend"] == [(D(2025, 11, 1), pytest.approx(1.0)), (D(2025, 11, 29), 1.56)]
    assert "widening over the last 28 days (+20 m a day): no closure at this trend" in drawing.notes[0]

    cut = [row(D(2025, 11, 1), 800.0), row(D(2025, 11, 29), 0.0, -800.0 / 28)]
    assert draw_corridor(Figure(), cut).notes == ["Corridor cut off on 2025-11-29."]

    # 2000 m closing at 1 m a day: 2000 days away, drawn towards it, dated in words
    far = [row(D(2025, 11, 1), 2028.0), row(D(2025, 11, 29), 2000.0, -1.0, D(2031, 5, 22), 28)]
    figure = Figure()
    drawing = draw_corridor(figure, far)
    assert drawing.series["closure"][1] == (D(2031, 5, 22), 0.0)
    dashed = [line for line in figure.axes[0].get_lines() if line.get_linestyle() == "--"]
    assert dashed[0].get_xdata()[-1] < D(2026, 3, 1)  # not squashing the series into a corner
    assert "zero width around 2031-05-22" in dashed[0].get_label()


def test_many_targets_keep_the_nearest_eight():
    from matplotlib.figure import Figure

    from situation_mapper.export.charts_front import draw_distance

    rows = [{"date": "2025-11-01", "target": f"T{i:02d}", "source": "S", "distance_km": float(20 - i)}
            for i in range(12)]
    drawing = draw_distance(Figure(), rows)
    assert sorted(drawing.series) == [f"T{i:02d}" for i in range(4, 12)]  # 16 km and nearer
    assert drawing.notes[0] == "The 8 of 12 targets nearest the front on the day shown."
