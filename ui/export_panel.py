"""The Export panel: a dated, sourced map product of the situation.

The panel fills the parameters of ``situationmapper:exportmap`` and runs it in
the background through :class:`~.algorithm_runner.AlgorithmRun` (progress,
cancel). Its preview and "Open in layout designer" (ui/export_preview.py) build
the same layout as the algorithm for the first date.
"""

import datetime
import os
from typing import Dict, List, Optional

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QVariant, pyqtSlot
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from ..infra.i18n import tr
from ..infra.log import log
from ..infra.settings import EXPORT_DPI, LAST_EXPORT_FOLDER
from ..export.layout_builder import PAGE_NAMES, shipped_template_styles
from ..export.product import FORMATS
from ..export.sources import is_control_layer
from ..store import ControlLayerError, open_control_layer, read_records, snapshot_days
from ..layers.project_state import read_state
from ..layers.temporal import as_qdate
from .algorithm_runner import AlgorithmRun
from .messages import show_message
from .area_picker import AreaPickerBinding
from .situation_clock import SituationClock
from .situation_context import SituationContext, is_control_data
from .export_basemap import ExportBasemap
from .export_chart import ExportChart
from .export_focus import ExportFocus
from .export_framing import ExportFraming
from .export_preview import ExportPreview
from .form_loader import load_ui

PANEL_OBJECT_NAME = "ExportPanel"
EXPORT_ALGORITHM = "situationmapper:exportmap"
ATLAS_MODE_NAMES = ("One PDF, one page per date", "One file per date")
# Fields tried, in this order, as the figure areas' name field (then the first text field).
AREA_NAME_FIELDS = ("name", "NAME", "Name")



