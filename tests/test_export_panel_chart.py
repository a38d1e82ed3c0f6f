"""The Export tab's chart, driven like a user: none by default; a chosen chart
reaches exportmap as CHART and the PDF gets its page."""

import json
import shutil
import subprocess  # nosec B404 - poppler's pdfinfo / pdftotext

import pytest
from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtTest import QTest

from test_export_panel import fill, panel  # noqa: F401 (a fixture)


def test_no_chart_by_default(panel):  # noqa: F811
    assert panel.chartCombo.currentIndex() == 0 and panel.chartCombo.toolTip()
    assert "CHART" not in panel.parameters()
    labels = [panel.chartCombo.itemText(i) for i in range(panel.chartCombo.count())]
    assert labels == ["None", "Ground gained and lost per month", "Occupied share", "Distance to targets",
                      "Corridor width"]


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
def test_a_chosen_chart_is_printed_on_a_second_page(panel, tmp_path):  # noqa: F811
    pytest.importorskip("matplotlib")
    fill(panel, tmp_path, name="chart.pdf")
    # the data's second day: the page's month up to its day has a period to show
    panel.dateEdit.setDate(QDate(2025, 1, 2))
    panel.chartCombo.setCurrentIndex(1)
    assert panel.parameters()["CHART"] == 1
    QTest.mouseClick(panel.exportButton, Qt.LeftButton)
    assert panel.run.wait()
    output = tmp_path / "chart.pdf"
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True, check=True).stdout  # nosec B603
    assert "Pages:           2" in info
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(output), "-"], capture_output=True,  # nosec B603
                            text=True, check=True).stdout
    assert "Ground gained and lost" in second
    receipt = json.loads((tmp_path / "chart.pdf.json").read_text())
    assert receipt["parameters"]["CHART"] == 1
    assert receipt["figures"]["chart"]
