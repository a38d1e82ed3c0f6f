"""The charts read in a narrow dock: rendered 320 px wide with the real towns'
names, every chart's title, legend and source line lie inside the figure and
clear of the tick labels and of each other, and the axes keep room; the
dock's own share chart too; a figure made wider gets its title back on one line."""

import datetime

import pytest

pytest.importorskip("matplotlib")

D = datetime.date
# the 14 towns and hromadas of the real data (cities/towns_donetsk_front.geojson)
TOWNS = ("Avdiivka hromada", "Bakhmut", "Chasiv Yar hromada", "Huliaipole hromada", "Kostiantynivka hromada",
         "Kupiansk hromada", "Kurakhove hromada", "Myrnohrad", "Myrnohrad hromada", "Pokrovsk",
         "Pokrovsk hromada", "Siversk hromada", "Toretsk", "Vuhledar hromada")
SHOWN = D(2025, 11, 20)
DAYS = [D(2025, 11, 1) + datetime.timedelta(days=i) for i in range(30)]


def share_rows():
    return [{"date": day, "area": town, "source": "DeepStateMap", "occupied_pct": min(100.0, 2.0 * i + 7.0 * n)}
            for i, day in enumerate(DAYS) for n, town in enumerate(TOWNS)]


def distance_rows():
    return [{"date": day, "target": town, "source": "DeepStateMap", "distance_km": max(0.0, 14.0 - 0.3 * i - n)}
            for i, day in enumerate(DAYS) for n, town in enumerate(TOWNS)]


def corridor_rows():
    return [{"date": day, "source": "DeepStateMap", "width_m": 9600.0 - 70.0 * i,
             "trend_m_per_day": -70.0 if i >= 20 else None,
             "closure_estimate": D(2026, 2, 15) if i >= 20 else None,
             "closure_basis": "extrapolation at the trend of the last 28 days"} for i, day in enumerate(DAYS)]


def ground_rows():
    return [{"period_start": D(2025, 11, 1) + datetime.timedelta(days=7 * i),
             "period_end": D(2025, 11, 8) + datetime.timedelta(days=7 * i), "area": "Kostiantynivka hromada",
             "source": "DeepStateMap", "gained_km2": None if i == 0 else 1.5 * i, "lost_km2": 0.2 * i}
            for i in range(4)]


def drawings():
    from situation_mapper.export.charts import draw_ground, draw_share
    from situation_mapper.export.charts_front import draw_corridor, draw_distance
    from situation_mapper.ui.event_chart import draw_events
    from situation_mapper.ui.timeline_chart import draw_timelines

    events = [{"period_start": D(2025, 11, 3) + datetime.timedelta(days=7 * w), "type": kind, "count": 1 + w}
              for w in range(4) for kind in ("strike", "assault", "infiltration", "flag")]
    timelines = [{"date": day, "area": town, "source": "DeepStateMap", "days_since_entry": i - n,
                  "share_pct": min(100.0, 3.0 * (i - n)), "entry_date": DAYS[min(n, 29)]}
                 for i, day in enumerate(DAYS) for n, town in enumerate(TOWNS[:6])]
    return {
        "share": lambda f: draw_share(f, share_rows(), SHOWN),
        "ground": lambda f: draw_ground(f, ground_rows(), "Kostiantynivka hromada", "DeepStateMap", SHOWN),
        "distance": lambda f: draw_distance(f, distance_rows(), SHOWN),
        "corridor": lambda f: draw_corridor(f, corridor_rows(), SHOWN, area="Kostiantynivka hromada"),
        "events": lambda f: draw_events(f, events),
        "timelines": lambda f: draw_timelines(f, timelines),
    }


def overlap(a, b, tolerance=0.5) -> bool:
    return (a.x0 < b.x1 - tolerance and b.x0 < a.x1 - tolerance
            and a.y0 < b.y1 - tolerance and b.y0 < a.y1 - tolerance)


def inside(box, figure, tolerance=0.5) -> bool:
    return (box.x0 >= -tolerance and box.y0 >= -tolerance and box.x1 <= figure.bbox.width + tolerance
            and box.y1 <= figure.bbox.height + tolerance)