class ExportPanel(QWidget, ExportFraming, ExportFocus, ExportBasemap, ExportChart, ExportPreview,
                  load_ui("export_panel")):
    """Collects the export's parameters, previews the page and runs the export."""

    def __init__(self, iface, parent=None, clock=None, context=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        canvas = iface.mapCanvas() if iface is not None else None
        self._owns_clock = clock is None
        self.clock = clock if clock is not None else SituationClock(canvas, QgsProject.instance(), self)
        self._owns_context = context is None
        self.context = context if context is not None else SituationContext(QgsProject.instance(), self)
        self.run: Optional[AlgorithmRun] = None
        self.written_files: List[str] = []  # of the last export that succeeded
        self._output_folder = ""  # of the export running: remembered once written
        self.designer_layouts: List = []

        self.styles = shipped_template_styles()
        for style in self.styles:
            self.templateCombo.addItem(tr(style.replace("_", " ").capitalize()), style)
        self.templateCombo.addItem(tr("Own template file"), "")
        self.templateFileWidget.setStorageMode(QgsFileWidget.GetFile)
        for name in PAGE_NAMES:
            self.pageCombo.addItem(tr(name), name)
        for file_format in FORMATS:
            self.formatCombo.addItem(file_format.upper(), file_format)
        for index, name in enumerate(ATLAS_MODE_NAMES):
            self.atlasModeCombo.addItem(tr(name), index)
        self.dpiSpin.setValue(EXPORT_DPI.value())
        self.outputFileWidget.setStorageMode(QgsFileWidget.SaveFile)
        self.outputFileWidget.setFilter("PDF (*.pdf);;PNG (*.png);;SVG (*.svg);;GIF (*.gif);;MP4 (*.mp4)")
        folder = LAST_EXPORT_FOLDER.value() or os.path.expanduser("~")
        self.outputFileWidget.setDefaultRoot(folder)
        for combo in (self.areaCombo, self.figureAreasCombo):
            combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
            combo.setAllowEmptyLayer(True)
            combo.setLayer(None)
        self.nameFieldCombo.setAllowEmptyFieldName(True)
        self.figureAreasCombo.layerChanged.connect(self._follow_areas_layer)
        self.formatCombo.currentIndexChanged.connect(self._follow_format)
        self.formatCombo.currentIndexChanged.connect(self._update_enabled)
        self.templateCombo.currentIndexChanged.connect(self._update_enabled)
        self.datesEdit.textChanged.connect(self._dates_typed)
        self._build_date_choice()
        self._build_frame_and_rear()
        self._build_basemap()
        self._build_chart_choice()
        self._build_focus_and_claims()
        # the preview follows the panel's width (no sideways scrolling in a narrow dock)
        self.previewLabel.setMinimumWidth(0)
        self.previewLabel.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.previewLabel.setWordWrap(True)
        self.preview_image = None
        self.follow_situation_day()
        self.areas_binding = AreaPickerBinding(self.context, self.figureAreasCombo, self.nameFieldCombo, self)
        self._except_control_data()
        self._update_enabled()

        # recorded so that unload() disconnects exactly these
        self.connections = []
        project = QgsProject.instance()
        self._connect(project.readProject, self._project_read)
        self._connect(project.cleared, self._project_cleared)
        self._connect(project.layersAdded, self._except_control_data)

        self.exportButton.clicked.connect(self.export)
        self.cancelButton.clicked.connect(self.cancel)
        self.previewButton.clicked.connect(self.preview)
        self.designerButton.clicked.connect(self.open_in_designer)

    # -- parameters ----------------------------------------------------------------

    def _build_date_choice(self):
        """Radio buttons making the choice between the single date and the date range
        explicit (the range used to win silently when both were filled)."""
        self.oneDateRadio = QRadioButton(tr("One date"), self)
        self.oneDateRadio.setObjectName("oneDateRadio")
        self.oneDateRadio.setToolTip(tr("Export the situation of the single date above."))
        self.dateRangeRadio = QRadioButton(tr("Date range"), self)
        self.dateRangeRadio.setObjectName("dateRangeRadio")
        self.dateRangeRadio.setToolTip(tr("Export every date of the date range: an atlas, one file "
                                          "per date or an animation."))
        self.dateChoiceGroup = QButtonGroup(self)
        for button in (self.oneDateRadio, self.dateRangeRadio):
            self.dateChoiceGroup.addButton(button)
            button.toggled.connect(self._update_enabled)
        self.oneDateRadio.setChecked(True)
        row = self.formLayout.getWidgetPosition(self.dateEdit)[0]
        self.formLayout.insertRow(row, tr("Export"), self._row_of(self.oneDateRadio, self.dateRangeRadio))
        self.dateChoiceLabel = self.formLayout.labelForField(self.oneDateRadio.parentWidget())
        if self.dateChoiceLabel is not None:
            self.dateChoiceLabel.setToolTip(tr("Export one date or a range of dates."))

    def _row_of(self, *widgets) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        return row

    def _dates_typed(self, text: str):
        # typing a range means the user wants it; clearing it goes back to one date
        if text.strip():
            self.dateRangeRadio.setChecked(True)
        else:
            self.oneDateRadio.setChecked(True)

    def uses_date_range(self) -> bool:
        return self.dateRangeRadio.isChecked() and bool(self.datesEdit.text().strip())

    def _update_enabled(self, *_args):
        """Show only the controls that apply: the own-template file with 'Own template
        file', the atlas mode with a date range exported as PDF, PNG or SVG."""
        own_template = not self.templateCombo.currentData()
        self.templateFileWidget.setEnabled(own_template)
        self.templateFileLabel.setEnabled(own_template)
        range_chosen = self.dateRangeRadio.isChecked()
        self.dateEdit.setEnabled(not range_chosen)
        self.datesEdit.setEnabled(True)
        # only a PDF can hold one page per date: PNG and SVG always give one file per
        # date, GIF and MP4 one animation
        atlas_applies = range_chosen and self.formatCombo.currentData() == "pdf"
        self.atlasModeCombo.setVisible(atlas_applies)
        self.atlasModeLabel.setVisible(atlas_applies)

    def _except_control_data(self, *_args):
        """The map area picker offers no situation or control layer."""
        self.areaCombo.setExceptedLayerList(
            [layer for layer in QgsProject.instance().mapLayers().values() if is_control_data(layer)])

    def _connect(self, signal, slot):
        signal.connect(slot)
        self.connections.append((signal, slot))

    def unload(self):
        """Cancel a running export and disconnect from the project (plugin unload)."""
        if self.run is not None and self.run.is_running():
            self.run.cancel()
        if self._owns_clock:
            self.clock.unload()
        self.areas_binding.unload()
        try:
            self.context.rearPointChanged.disconnect(self.follow_rear_point)
        except (TypeError, RuntimeError):
            pass
        if self._owns_context:
            self.context.unload()
        for signal, slot in reversed(self.connections):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # already gone with its object
                pass
        self.connections.clear()

    def showEvent(self, event):  # noqa: N802
        # the tab shown again: the situation date may have moved meanwhile
        self.follow_situation_day()
        super().showEvent(event)

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._show_preview_image()

    # Qt slots (not plain Python callables): Qt drops these connections when the
    # panel is deleted, even without unload()
    @pyqtSlot(object)
    def follow_rear_point(self, point):
        self.show_rear_point(point)

    @pyqtSlot()
    def _project_read(self):
        self.follow_situation_day()

    @pyqtSlot()
    def _project_cleared(self):
        """A new or closed project: nothing of the previous export stays."""
        self.preview_image = None
        self.previewLabel.clear()
        self.previewLabel.setText(tr("No preview yet"))
        self.statusLabel.clear()
        self.progressBar.setValue(0)
        self.outputFileWidget.setFilePath("")
        self.datesEdit.clear()
        self.follow_situation_day()

    def follow_situation_day(self):
        """Set the situation date to the situation shown (see :meth:`_default_day`)."""
        self.dateEdit.setDate(as_qdate(self._default_day()))

    def _default_day(self) -> datetime.date:
        """The day the map shows (canvas temporal range / Temporal Controller), else the
        latest snapshot of the project's situation store or of the visible control layers,
        else today."""
        if self.clock.day() is not None:
            return self.clock.day()
        return self.clock.day_or_latest(self._store_days() or self._snapshot_days())

    @staticmethod
    def _store_days() -> List[datetime.date]:
        store = read_state(QgsProject.instance()).store_path
        if not store:
            return []
        try:
            return snapshot_days(read_records(open_control_layer(store)))
        except ControlLayerError:
            return []

    def _follow_areas_layer(self, layer):
        """New figure areas: pick their name field (name, NAME, Name, else the first
        text field) so the table names the areas, not their numbers."""
        self.nameFieldCombo.setLayer(layer)
        if layer is None:
            return
        fields = layer.fields()
        names = fields.names()
        chosen = next((name for name in AREA_NAME_FIELDS if name in names), "")
        if not chosen:
            chosen = next((field.name() for field in fields
                           if field.type() in (QVariant.String,)), "")
        self.nameFieldCombo.setField(chosen)

    def _snapshot_days(self) -> List[datetime.date]:
        root = QgsProject.instance().layerTreeRoot()
        days = set()
        for layer in root.checkedLayers():
            if is_control_layer(layer):
                days.update(snapshot_days(read_records(layer)))
        return sorted(days)

    def _follow_format(self):
        """Keep the output file's extension in step with the chosen format."""
        path = self.outputFileWidget.filePath()
        if path:
            stem = os.path.splitext(path)[0]
            self.outputFileWidget.setFilePath(f"{stem}.{self.formatCombo.currentData()}")

    def output_path(self) -> str:
        path = self.outputFileWidget.filePath().strip()
        file_format = self.formatCombo.currentData()
        if path and os.path.splitext(path)[1].lower() != f".{file_format}":
            path = f"{os.path.splitext(path)[0]}.{file_format}"
        return path

    def parameters(self) -> Dict:
        """The parameters of ``situationmapper:exportmap`` from the widgets."""
        parameters = {
            "TITLE": self.titleEdit.text(),
            "SUBTITLE": self.subtitleEdit.text(),
            "HANDLING": self.handlingEdit.text(),
            "PAGE": self.pageCombo.currentIndex(),
            "FORMAT": self.formatCombo.currentIndex(),
            "DPI": self.dpiSpin.value(),
            "ATLAS_MODE": self.atlasModeCombo.currentData(),
            "RADIUS_M": self.radiusSpin.value(),
            "OUTPUT": self.output_path(),
        }
        if self.uses_date_range():
            parameters["DATES"] = self.datesEdit.text().strip()
        else:
            parameters["DATE"] = self.dateEdit.date().toString("yyyy-MM-dd")
        style = self.templateCombo.currentData()
        if style:
            parameters["TEMPLATE"] = self.styles.index(style)
        else:
            parameters["TEMPLATE_FILE"] = self.templateFileWidget.filePath()
        parameters.update(self.frame_parameters())
        parameters.update(self.basemap_parameters())
        parameters.update(self.chart_parameters())
        if self.formatCombo.currentData() != "pdf" and "DATES" in parameters:
            parameters["ATLAS_MODE"] = 1  # one file per date: the only way for PNG and SVG
        if self.figureAreasCombo.currentLayer() is not None:
            parameters["AREAS"] = self.figureAreasCombo.currentLayer().id()
            if self.nameFieldCombo.currentField():
                parameters["AREA_NAME_FIELD"] = self.nameFieldCombo.currentField()
        parameters.update(self.focus_parameters())
        return parameters

    # -- export in the background ---------------------------------------------------
    def export(self) -> bool:
        """Start the export; False (with a message) when the output is missing."""
        parameters = self.parameters()
        if not parameters["OUTPUT"]:
            self._status(tr("Choose an output file first."), Qgis.Warning)
            return False
        self._output_folder = os.path.dirname(parameters["OUTPUT"])
        bar = self.iface.messageBar() if self.iface is not None else None
        self.run = AlgorithmRun(EXPORT_ALGORITHM, parameters, tr("Map export"), bar, self)
        self.run.progress.connect(lambda value: self.progressBar.setValue(int(value)))
        self.run.finished.connect(self._finished)
        self.progressBar.setValue(0)
        self.exportButton.setEnabled(False)
        self.cancelButton.setEnabled(True)
        self.statusLabel.setText(tr("Exporting…"))
        if not self.run.start():
            self._finished(False, {})
            return False
        return True

    def cancel(self):
        if self.run is not None and self.run.is_running():
            self.run.cancel()

    def _finished(self, ok: bool, results: Dict):
        self.exportButton.setEnabled(True)
        self.cancelButton.setEnabled(False)
        if ok:
            files = [f for f in str(results.get("FILES", "")).split(";") if f]
            self.written_files = files
            # remembered once written there (a settings write waits for the disk: not at the click)
            if self._output_folder and self._output_folder != LAST_EXPORT_FOLDER.value():
                LAST_EXPORT_FOLDER.setValue(self._output_folder)
            self.progressBar.setValue(100)
            warnings = list(dict.fromkeys(self.run.feedback.warnings)) if self.run is not None else []
            if warnings:  # written, with what the product lacks or cut
                self._status(tr("Written: {}\n{}").format(", ".join(files), "\n".join(warnings)), Qgis.Warning)
                show_message(self.iface.messageBar() if self.iface is not None else None,
                             warnings[0], Qgis.Warning)
            else:
                self._status(tr("Written: {}").format(", ".join(files)), Qgis.Success)
        elif self.run is not None and self.run.feedback.isCanceled():
            self._status(tr("Export cancelled: no file was written."), Qgis.Warning)
        else:
            errors = self.run.feedback.errors if self.run is not None else []
            self._status(tr("Export failed: {}").format("\n".join(errors) or tr("see the log")),
                         Qgis.Critical)

    def _status(self, text: str, level):
        self.statusLabel.setText(text)
        if level == Qgis.Critical:
            log.error(text)
