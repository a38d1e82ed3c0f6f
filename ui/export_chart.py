"""The Export tab's chart row: a chart of front dynamics printed with the map
(``situationmapper:exportmap``'s ``CHART``), none by default.

Mixed into :class:`~.export_panel.ExportPanel`, which provides ``formLayout``,
``pageCombo`` and ``formatCombo``.
"""

from typing import Dict

from qgis.PyQt.QtWidgets import QComboBox

from ..export.charts_product import CHART_OPTIONS
from ..infra.i18n import tr

CHART_TOOLTIPS = (
    "No chart.",
    "Ground gained and lost per month over the year before the day (the focus area's, else all ground).",
    "The occupied share of each figure area over the half year before the day.",
    "The distance from each figure area to the nearest hostile ground, weekly over the half year before.",
    "The corridor width from the focus area (else the first figure area) to the rear point, weekly over "
    "twelve weeks, with its trend; while it narrows, the closure estimate dashed (an extrapolation).",
)


class ExportChart:
    """The chart choice of the Export tab."""

    def _build_chart_choice(self):
        self.chartCombo = QComboBox(self)
        self.chartCombo.setObjectName("chartCombo")
        # a narrow dock: the combo does not ask for its longest entry's width
        self.chartCombo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.chartCombo.setMinimumContentsLength(8)
        for index, option in enumerate(CHART_OPTIONS):
            label = tr(option)
            self.chartCombo.addItem(label[:1].upper() + label[1:], index)
            self.chartCombo.setItemData(index, tr(CHART_TOOLTIPS[index]), 3)  # Qt.ToolTipRole
        self.chartCombo.setToolTip(tr(
            "A chart of front dynamics with the map, marking each page's day, measured by the "
            "plugin's algorithms from the store and the figure areas. A PDF prints it on a second "
            "page (or in a template's 'chart' item); other formats leave it out and say so."))
        row = self.formLayout.getWidgetPosition(self.pageCombo)[0]
        self.formLayout.insertRow(row, tr("Chart"), self.chartCombo)

    def chart_parameters(self) -> Dict:
        """``CHART`` when a chart is chosen (none: the parameter's default)."""
        kind = self.chartCombo.currentData() or 0
        return {"CHART": int(kind)} if kind else {}
