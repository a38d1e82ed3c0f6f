"""The Analysis results table in a narrow dock (360 px, QGIS Desktop's 9 pt
font): the area's name stays readable ("Pokrovsk", "Myrnohrad",
"Kostiantynivka" in full), the numbers keep their width, every column stays
in view; a long name is elided in the middle only when it cannot fit, and the
tooltip names it in full."""

import datetime

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtWidgets import QApplication, QHeaderView, QStyle

from support import flush_deletes

TYPICAL = ("Pokrovsk", "Myrnohrad", "Kostiantynivka")


def rows(areas, sources=("DeepStateMap",), count=30):
    days = [datetime.date(2025, 11, 1) + datetime.timedelta(days=i) for i in range(count)]
    return [{"date": day.isoformat(), "area": area, "source": source, "area_km2": 595.883,
             "occupied_km2": 595.883 * n / 10, "occupied_pct": 100.0 * n / 10, "change_pct": -0.12 * n,
             "snapshot_date": day.isoformat(), "note": None}
            for day in days for n, area in enumerate(areas) for source in sources]


@pytest.fixture()
def dock(fake_iface, provider):
    from situation_mapper.ui.main_dock import SituationDock

    widget = SituationDock(fake_iface, lambda _id: None, fake_iface.mainWindow())
    font = QFont(widget.font())
    font.setPointSize(9)  # QGIS Desktop's font under X11, not the offscreen test app's 12 pt
    widget.setFont(font)
    for header_view in widget.findChildren(QHeaderView):
        header_view.setFont(font)
    widget.setFloating(True)
    widget.resize(360, 1000)
    widget.show()
    widget.panels.setCurrentWidget(widget.analysis_panel)
    yield widget
    widget.unload()
    widget.deleteLater()
    flush_deletes()


def shown_text(view, column, text):
    """The text Qt draws in a cell of ``column``: elided to the cell's width less
    its margins, as QCommonStyle does (an independent reckoning of the cell)."""
    margin = view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1
    width = view.horizontalHeader().sectionSize(column) - 2 * margin
    return view.fontMetrics().elidedText(text, Qt.ElideMiddle, width)


def check_in_view(panel):
    view = panel.resultsView
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.viewport().width()
    for column in (0, 3, 4, 5):  # dates and numbers in full (km² and Δ pts may give way, see below)
        if column in (4, 5) and header.isSectionHidden(column):
            continue
        assert not header.isSectionHidden(column)
        for row in range(panel.proxy.rowCount()):
            assert header.sectionSize(column) >= metrics.horizontalAdvance(panel.proxy.index(row, column).data())


def test_typical_names_are_not_elided_at_360_px(dock):
    panel = dock.analysis_panel
    panel.set_rows(rows(TYPICAL + ("Kostiantynivka hromada",)))
    QApplication.processEvents()
    assert dock.width() == 360
    view = panel.resultsView
    header = view.horizontalHeader()
    check_in_view(panel)
    assert view.verticalScrollBar().isVisible()  # 120 rows: the scroll bar takes its width too
    for row in range(panel.proxy.rowCount()):
        name = panel.proxy.index(row, 1).data()
        if name in TYPICAL:
            assert shown_text(view, 1, name) == name, (name, header.sectionSize(1))
        # the tooltip names the area and the source in full, and gives the numbers
        tip = panel.proxy.index(row, 1).data(Qt.ToolTipRole)
        assert tip.startswith(f"{name} (DeepStateMap, ")
        values = panel.row_at(panel.proxy.index(row, 1))
        assert f"occupied_km2: {values['occupied_km2']}" in tip and f"change_pct: {values['change_pct']}" in tip
    # one source, then km²: their columns gave their room to the names (the tooltip has them)
    assert header.isSectionHidden(2) and header.isSectionHidden(4)
    assert not header.isSectionHidden(3) and not header.isSectionHidden(5)

    assert shown_text(view, 1, "Kostiantynivka hromada") != "Kostiantynivka hromada"  # no room at 360 px
    # at 400 px (the dock's default width) the long name too, Δ pts giving way; at 600 px every column
    for width, hidden in ((400, {2, 4, 5}), (600, set())):
        dock.resize(width, 1000)
        QApplication.processEvents()
        check_in_view(panel)
        assert {c for c in range(header.count()) if header.isSectionHidden(c)} == hidden, width
        assert all(shown_text(view, 1, name) == name for name in TYPICAL + ("Kostiantynivka hromada",)), width


