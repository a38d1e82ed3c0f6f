"""Writing layouts to files: one page, an atlas of one page per date into one
PDF, or one file per date - every file written atomically.

Atomic: each product is written to a temporary file in the destination folder
and moved over the destination with ``os.replace`` only when complete, so a
failure or a cancel leaves no partial file and any earlier product intact.
"""

import datetime
import os
from typing import Callable, List, Sequence

from qgis.core import QgsAbstractLayoutIterator, QgsLayoutExporter, QgsRenderContext

from ..infra.atomic_files import AtomicFiles, AtomicWriteError
from ..infra.i18n import tr

RASTER_FORMATS = ("png",)
VECTOR_FORMATS = ("pdf", "svg")


class ExportError(AtomicWriteError):
    """A product could not be written; the message names the file and why."""


class ExportCancelled(ExportError):
    """The user cancelled; nothing was written."""


def dated_path(path: str, day: datetime.date) -> str:
    """``/x/map.pdf`` -> ``/x/map_2025-11-20.pdf``."""
    stem, extension = os.path.splitext(path)
    return f"{stem}_{day.isoformat()}{extension}"


def _text_as_text(settings):
    # text stays text in vector output, so a PDF can be searched and read back
    if hasattr(settings, "textRenderFormat"):
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
    return settings


def pdf_settings(dpi: float) -> QgsLayoutExporter.PdfExportSettings:
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    return _text_as_text(settings)


def _check(result, path, exporter=None):
    if result == QgsLayoutExporter.Canceled:
        raise ExportCancelled(tr("Export cancelled: '{}' was not written.").format(path))
    if result != QgsLayoutExporter.Success:
        detail = exporter.errorFile() if exporter is not None else ""
        raise ExportError(tr("Could not write '{}' (QGIS export error {}{}).").format(
            path, int(result), f": {detail}" if detail else ""))


def export_page(layout, path: str, file_format: str, dpi: float) -> None:
    """Write the layout's page to ``path`` (pdf, png or svg), not atomically:
    callers give a temporary path from :class:`AtomicFiles`."""
    exporter = QgsLayoutExporter(layout)
    if file_format == "pdf":
        result = exporter.exportToPdf(path, pdf_settings(dpi))
    elif file_format == "png":
        # rendered and saved by Qt: no GDAL georeferencing pass over the PNG
        image = exporter.renderPageToImage(0, dpi=dpi)
        dots_per_metre = int(round(dpi / 0.0254))
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        if image.isNull() or not image.save(path, "PNG"):
            raise ExportError(tr("Could not write '{}' (the page does not fit in memory at {} dpi, "
                                 "or the file cannot be written).").format(path, dpi))
        return
    elif file_format == "svg":
        settings = _text_as_text(QgsLayoutExporter.SvgExportSettings())
        settings.dpi = dpi
        settings.exportAsLayers = False
        result = exporter.exportToSvg(path, settings)
    else:
        raise ExportError(tr("Unknown map format '{}'.").format(file_format))
    _check(result, path, exporter)


class DateLayoutIterator(QgsAbstractLayoutIterator):
    """Iterates a layout over days; ``show_day(day)`` sets the map's temporal
    range and the texts of each page (an atlas driven by dates, not features)."""

    def __init__(self, layout, days: Sequence[datetime.date], show_day: Callable, feedback=None):
        super().__init__()
        self._layout = layout
        self.days = list(days)
        self.show_day = show_day
        self.feedback = feedback
        self.index = -1

    def layout(self):
        return self._layout

    def beginRender(self):  # noqa: N802
        self.index = -1
        return True

    def endRender(self):  # noqa: N802
        return True

    def count(self):
        return len(self.days)

    def next(self):
        self.index += 1
        if self.index >= len(self.days):
            return False
        if self.feedback is not None:
            if self.feedback.isCanceled():
                return False
            self.feedback.setProgress(100.0 * self.index / max(1, len(self.days)))
        self.show_day(self.days[self.index])
        return True

    def filePath(self, baseFilePath, extension):  # noqa: N802,N803
        day = self.days[max(0, self.index)]
        return dated_path(f"{baseFilePath}.{extension}", day)


def export_atlas_pdf(layout, days, show_day, path: str, dpi: float, feedback) -> str:
    """One PDF with one page per day, atomically; returns ``path``."""
    with AtomicFiles() as files:
        temporary = files.temporary_for(path)
        iterator = DateLayoutIterator(layout, days, show_day, feedback)
        result, error = QgsLayoutExporter.exportToPdf(iterator, temporary, pdf_settings(dpi), feedback)
        if feedback is not None and feedback.isCanceled():
            raise ExportCancelled(tr("Export cancelled: '{}' was not written.").format(path))
        if result != QgsLayoutExporter.Success:
            raise ExportError(tr("Could not write the atlas '{}': {}").format(path, error or int(result)))
        return files.commit()[0]


def export_per_day(layout, days, show_day, path: str, file_format: str, dpi: float,
                   feedback) -> List[str]:
    """One file per day (``name_YYYY-MM-DD.ext``), moved into place together at the end."""
    with AtomicFiles() as files:
        for index, day in enumerate(days):
            if feedback is not None:
                if feedback.isCanceled():
                    raise ExportCancelled(tr("Export cancelled: no file was written."))
                feedback.setProgress(100.0 * index / max(1, len(days)))
            show_day(day)
            final_path = dated_path(path, day) if len(days) > 1 else path
            export_page(layout, files.temporary_for(final_path), file_format, dpi)
        if feedback is not None and feedback.isCanceled():
            raise ExportCancelled(tr("Export cancelled: no file was written."))
        return files.commit()
