"""The Export tab's focus area and claims table rows, shared with the other tabs
through the situation context: the focus area (one of the figure areas, by its
name) is what "Frame on: Focus area" frames, whose figures lead the table and
whose charts a product draws; the claims table (date, area, claimed_pct, who)
puts each published claim beside the measured share.

Mixed into :class:`~.export_panel.ExportPanel`, which provides ``formLayout``,
``figureAreasCombo``, ``nameFieldCombo``, ``context`` and ``_status``.
"""

import os
from typing import Dict, List

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import QComboBox

from ..infra.i18n import tr

NO_FOCUS = ""


class ExportFocus:
    """The focus area and claims table choices of the Export tab."""

    def _build_focus_and_claims(self):
        self.focusCombo = QComboBox(self)
        self.focusCombo.setObjectName("focusCombo")
        self.focusCombo.setToolTip(tr(
            "The place the product is about, one of the figure areas: 'Frame on: Focus area' "
            "frames the map on it, the figures table lists it, the claims and charts are of it. "
            "Shared with the other tabs and kept with the project."))
        self.focusCombo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.focusCombo.setMinimumContentsLength(8)
        row = self.formLayout.getWidgetPosition(self.nameFieldCombo)[0] + 1
        self.formLayout.insertRow(row, tr("Focus area"), self.focusCombo)
        self.claimsFileWidget = QgsFileWidget(self)
        self.claimsFileWidget.setObjectName("claimsFileWidget")
        self.claimsFileWidget.setFilter(tr("Claims table (*.csv *.gpkg *.xlsx *.ods);;All files (*)"))
        self.claimsFileWidget.setToolTip(tr(
            "A table of published claims (columns date, area, claimed_pct, who): each claim for "
            "the focus area within the claims window before the day is printed beside the "
            "measured share, e.g. 'ISW, 26 Nov: 66 % · DeepStateMap measured: 44.7 %'."))
        self.formLayout.insertRow(row + 1, tr("Claims table"), self.claimsFileWidget)
        self.fill_focus_names()
        self.claimsFileWidget.setFilePath(self.context.claims_table or "")
        self.figureAreasCombo.layerChanged.connect(self.fill_focus_names)
        self.nameFieldCombo.fieldChanged.connect(self.fill_focus_names)
        self.focusCombo.activated.connect(self._focus_chosen)
        self.claimsFileWidget.fileChanged.connect(self._claims_chosen)
        # the panel's Qt slots: Qt drops the connections when the panel is deleted
        self.context.focusAreaChanged.connect(self.follow_focus_area)
        self.context.claimsTableChanged.connect(self.follow_claims_table)

    def _area_names(self) -> List[str]:
        layer, field = self.figureAreasCombo.currentLayer(), self.nameFieldCombo.currentField()
        if layer is None or not field or layer.fields().indexOf(field) < 0:
            return []
        index = layer.fields().indexOf(field)
        return sorted({str(value) for value in layer.uniqueValues(index)
                       if value is not None and not (hasattr(value, "isNull") and value.isNull())
                       and str(value).strip()})

    def fill_focus_names(self, *_args):
        """The figure areas' names, the context's focus area chosen (kept even when
        these areas do not name it, so a project's choice is never lost)."""
        names = self._area_names()
        focus = self.context.focus_area or NO_FOCUS
        self.focusCombo.blockSignals(True)
        self.focusCombo.clear()
        self.focusCombo.addItem(tr("(none)"), NO_FOCUS)
        for name in names:
            self.focusCombo.addItem(name, name)
        if focus and focus not in names:
            self.focusCombo.addItem(tr("{} (not among these areas)").format(focus), focus)
        self.focusCombo.setCurrentIndex(max(0, self.focusCombo.findData(focus)))
        self.focusCombo.blockSignals(False)

    def _focus_chosen(self, _index=None):
        self.context.set_focus_area(self.focusCombo.currentData() or NO_FOCUS)

    def follow_focus_area(self, name: str):
        index = self.focusCombo.findData(name or NO_FOCUS)
        if index < 0:
            self.fill_focus_names()
        else:
            self.focusCombo.setCurrentIndex(index)

    def _claims_chosen(self, path: str = ""):
        self.context.set_claims_table(path.strip())

    def follow_claims_table(self, path: str):
        if self.claimsFileWidget.filePath() != (path or ""):
            self.claimsFileWidget.blockSignals(True)
            self.claimsFileWidget.setFilePath(path or "")
            self.claimsFileWidget.blockSignals(False)

    def focus_parameters(self) -> Dict:
        """FOCUS_AREA (with figure areas) and CLAIMS (an existing file) as chosen."""
        parameters = {}
        focus = self.focusCombo.currentData() or NO_FOCUS
        if focus and self.figureAreasCombo.currentLayer() is not None and self.nameFieldCombo.currentField():
            parameters["FOCUS_AREA"] = focus
        claims = self.claimsFileWidget.filePath().strip()
        if claims and os.path.exists(claims):
            parameters["CLAIMS"] = claims
        return parameters

    def focus_feature_box(self):
        """The focus area's outline box (degrees), None when it is not among the figure areas."""
        from qgis.core import QgsExpression, QgsFeatureRequest

        from ..export.framing import features_box_wgs84

        layer, field = self.figureAreasCombo.currentLayer(), self.nameFieldCombo.currentField()
        focus = self.focusCombo.currentData() or NO_FOCUS
        if layer is None or not field or not focus:
            return None
        request = QgsFeatureRequest().setFilterExpression(QgsExpression.createFieldEqualityExpression(field, focus))
        return features_box_wgs84(layer.getFeatures(request), layer.crs())
