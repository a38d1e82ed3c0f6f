"""A chart saved from the Analysis tab is a print figure: a fixed size in
millimetres (180 x 100 mm at 300 dpi by default, or the settings'), whatever
the size of the dock showing it, drawn again by the same drawing function with
the same title, series, day mark and source."""

import datetime
import re
import xml.etree.ElementTree as ElementTree

import pytest

pytest.importorskip("matplotlib")

D = datetime.date
MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
AREAS = ("Pokrovsk", "Myrnohrad", "Kostiantynivka hromada", "Toretsk", "Siversk hromada", "Bakhmut")


def share_rows(days=30):
    return [{"date": D(2025, 11, 1) + datetime.timedelta(days=i), "area": area, "source": "DeepStateMap",
             "occupied_pct": min(100.0, 3.0 * i + 10.0 * n)}
            for i in range(days) for n, area in enumerate(AREAS)]


def png_size(path):
    from qgis.PyQt.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull()
    return image.width(), image.height(), image.dotsPerMeterX()


def svg_size_mm(path):
    root = ElementTree.parse(str(path)).getroot()

    def mm(text):
        value, unit = re.fullmatch(r"([0-9.]+)(pt|mm|in|px)?", text).groups()
        per_inch = {"pt": PT_PER_INCH, None: PT_PER_INCH, "px": 96.0, "in": 1.0, "mm": MM_PER_INCH}[unit]
        return float(value) / per_inch * MM_PER_INCH

    return mm(root.get("width")), mm(root.get("height"))


def svg_text(path):
    return " ".join(t.strip() for t in ElementTree.parse(str(path)).getroot().itertext())


@pytest.fixture()
def holder(qgis_new_project):
    from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

    widget = QWidget()
    widget.resize(400, 175)  # the Analysis tab's chart at the dock's default width
    QVBoxLayout(widget)
    widget.show()
    yield widget
    widget.deleteLater()


def test_share_chart_is_saved_at_print_size_whatever_the_dock(holder, tmp_path):
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QLabel

    from situation_mapper.ui.share_chart import ShareChart

    chart = ShareChart(holder.layout(), QLabel())
    rows = share_rows()
    chart.draw(rows, D(2025, 11, 10))
    shown = chart.drawing
    chart.draw(rows, D(2025, 11, 20))  # a day step: the mark moves in place
    chart.wait_render()
    QTest.qWait(20)
    assert chart.canvas.width() < 450  # the dock's picture is small
    printed = {}
    for width in (400, 300):
        holder.resize(width, 175)
        QTest.qWait(20)
        path = tmp_path / f"share_{width}.png"
        printed[width] = chart.export(str(path))
        pixels_wide, pixels_high, dots_per_metre = png_size(path)
        # 180 x 100 mm at 300 dpi: 2126 x 1181 pixels, whatever the dock's width
        assert abs(pixels_wide - 180 / MM_PER_INCH * 300) <= 1 and abs(pixels_high - 100 / MM_PER_INCH * 300) <= 1
        assert dots_per_metre == pytest.approx(300 / 0.0254, abs=1)
    svg = tmp_path / "share.svg"
    drawing = chart.export(str(svg))
    assert svg_size_mm(svg) == pytest.approx((180.0, 100.0), abs=0.05)
    # the same chart as the dock's: title, series, source and the day shown now
    for printed_drawing in (printed[400], printed[300], drawing):
        assert printed_drawing.title == shown.title == "Occupied share"
        assert printed_drawing.source == shown.source
        assert printed_drawing.series == shown.series
    words = svg_text(svg)
    assert "Occupied share" in words and "shown: 2025-11-20" in words and "Source: DeepStateMap" in words
    assert all(area in words for area in AREAS)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # atomic: no temporary left


def test_size_and_resolution_given_or_from_the_settings(holder, tmp_path):
    from qgis.PyQt.QtWidgets import QLabel

    from situation_mapper.infra.settings import CHART_EXPORT_DPI, CHART_EXPORT_HEIGHT_MM, CHART_EXPORT_WIDTH_MM
    from situation_mapper.ui.share_chart import ShareChart

    chart = ShareChart(holder.layout(), QLabel())
    chart.draw(share_rows(), D(2025, 11, 10))
    chart.export(str(tmp_path / "small.png"), size_mm=(90, 60), dpi=150)
    width, height, _dots = png_size(tmp_path / "small.png")
    assert abs(width - 90 / MM_PER_INCH * 150) <= 1 and abs(height - 60 / MM_PER_INCH * 150) <= 1
    old = (CHART_EXPORT_WIDTH_MM.value(), CHART_EXPORT_HEIGHT_MM.value(), CHART_EXPORT_DPI.value())
    try:
        CHART_EXPORT_WIDTH_MM.setValue(120.0)
        CHART_EXPORT_HEIGHT_MM.setValue(80.0)
        CHART_EXPORT_DPI.setValue(200)
        chart.export(str(tmp_path / "set.png"))
        width, height, _dots = png_size(tmp_path / "set.png")
        assert abs(width - 120 / MM_PER_INCH * 200) <= 1 and abs(height - 80 / MM_PER_INCH * 200) <= 1
        chart.export(str(tmp_path / "set.svg"))
        assert svg_size_mm(tmp_path / "set.svg") == pytest.approx((120.0, 80.0), abs=0.05)
        CHART_EXPORT_WIDTH_MM.setValue(-5.0)  # nonsense in the settings: the default size
        CHART_EXPORT_DPI.setValue(0)
        chart.export(str(tmp_path / "default.png"))
        width, height, _dots = png_size(tmp_path / "default.png")
        assert abs(width - 180 / MM_PER_INCH * 300) <= 1 and abs(height - 100 / MM_PER_INCH * 300) <= 1
    finally:
        CHART_EXPORT_WIDTH_MM.setValue(old[0])
        CHART_EXPORT_HEIGHT_MM.setValue(old[1])
        CHART_EXPORT_DPI.setValue(old[2])
    with pytest.raises(ValueError, match="PNG or SVG"):
        chart.export(str(tmp_path / "chart.jpg"))
    assert not (tmp_path / "chart.jpg").exists()


