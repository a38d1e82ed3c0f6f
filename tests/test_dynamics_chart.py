"""The front dynamics chart (ui/dynamics_chart.py): gained and lost bars drawn
from a territorychange table, the shown date marked, exported as PNG and SVG."""

import datetime

import pytest

from test_territory_change import hand_control


def table(period="month"):
    import processing

    result = processing.run("situationmapper:territorychange", {
        "CONTROL": hand_control(), "STATUSES": "occupied", "SOURCES": "A", "PERIOD": period,
        "DATES": "", "TABLE": "TEMPORARY_OUTPUT"})
    return result["TABLE"]


def test_bars_follow_the_table_and_export(provider, tmp_path):
    pytest.importorskip("matplotlib")
    from situation_mapper.ui.dynamics_chart import DynamicsChart, bar_series, rows_of_layer

    rows = rows_of_layer(table())
    periods, gained, lost = bar_series(rows)
    assert [start for start, _end in periods] == [datetime.date(2025, 1, 1), datetime.date(2025, 2, 1),
                                                  datetime.date(2025, 3, 1)]
    by_start = {r["period_start"].toPyDate(): r for r in rows}
    assert gained[1] == pytest.approx(by_start[datetime.date(2025, 2, 1)]["gained_km2"])
    assert lost[2] == pytest.approx(by_start[datetime.date(2025, 3, 1)]["lost_km2"]) and lost[2] > 80
    assert gained[0] == 0.0 and lost[0] == 0.0  # January has no figures (before the first snapshot)

    chart = DynamicsChart()
    shown = datetime.date(2025, 3, 3)
    chart.draw(rows, shown_date=shown)
    axes = chart.figure.axes[0]
    heights = [patch.get_height() for patch in axes.patches]
    assert heights[:3] == pytest.approx(gained)
    assert heights[3:] == pytest.approx([-value for value in lost])
    assert "all ground" in axes.get_title()
    labels = [text.get_text() for text in axes.get_legend().get_texts()]
    assert any("2025-03-03" in label for label in labels)
    assert any("Source: A" in text.get_text() for text in chart.figure.texts)
    for name in ("dynamics.png", "dynamics.svg"):
        path = tmp_path / name
        chart.export(str(path))
        assert path.stat().st_size > 1000
    assert (tmp_path / "dynamics.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_no_rows_and_no_matplotlib(provider, monkeypatch):
    import sys

    from situation_mapper.ui.dynamics_chart import DynamicsChart

    chart = DynamicsChart()
    if chart.figure is not None:
        chart.draw([])
        assert chart.figure.axes[0].texts[0].get_text() == "No result yet"
    monkeypatch.setitem(sys.modules, "matplotlib.backends.backend_qt5agg", None)
    missing = DynamicsChart()
    assert missing.figure is None
    missing.draw([{"period_start": "2025-01-01"}])  # nothing to draw on, no error
    with pytest.raises(RuntimeError, match="matplotlib"):
        missing.export("/tmp/never.png")
