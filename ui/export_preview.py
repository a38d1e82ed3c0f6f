"""The Export tab's preview and "Open in layout designer": the same layout as
``situationmapper:exportmap`` builds (``export/``) for the first date. The
preview draws it from a private copy of the project, at :data:`PREVIEW_DPI`;
the designer's layout is built in the project and opened there.

Mixed into :class:`~.export_panel.ExportPanel`, which provides ``parameters``,
the date, page, template, title and figure widgets, ``previewLabel``,
``statusLabel``, ``preview_image``, ``designer_layouts``, ``iface``,
``_snapshot_days``, ``_preview_subject``, ``basemap_spec`` and ``_status``.
"""

from qgis.core import Qgis, QgsLayoutExporter, QgsProcessingContext, QgsProcessingFeedback, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import QApplication

from ..algorithms.figures import build_first_page
from ..core.date_selection import DateSelectionError, select_days
from ..export.figures import TABLE_COLUMNS, FigureInputs
from ..export.framing import MARGIN_SHARE
from ..export.layout_builder import PAGE_NAMES, PAGE_SIZES_MM, TemplateError, shipped_template_path
from ..export.product import ProductSpec, figures_control_layer, snapshot_project
from ..infra.i18n import tr

PREVIEW_DPI = 25
HIDDEN_PREVIEW_WIDTH = 300  # pixels
FIGURES_AT_EXPORT = "Figures are computed at export"


class ExportPreview:
    """The first page previewed, or built in the project for the layout designer."""

    def _spec(self, with_figures: bool) -> ProductSpec:
        parameters = self.parameters()
        days = [self.dateEdit.date().toPyDate()]
        if "DATES" in parameters:
            try:
                days = select_days(parameters["DATES"], self._snapshot_days()) or days
            except DateSelectionError as error:
                raise ValueError(str(error)) from error
        page = PAGE_NAMES[self.pageCombo.currentIndex()]
        style = self.templateCombo.currentData()
        template = shipped_template_path(style, page) if style else self.templateFileWidget.filePath()
        subject = self._preview_subject()
        figures = FigureInputs(radius_m=self.radiusSpin.value(),
                               control_layer=figures_control_layer(QgsProject.instance()))
        if with_figures and self.figureAreasCombo.currentLayer() is not None:
            figures.areas_layer = self.figureAreasCombo.currentLayer()
            figures.area_name_field = self.nameFieldCombo.currentField()
        return ProductSpec(output_path="", days=days, template_path=template,
                           page_size_mm=PAGE_SIZES_MM[page], title=self.titleEdit.text(),
                           subtitle=self.subtitleEdit.text(), handling=self.handlingEdit.text(),
                           extent_wgs84=subject, figures=figures,
                           margin_share=0.0 if self.frameCombo.currentData() == "canvas" else MARGIN_SHARE,
                           **self.basemap_spec())

    def render_preview(self):
        """The first page as an image at :data:`PREVIEW_DPI`, from a private copy of
        the project (the user's layers are not touched); None with a message on error."""
        try:
            project, _clones = snapshot_project(QgsProject.instance())
            context = QgsProcessingContext()
            context.setProject(project)
            product = build_first_page(project, self._spec(with_figures=False), context,
                                       QgsProcessingFeedback())
            if self.figureAreasCombo.currentLayer() is not None:
                # figures take the algorithms a while: the preview says where they come
                product.layout.set_figures([[tr(FIGURES_AT_EXPORT)] + [""] * (len(TABLE_COLUMNS) - 1)])
            image = QgsLayoutExporter(product.layout.layout).renderPageToImage(0, dpi=PREVIEW_DPI)
        except (ValueError, TemplateError, RuntimeError) as error:
            self._status(tr("No preview: {}").format(error), Qgis.Warning)
            return None
        return image

    def preview(self):
        image = self.render_preview()
        if image is None or image.isNull():
            return
        self.preview_image = image
        self._show_preview_image()
        note = tr("Preview of {}.").format(self.dateEdit.date().toString("yyyy-MM-dd")) \
            if not self.uses_date_range() else tr("Preview of the first date.")
        if self.figureAreasCombo.currentLayer() is not None:
            note += " " + tr("The figures table is computed at export.")
        self.statusLabel.setText(note)

    def _show_preview_image(self):
        """The preview scaled to the label's current width (it follows the panel)."""
        if self.preview_image is None:
            return
        # a hidden panel has no width yet: a size that reads well until it is shown
        width = max(80, self.previewLabel.contentsRect().width() - 4) \
            if self.previewLabel.isVisible() else HIDDEN_PREVIEW_WIDTH
        pixmap = QPixmap.fromImage(self.preview_image)
        self.previewLabel.setPixmap(pixmap.scaledToWidth(width, Qt.SmoothTransformation))

    def open_in_designer(self):
        """Build the layout in the project and open it in the layout designer."""
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            context = QgsProcessingContext()
            context.setProject(QgsProject.instance())
            product = build_first_page(QgsProject.instance(), self._spec(with_figures=True), context,
                                       QgsProcessingFeedback(), adjust_layers=False)
        except (ValueError, TemplateError, RuntimeError) as error:
            self._status(tr("Cannot build the layout: {}").format(error), Qgis.Warning)
            return None
        finally:
            QApplication.restoreOverrideCursor()
        layout = product.layout.layout
        manager = QgsProject.instance().layoutManager()
        title = self.titleEdit.text() or tr("Situation map")
        layout.setName(manager.generateUniqueTitle() if not title else
                       self._unique_name(manager, f"{title} {product.spec.days[0].isoformat()}"))
        manager.addLayout(layout)
        self.designer_layouts.append(layout.name())
        if self.iface is not None:
            self.iface.openLayoutDesigner(layout)
        return layout

    @staticmethod
    def _unique_name(manager, name: str) -> str:
        candidate, number = name, 2
        while manager.layoutByName(candidate) is not None:
            candidate, number = f"{name} ({number})", number + 1
        return candidate