def test_every_figure_prints_what_the_dock_shows(holder, tmp_path):
    from situation_mapper.ui.dynamics_chart import DynamicsChart
    from situation_mapper.ui.front_charts import CorridorChart, DistanceChart

    day = D(2025, 11, 20)
    distance_rows = [{"date": D(2025, 11, 1) + datetime.timedelta(days=i), "target": area, "source": "S",
                      "distance_km": max(0.0, 12.0 - 0.4 * i - n)} for i in range(30)
                     for n, area in enumerate(AREAS)]
    corridor_rows = [{"date": D(2025, 11, 1) + datetime.timedelta(days=i), "source": "S",
                      "width_m": 9000.0 - 150.0 * i, "trend_m_per_day": -150.0 if i > 10 else None,
                      "closure_estimate": D(2025, 11, 1) + datetime.timedelta(days=60) if i > 10 else None,
                      "closure_basis": "extrapolation at the trend of the last 28 days"} for i in range(30)]
    ground_rows = [{"period_start": D(2025, 11, 1) + datetime.timedelta(days=7 * i),
                    "period_end": D(2025, 11, 8) + datetime.timedelta(days=7 * i), "area": "Pokrovsk",
                    "source": "S", "gained_km2": 1.0 + i, "lost_km2": 0.5} for i in range(4)]
    charts = [(DistanceChart(holder.layout()), lambda c: c.draw(distance_rows, day)),
              (CorridorChart(holder.layout()), lambda c: c.draw(corridor_rows, day, area="Myrnohrad")),
              (DynamicsChart(holder.layout()), lambda c: c.draw(ground_rows, area="Pokrovsk", shown_date=day))]
    for number, (chart, draw) in enumerate(charts):
        shown = draw(chart)
        assert shown is not None and not shown.empty
        for extension in ("png", "svg"):
            path = tmp_path / f"chart{number}.{extension}"
            printed = chart.export(str(path))
            assert (printed.title, printed.source, printed.notes) == (shown.title, shown.source, shown.notes)
            assert printed.series == shown.series
        width, height, _dots = png_size(tmp_path / f"chart{number}.png")
        assert abs(width - 180 / MM_PER_INCH * 300) <= 1 and abs(height - 100 / MM_PER_INCH * 300) <= 1
        assert svg_size_mm(tmp_path / f"chart{number}.svg") == pytest.approx((180.0, 100.0), abs=0.05)
        words = svg_text(tmp_path / f"chart{number}.svg")
        assert shown.title in words and "shown: 2025-11-20" in words and shown.source in words


def test_print_chart_refuses_other_formats(tmp_path):
    from situation_mapper.export.chart_print import print_chart, print_size

    with pytest.raises(ValueError):
        print_chart(lambda figure: None, str(tmp_path / "x.gif"), "gif")
    assert print_size() == ((180.0, 100.0), 300)
    assert print_size((10, 10), 5000) == ((180.0, 100.0), 300)
    assert print_size(("a", None), "x") == ((180.0, 100.0), 300)


def test_a_name_without_extension_gets_the_chosen_format():
    from situation_mapper.ui.chart_canvas import chart_file_path

    png, svg = "PNG image (*.png)", "SVG image (*.svg)"
    assert chart_file_path("/tmp/front", png) == "/tmp/front.png"
    assert chart_file_path("/tmp/front", svg) == "/tmp/front.svg"
    assert chart_file_path("/tmp/front", "") == "/tmp/front.png"  # no filter given: PNG
    assert chart_file_path("/tmp/Pokrovsk 1.5 km", svg) == "/tmp/Pokrovsk 1.5 km.svg"  # a dot, no extension
    # an extension typed is kept, whichever filter is chosen
    assert chart_file_path("/tmp/front.png", svg) == "/tmp/front.png"
    assert chart_file_path("/tmp/front.SVG", png) == "/tmp/front.SVG"


@pytest.mark.parametrize("name_filter, extension", [("PNG image (*.png)", "png"), ("SVG image (*.svg)", "svg")])
def test_the_chart_button_writes_the_chosen_format(provider, fake_iface, qgis_new_project, tmp_path, monkeypatch,
                                                   name_filter, extension):
    """The Chart... button with a name typed without extension: the file gets
    the chosen filter's extension and is written in that format."""
    from qgis.PyQt.QtWidgets import QFileDialog

    from situation_mapper.ui.analysis_panel import AnalysisPanel

    panel = AnalysisPanel(fake_iface, fake_iface.mainWindow())
    panel.resize(325, 800)
    panel.show()
    try:
        panel.set_rows(share_rows())
        typed = tmp_path / "front"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(typed), name_filter))
        panel._export_chart_clicked()
        written = tmp_path / f"front.{extension}"
        assert written.exists() and not typed.exists()
        head = written.read_bytes()[:2000]
        if extension == "png":
            assert head.startswith(b"\x89PNG")
        else:
            assert b"<svg" in head
    finally:
        panel.deleteLater()