def check_readable(figure, renderer, name, axes_width_share=0.5, axes_height_share=0.2):
    """Title, legend and source inside the figure, apart from the tick labels and each other."""
    axes = figure.axes[0]
    frame = axes.get_window_extent(renderer)
    # the labels matplotlib draws: those of ticks within the axes (it makes others, left undrawn)
    ticks = [box for box in (label.get_window_extent(renderer) for label in axes.get_xticklabels()
                             if label.get_visible() and label.get_text())
             if frame.x0 - 1 <= (box.x0 + box.x1) / 2 <= frame.x1 + 1]
    ticks += [box for box in (label.get_window_extent(renderer) for label in axes.get_yticklabels()
                              if label.get_visible() and label.get_text())
              if frame.y0 - 1 <= (box.y0 + box.y1) / 2 <= frame.y1 + 1]
    # tick labels clear of each other
    xs = sorted((box for box in ticks if box.y1 <= frame.y0 + 1), key=lambda b: b.x0)
    ys = sorted((box for box in ticks if box.x1 <= frame.x0 + 1), key=lambda b: b.y0)
    for left, right in zip(xs, xs[1:]):
        assert left.x1 <= right.x0 + 1.5, (name, "x ticks", left, right)
    for low, high in zip(ys, ys[1:]):
        assert low.y1 <= high.y0 + 1.5, (name, "y ticks", low, high)  # boxes with leading
    offset = axes.xaxis.get_offset_text()
    if offset.get_visible() and offset.get_text():
        ticks.append(offset.get_window_extent(renderer))
    for label in (axes.xaxis.label, axes.yaxis.label):
        if label.get_text():
            ticks.append(label.get_window_extent(renderer))
    if axes.xaxis.label.get_text() and offset.get_visible() and offset.get_text():  # the axis's own two texts
        assert not overlap(axes.xaxis.label.get_window_extent(renderer), offset.get_window_extent(renderer)), name
    assert len(ticks) >= 4, name
    title = axes.title.get_window_extent(renderer)
    legend = axes.get_legend().get_window_extent(renderer)
    sources = [t.get_window_extent(renderer) for t in figure.texts if t.get_text().startswith("Source")]
    assert axes.title.get_text(), name
    for box, what in [(title, "title"), (legend, "legend")] + [(s, "source") for s in sources]:
        assert inside(box, figure), (name, what, box, figure.bbox)
        for tick in ticks:
            assert not overlap(box, tick), (name, what, box, tick)
    assert not overlap(title, legend), name
    for source in sources:
        assert not overlap(source, legend) and not overlap(source, title), name
    # the axes keep a fair part of the figure
    assert axes.get_window_extent(renderer).height >= axes_height_share * figure.bbox.height, name
    label = axes.yaxis.label.get_window_extent(renderer)
    assert inside(label, figure), (name, "y label", label)
    assert axes.get_window_extent(renderer).width >= axes_width_share * figure.bbox.width, name


@pytest.mark.parametrize("height_px", [480, 360])
def test_every_chart_reads_320_px_wide(height_px):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for name, draw in drawings().items():
        figure = Figure(figsize=(3.2, height_px / 100.0), dpi=100)
        canvas = FigureCanvasAgg(figure)
        drawing = draw(figure)
        assert not drawing.empty, name
        canvas.draw()
        check_readable(figure, canvas.get_renderer(), name)


def test_every_chart_reads_in_a_low_dock():
    """400 x 175 px, the chart of a dock of the default width under a tall table:
    the legend beside the axes (or under them when that leaves them more room),
    which keep some height."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for name, draw in drawings().items():
        if name == "distance":  # nine long entries: see below
            continue
        figure = Figure(figsize=(4.0, 1.75), dpi=100)
        canvas = FigureCanvasAgg(figure)
        draw(figure)
        canvas.draw()
        check_readable(figure, canvas.get_renderer(), name, axes_width_share=0.2)
        legend = figure.axes[0].get_legend().get_window_extent(canvas.get_renderer())
        frame = figure.axes[0].get_window_extent(canvas.get_renderer())
        assert legend.x0 >= frame.x1 or legend.y1 <= frame.y0, name  # beside the axes or under them


def test_the_distance_legend_stays_in_a_low_dock():
    """Nine targets with their distance and date in 175 px: the axes get little
    room (a taller dock gives them more), but nothing leaves the figure or lies
    over the tick labels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4.0, 1.75), dpi=100)
    canvas = FigureCanvasAgg(figure)
    drawings()["distance"](figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[0]
    frame = axes.get_window_extent(renderer)
    legend = axes.get_legend().get_window_extent(renderer)
    assert inside(legend, figure) and inside(axes.title.get_window_extent(renderer), figure)
    assert legend.x0 >= frame.x1 and not overlap(legend, axes.title.get_window_extent(renderer))
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        if label.get_text():
            assert not overlap(label.get_window_extent(renderer), legend)


def test_a_long_title_wraps_narrow_and_comes_back_wide():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(3.2, 4.0), dpi=100)
    canvas = FigureCanvasAgg(figure)
    drawing = drawings()["corridor"](figure)
    assert drawing.title == "Corridor width to the rear, Kostiantynivka hromada"
    canvas.draw()
    axes = figure.axes[0]
    assert "\n" in axes.get_title() and axes.get_title().replace("\n", " ") == drawing.title
    figure.set_size_inches(9.0, 4.0)
    canvas.draw()
    assert axes.get_title() == drawing.title  # one line again, every word kept
    labels = [t.get_text() for t in axes.get_legend().get_texts()]
    assert "shown: 2025-11-20" in labels and "corridor width" in labels
    check_readable(figure, canvas.get_renderer(), "corridor, wide")