def test_two_sources_keep_every_column_and_a_long_name_is_elided_in_the_middle(dock):
    panel = dock.analysis_panel
    long_name = "Kostiantynivka urban territorial hromada of Kramatorsk raion"
    panel.set_rows(rows(TYPICAL + (long_name,), sources=("DeepStateMap", "ISW")))
    QApplication.processEvents()
    view = panel.resultsView
    header = view.horizontalHeader()
    check_in_view(panel)
    assert not header.isSectionHidden(2) and header.sectionSize(2) >= header.minimumSectionSize()
    # the numbers and two sources leave less room: the shorter names in full
    for name in ("Pokrovsk", "Myrnohrad"):
        assert shown_text(view, 1, name) == name, (name, header.sectionSize(1))
    elided = shown_text(view, 1, long_name)
    assert elided != long_name and "…" in elided and elided.startswith("Kost") and elided.endswith("aion")
    from qgis.PyQt.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    view.itemDelegateForColumn(1).initStyleOption(option, panel.proxy.index(0, 1))
    assert option.textElideMode == Qt.ElideMiddle  # the area's cells are elided in the middle

    # a wider dock: both names in full, the source shown again
    dock.resize(900, 1000)
    QApplication.processEvents()
    assert shown_text(view, 1, long_name) == long_name
    sources = [panel.proxy.index(row, 2).data() for row in range(panel.proxy.rowCount())]
    assert all(shown_text(view, 2, source) == source for source in sources)
    assert sum(header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)) \
        <= view.viewport().width()


HROMADAS = ("Pokrovsk hromada", "Myrnohrad hromada", "Avdiivka hromada", "Kurakhove hromada",
            "Chasiv Yar hromada", "Siversk hromada", "Kostiantynivka hromada", "Vuhledar hromada",
            "Huliaipole hromada", "Kupiansk hromada")  # the real data's hromadas (cities/towns_donetsk_front)


def test_names_ending_alike_keep_their_start_at_325_px(dock):
    """At the dock's default width every "… hromada" name shows what tells it
    apart, its start ("Pokrovsk", "Myrnohrad"): elided on the right, not in the
    middle ("Pokro…omada"); in full in the tooltip."""
    from qgis.PyQt.QtWidgets import QStyleOptionViewItem

    panel = dock.analysis_panel
    dock.resize(325, 1000)
    panel.set_rows(rows(HROMADAS))
    QApplication.processEvents()
    assert dock.width() == 325
    view = panel.resultsView
    header = view.horizontalHeader()
    check_in_view(panel)
    margin = view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1
    width = header.sectionSize(1) - 2 * margin
    seen = set()
    elide = Qt.ElideRight
    for row in range(panel.proxy.rowCount()):
        index = panel.proxy.index(row, 1)
        name = index.data()
        option = QStyleOptionViewItem()
        view.itemDelegateForColumn(1).initStyleOption(option, index)
        drawn = view.fontMetrics().elidedText(name, option.textElideMode, width)
        start = name[:-len(" hromada")]
        if view.fontMetrics().horizontalAdvance(start + "…") <= width:  # the start fits: all of it is shown
            assert drawn.startswith(start), (name, drawn, width)
        else:  # a start too long even alone ("Kostiantynivka"): as much of it as fits
            assert drawn.endswith("…") and start.startswith(drawn[:-1]) and len(drawn) > 8, (name, drawn)
        assert index.data(Qt.ToolTipRole).startswith(f"{name} (DeepStateMap, ")
        seen.add(start)
    assert {"Pokrovsk", "Myrnohrad", "Kostiantynivka"} <= seen
    for name in ("Pokrovsk hromada", "Myrnohrad hromada"):
        assert view.fontMetrics().elidedText(name, elide, width).startswith(name.split()[0]), name


def test_elided_on_the_right_only_where_names_end_alike():
    from situation_mapper.ui.share_results import elide_mode, shared_endings

    names = ["Pokrovsk hromada", "Myrnohrad hromada", "Pokrovsk", "Kramatorsk raion"]
    assert shared_endings(names) == {"hromada"}
    assert elide_mode("Pokrovsk hromada", {"hromada"}) == Qt.ElideRight
    assert elide_mode("Kramatorsk raion", {"hromada"}) == Qt.ElideMiddle
    assert elide_mode("Pokrovsk", {"hromada"}) == Qt.ElideMiddle
    assert shared_endings(["Pokrovsk hromada", "Bakhmut"]) == set()
