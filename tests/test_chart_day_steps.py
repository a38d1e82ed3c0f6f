"""Stepping the map's day redraws the Analysis charts cheaply: the day mark of
a chart drawn from the same rows moves in place, and days stepped faster than
the redraw interval are drawn once, with the last day."""

import datetime

import pytest

pytest.importorskip("matplotlib")

D = datetime.date


def share_rows():
    return [{"date": D(2025, 11, 1) + datetime.timedelta(days=i), "area": area, "source": "S",
             "share_pct": float(i * k), "occupied_pct": float(i * k)}
            for i in range(30) for k, area in ((1, "A"), (2, "B"))]


def shown_label(chart):
    return [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts() if t.get_text().startswith("shown")]


def test_the_day_mark_moves_in_place_for_the_same_rows(qgis_new_project):
    from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget

    from situation_mapper.ui.share_chart import ShareChart

    holder = QWidget()
    chart = ShareChart(QVBoxLayout(holder), QLabel())
    rows = share_rows()
    chart.draw(rows, D(2025, 11, 10))
    lines = list(chart.figure.axes[0].get_lines())
    chart.draw(rows, D(2025, 11, 20))
    # the same artists (nothing drawn again), the mark at the new day, its legend entry renamed
    assert list(chart.figure.axes[0].get_lines()) == lines
    mark = [line for line in lines if line.get_gid() == "shown_date"]
    assert len(mark) == 1 and list(mark[0].get_xdata()) == [D(2025, 11, 20)] * 2
    assert shown_label(chart) == ["shown: 2025-11-20"]
    # new rows (even equal ones) are drawn again
    chart.draw(share_rows(), D(2025, 11, 21))
    assert all(line not in lines for line in chart.figure.axes[0].get_lines())
    assert shown_label(chart) == ["shown: 2025-11-21"]
    # a day outside the time axis is drawn again, so the axis takes it in
    chart.draw(rows, D(2026, 1, 15))
    low, high = chart.figure.axes[0].get_xlim()
    from matplotlib.dates import date2num
    assert low <= date2num(D(2026, 1, 15)) <= high
    holder.deleteLater()


def test_fast_day_steps_draw_once_with_the_last_day(fake_iface, qgis_new_project):
    from qgis.PyQt.QtTest import QTest

    from situation_mapper.ui import figure_choice
    from situation_mapper.ui.analysis_panel import AnalysisPanel

    panel = AnalysisPanel(fake_iface, fake_iface.mainWindow())
    try:
        drawn = []
        panel.draw_chart = lambda: drawn.append(panel.clock.day())
        panel.figures.redraw()  # a drawing just made: the next steps come within the interval
        drawn.clear()
        for day in range(1, 11):
            panel.clock.set_day(D(2025, 11, day))
        QTest.qWait(figure_choice.REDRAW_INTERVAL_MS * 3)
        assert drawn == [D(2025, 11, 10)]
    finally:
        panel.unload()
        panel.deleteLater()