def test_the_dock_share_chart_reads_320_px_wide(qgis_new_project):
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget

    from situation_mapper.ui.share_chart import ShareChart

    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    holder.resize(320, 420)
    chart = ShareChart(layout, QLabel())
    holder.show()
    try:
        rows = share_rows()
        chart.draw(rows, D(2025, 11, 10))
        chart.draw(rows, SHOWN)  # a day step: the mark and its legend entry move in place
        chart.wait_render()
        QTest.qWait(20)
        chart.wait_render()
        assert chart.canvas.width() == 320
        figure = chart.figure
        chart.canvas.draw()
        check_readable(figure, chart.canvas.get_renderer(), "dock share")
        labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
        assert "shown: 2025-11-20" in labels
        assert {label.replace("\n", " ") for label in labels} >= set(TOWNS)
    finally:
        holder.deleteLater()


def timelines_of_all_towns():
    from situation_mapper.ui.timeline_chart import draw_timelines

    rows = [{"date": day, "area": town, "source": "DeepStateMap", "days_since_entry": i - n,
             "share_pct": min(100.0, 3.0 * (i - n)), "entry_date": DAYS[min(n, 29)]}
            for i, day in enumerate(DAYS) for n, town in enumerate(TOWNS)]
    return lambda f: draw_timelines(f, rows)


@pytest.mark.parametrize("height_px", [300, 220])
def test_fourteen_towns_leave_the_axes_the_width_of_the_default_dock(height_px):
    """325 px wide, the dock's default width, with the 14 real towns: the legend
    is not beside the axes (they keep 60 % of the width and more), it stays in
    the figure, and when not every town fits it ends with "+ N more", N the
    towns it leaves out."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    cases = {"share": (drawings()["share"], len(TOWNS)),
             "distance": (drawings()["distance"], 8),  # the nearest eight targets (charts_front.MAX_TARGETS)
             "timelines": (timelines_of_all_towns(), len(TOWNS))}
    for name, (draw, series) in cases.items():
        figure = Figure(figsize=(3.25, height_px / 100.0), dpi=100)
        canvas = FigureCanvasAgg(figure)
        draw(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        axes = figure.axes[0]
        frame = axes.get_window_extent(renderer)
        assert frame.width >= 0.6 * 325, (name, height_px, frame)
        legend = axes.get_legend()
        box = legend.get_window_extent(renderer)
        assert inside(box, figure), (name, height_px, box)
        assert box.y1 <= frame.y0, (name, height_px)  # below the axes, not beside them
        labels = [t.get_text() for t in legend.get_texts()]
        if name != "timelines":  # the battle timelines have no day shown
            assert "shown: 2025-11-20" in labels, name
        more = [label for label in labels if label.startswith("+ ")]
        named = [label for label in labels if not label.startswith(("+ ", "shown: "))]
        if more:
            assert labels[-1] == more[0] and more[0] == f"+ {series - len(named)} more", (name, labels)
        else:
            assert len(named) == series, (name, labels)
        check_readable(figure, renderer, name, axes_width_share=0.6)


def test_fourteen_towns_in_a_low_dock_keep_the_axes_readable():
    """325 x 220 px: the axes keep a third of the height and more (a legend of
    all 14 towns left them a few pixels), the legend says how many it leaves out."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for draw in (drawings()["share"], timelines_of_all_towns()):
        figure = Figure(figsize=(3.25, 2.2), dpi=100)
        canvas = FigureCanvasAgg(figure)
        draw(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        axes = figure.axes[0]
        assert axes.get_window_extent(renderer).height >= 220 / 3.0
        labels = [t.get_text() for t in axes.get_legend().get_texts()]
        assert labels[-1].startswith("+ ") and labels[-1].endswith(" more")


def test_the_print_figure_keeps_every_town():
    """180 x 100 mm (the PNG/SVG export): all 14 towns in the legend, below the axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for name, draw in (("share", drawings()["share"]), ("timelines", timelines_of_all_towns())):
        figure = Figure(figsize=(180 / 25.4, 100 / 25.4), dpi=100)
        canvas = FigureCanvasAgg(figure)
        draw(figure)
        canvas.draw()
        labels = [t.get_text().replace("\n", " ") for t in figure.axes[0].get_legend().get_texts()]
        assert not any(label.startswith("+ ") for label in labels), name
        assert sum(1 for label in labels if not label.startswith("shown: ")) == len(TOWNS), name
        check_readable(figure, canvas.get_renderer(), name, axes_width_share=0.6, axes_height_share=0.3)


@pytest.mark.parametrize("size_px", [0, 1])
def test_a_collapsed_dock_draws_without_error(size_px):
    """A hidden or collapsed dock draws its chart at 0 x 0 or 1 x 1 px: no
    error, and the chart lays itself out again once it has a size."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for name, draw in drawings().items():
        figure = Figure(figsize=(size_px / 100.0, size_px / 100.0), dpi=100)
        canvas = FigureCanvasAgg(figure)
        draw(figure)
        canvas.draw()
        figure.set_size_inches(3.25, 3.0)
        canvas.draw()
        check_readable(figure, canvas.get_renderer(), name)
