"""The rows whose texts are longest, per column, found where the rows are read
(no Qt), are those the table shows longest; handed to the panel, the columns
are fitted exactly as when the panel finds them itself."""

import datetime
import random

from qgis.PyQt.QtCore import Qt


def sample_rows(count=3000, seed=7):
    rng = random.Random(seed)
    names = ["Pokrovsk", "Myrnohrad", "Kostiantynivka hromada", "Siversk", "Toretsk"]
    rows = []
    for number in range(count):
        rows.append({
            "date": (datetime.date(2025, 1, 1) + datetime.timedelta(days=number % 700)).isoformat(),
            "area": rng.choice(names), "source": rng.choice(["DeepStateMap", "ISW"]),
            "occupied_pct": None if rng.random() < 0.05 else rng.uniform(0, 100) * rng.choice([1, 0.01]),
            "occupied_km2": rng.uniform(0, 5000) * rng.choice([1, 0.001]),
            "change_pct": None if number % 50 == 0 else rng.uniform(-20, 20)})
    return rows


def test_longest_rows_are_the_longest_texts_the_table_shows(qgis_app):
    from situation_mapper.ui.share_results import WIDEST_CANDIDATES, longest_rows
    from situation_mapper.ui.share_table import COLUMNS, ShareTableModel

    rows = sample_rows()
    model = ShareTableModel()
    model.set_rows(rows)
    found = longest_rows(rows)
    assert sorted(found) == list(range(len(COLUMNS)))
    for column in range(len(COLUMNS)):
        shown = [len(str(model.data(model.index(r, column), Qt.DisplayRole) or "")) for r in range(len(rows))]
        assert len(found[column]) == WIDEST_CANDIDATES
        assert sorted(shown[r] for r in found[column]) == sorted(shown)[-WIDEST_CANDIDATES:], COLUMNS[column]


def test_columns_fitted_with_the_rows_found_elsewhere_are_the_same(provider, qgis_new_project, fake_iface):
    from situation_mapper.ui.analysis_panel import AnalysisPanel
    from situation_mapper.ui.share_results import longest_rows

    rows = sample_rows()
    widths = []
    for given in (None, longest_rows(rows)):
        panel = AnalysisPanel(fake_iface, fake_iface.mainWindow())
        panel.resize(420, 600)
        panel.show()
        panel.set_rows(rows, given)
        header = panel.resultsView.horizontalHeader()
        widths.append([(header.sectionSize(c), header.isSectionHidden(c)) for c in range(header.count())])
        panel.unload()
        panel.deleteLater()
    assert widths[0] == widths[1]
