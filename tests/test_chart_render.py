"""The Analysis charts are rendered off the main thread and the share chart
draws only the points its lines need: the figure is built at once (what tests
and exports read), its picture follows, and what the lines show is unchanged."""

import datetime
import sys

import pytest

pytest.importorskip("matplotlib")

D = datetime.date


def test_run_ends_keeps_the_ends_of_each_run_of_equal_values():
    from situation_mapper.export.charts import run_ends

    points = [(1, 5.0), (2, 5.0), (3, 5.0), (4, 7.0), (5, 7.0), (6, 7.0), (7, 7.0), (8, 2.0), (9, 3.0), (10, 3.0)]
    assert run_ends(points) == [(1, 5.0), (3, 5.0), (4, 7.0), (7, 7.0), (8, 2.0), (9, 3.0), (10, 3.0)]
    assert run_ends([]) == []
    assert run_ends([(1, 1.0)]) == [(1, 1.0)]
    assert run_ends([(1, 1.0), (2, 1.0)]) == [(1, 1.0), (2, 1.0)]


def test_share_lines_pass_through_every_day_of_the_series():
    """The thinned line, interpolated at every day, gives each day's share."""
    import numpy
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    from situation_mapper.export.charts import draw_share

    shares = [10.0] * 20 + [12.5] * 30 + [40.0] + [40.0] * 9 + [0.0] * 40
    rows = [{"date": (D(2025, 1, 1) + datetime.timedelta(days=i)).isoformat(), "area": "A", "source": "S",
             "occupied_pct": share} for i, share in enumerate(shares)]
    figure = Figure()
    drawing = draw_share(figure, rows)
    line = [ln for ln in figure.axes[0].get_lines() if ln.get_label() == "A"][0]
    assert len(line.get_xdata()) < len(shares) / 4
    days = [date2num(D(2025, 1, 1) + datetime.timedelta(days=i)) for i in range(len(shares))]
    drawn = numpy.interp(days, date2num(list(line.get_xdata())), list(line.get_ydata()))
    assert list(drawn) == shares
    assert [share for _day, share in drawing.series["A (S)"]] == shares  # the figures read back: every day


def test_the_picture_is_rendered_in_the_background(qgis_new_project):
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget

    from situation_mapper.ui.share_chart import ShareChart

    holder = QWidget()
    holder.resize(400, 400)
    chart = ShareChart(QVBoxLayout(holder), QLabel())
    holder.show()
    rows = [{"date": D(2025, 11, 1) + datetime.timedelta(days=i), "area": "A", "source": "S",
             "occupied_pct": float(i)} for i in range(30)]
    chart.draw(rows, D(2025, 11, 10))
    drawing = chart.drawing  # drawn in the background: reading it waits
    assert drawing is not None and not drawing.empty and [p[1] for p in drawing.series["A (S)"]] == \
        [float(i) for i in range(30)]
    assert [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()] == ["A", "shown: 2025-11-10"]
    for _ in range(200):  # the render's end reaches the main thread through the event loop
        QTest.qWait(10)
        if not chart.canvas.rendering() and chart.canvas._picture is not None:  # noqa: SLF001
            break
    picture = chart.canvas._picture  # noqa: SLF001
    assert picture is not None and not picture.isNull()
    colours = {picture.pixel(x, y) for x in range(0, picture.width(), 3) for y in range(0, picture.height(), 3)}
    assert len(colours) > 10  # lines, axes and text, not a blank picture
    # a day step moves the mark at once; reading the figure waits for its render
    chart.draw(rows, D(2025, 11, 20))
    assert chart.figure.axes[0].get_legend().get_texts()[-1].get_text() == "shown: 2025-11-20"
    assert not any(thread.is_alive() for thread in chart.canvas._threads)  # noqa: SLF001
    # new rows while a render runs: drawn at once on a new figure of the same size
    chart.canvas.draw_idle()
    before = chart.canvas.figure
    assert chart.canvas.rendering()
    chart.draw(list(rows), D(2025, 11, 5))
    assert chart.canvas.figure is not before
    assert tuple(chart.canvas.figure.get_size_inches()) == tuple(before.get_size_inches())
    for _ in range(200):
        QTest.qWait(10)
        if not chart.canvas.rendering():
            break
    assert not chart.canvas.rendering()
    assert chart.figure is chart.canvas.figure
    assert chart.figure.axes[0].get_legend().get_texts()[-1].get_text() == "shown: 2025-11-05"
    assert chart.canvas.renderer is not None and chart.canvas._lastKey[2] == chart.figure.dpi  # noqa: SLF001
    holder.deleteLater()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's own nice value is Linux's")
def test_the_render_thread_runs_at_a_lower_priority(qgis_new_project):
    """The GUI's thread gets a core before a chart's render (infra/responsive.py)."""
    import os
    import threading

    from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget

    from situation_mapper.infra.responsive import BACKGROUND_NICE
    from situation_mapper.ui.share_chart import ShareChart

    holder = QWidget()
    holder.resize(300, 300)
    chart = ShareChart(QVBoxLayout(holder), QLabel())
    seen = []
    chart.canvas.build(chart.canvas.figure,
                       lambda _figure: seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
    chart.canvas.wait_render()
    main = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen == [max(main, BACKGROUND_NICE)]
    holder.deleteLater()
