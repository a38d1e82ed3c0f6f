"""The Export tab's focus area and claims table, driven like a user: the names
of the figure areas to choose from, shared with the situation context (and the
project), the preview framed on the focus area as the export is, and the claims
printed beside the measured share."""

import subprocess  # nosec B404 - poppler's pdftotext

from qgis.core import QgsProject, QgsRectangle

from test_export_panel import panel  # noqa: F401 (a fixture)
from test_export_panel_frame import choose, extent, run_export, two_squares


def focus_names(panel):  # noqa: F811
    return [panel.focusCombo.itemText(i) for i in range(panel.focusCombo.count())]


def test_the_focus_area_is_chosen_among_the_figure_areas(panel, tmp_path):  # noqa: F811
    squares = two_squares()
    panel.figureAreasCombo.setLayer(squares)
    assert panel.nameFieldCombo.currentField() == "name"
    assert focus_names(panel) == ["(none)", "east", "west"]
    assert "FOCUS_AREA" not in panel.parameters()
    panel.focusCombo.setCurrentIndex(panel.focusCombo.findData("west"))
    panel.focusCombo.activated.emit(panel.focusCombo.currentIndex())
    assert panel.context.focus_area == "west"
    assert QgsProject.instance().readEntry("situation_mapper", "context/focus_area")[0] == "west"
    assert panel.parameters()["FOCUS_AREA"] == "west"
    # framed on the focus area: the preview's subject and the export's extent
    choose(panel, "focus")
    subject = panel._preview_subject()
    assert subject.contains(QgsRectangle(37.0, 48.0, 37.135, 48.09)) and subject.xMaximum() < 37.2
    box = extent(run_export(panel, tmp_path))
    assert box.contains(QgsRectangle(37.0, 48.0, 37.135, 48.09)) and box.xMaximum() < 38.0
    # another tab's choice (the context) is followed
    panel.context.set_focus_area("east")
    assert panel.focusCombo.currentData() == "east"
    panel.context.set_focus_area("")
    assert panel.focusCombo.currentText() == "(none)" and "FOCUS_AREA" not in panel.parameters()


def test_a_focus_area_the_areas_do_not_name_is_kept(panel):  # noqa: F811
    panel.context.set_focus_area("Pokrovsk")
    panel.figureAreasCombo.setLayer(two_squares())
    assert focus_names(panel) == ["(none)", "east", "west", "Pokrovsk (not among these areas)"]
    assert panel.focusCombo.currentData() == "Pokrovsk"


def test_the_claims_table_reaches_the_product(panel, tmp_path):  # noqa: F811
    squares = two_squares()
    panel.figureAreasCombo.setLayer(squares)
    panel.focusCombo.setCurrentIndex(panel.focusCombo.findData("west"))
    panel.focusCombo.activated.emit(panel.focusCombo.currentIndex())
    claims = tmp_path / "claims.csv"
    claims.write_text("date,area,claimed_pct,who\n2024-12-28,west,66,Test Institute\n", encoding="utf-8")
    panel.claimsFileWidget.setFilePath(str(claims))
    assert panel.context.claims_table == str(claims)
    assert panel.parameters()["CLAIMS"] == str(claims)
    result = run_export(panel, tmp_path)
    text = " ".join(subprocess.run(["pdftotext", result["OUTPUT"], "-"], capture_output=True,  # nosec B603
                                   text=True, check=True).stdout.split())
    assert "Test Institute, 28 Dec: 66 %" in text
    # a table chosen elsewhere (the context) is shown here
    panel.context.set_claims_table("")
    assert panel.claimsFileWidget.filePath() == "" and "CLAIMS" not in panel.parameters()
