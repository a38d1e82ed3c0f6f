"""export/ lays figures out and computes none: the exportmap algorithm computes
them through the figure algorithms' own code (algorithms/figures.py) and hands
them over."""

import datetime
import re
from pathlib import Path

from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

from test_occupied_share import areas_layer, scenario_control

EXPORT = Path(__file__).resolve().parents[1] / "export"


def test_export_runs_no_algorithm():
    for path in EXPORT.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*import processing|processing\.run\(|createAlgorithmById", text, re.M), path
        assert not re.search(r"situationmapper:(occupiedshare|encirclement|corridor)", text), path


def test_figures_are_the_occupied_shares(provider):
    from situation_mapper.algorithms.figures import compute_figures
    from situation_mapper.export.figures import FigureInputs

    inputs = FigureInputs(control_layer=scenario_control(), areas_layer=areas_layer(),
                          area_name_field="name", radius_m=5000.0)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    figures = compute_figures(inputs, [datetime.date(2025, 1, 12)], context, QgsProcessingFeedback())
    assert not figures.unavailable
    shares = {(r.area, r.source): r.value for r in figures.rows_for(datetime.date(2025, 1, 12))
              if r.figure == "Occupied share"}
    # the scenario by hand: "half" is half under the DeepStateMap snapshot of
    # 2025-01-10 and wholly under the ISW one
    assert shares[("half", "DeepStateMap")].startswith("50.0 %")
    assert shares[("half", "ISW")].startswith("100.0 %")
    table = figures.table_for(datetime.date(2025, 1, 12))
    assert [cells[:2] for cells in table if cells[0] == "half"] == [["half", "DeepStateMap"], ["half", "ISW"]]
    assert figures.headers()[4] == "Enclosed at 5 km"


def test_a_product_without_figures_given_shows_none():
    from situation_mapper.export.figures import Figures

    figures = Figures(5000.0)
    assert figures.rows == [] and figures.unavailable == []
    assert figures.table_for(datetime.date(2025, 1, 12)) == []
