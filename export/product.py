"""A dated, sourced map product from a project: the steps behind
``situationmapper:exportmap``.

The export works on its own copy of the project (:func:`snapshot_project`),
made in the main thread before the run: a background export then renders
layers nobody else touches, and the user's project is never changed.
"""

import datetime
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingMultiStepFeedback,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
)
from qgis.PyQt.QtXml import QDomDocument

from qgis.PyQt import sip

from ..infra.i18n import tr
from . import animation, atlas
from .figures import FigureInputs, Figures
from .layout_builder import SituationLayout, load_template
from .sources import basis_line, is_control_layer, source_lines, store_path_of
from ..store import ControlLayerError, open_control_layer
from ..layers.temporal import configure_validity_time

FORMATS = ("pdf", "png", "svg", "gif", "mp4")
ANIMATION_FORMATS = ("gif", "mp4")


@dataclass
class ProductSpec:
    """Everything a product needs; sizes in mm, resolution in dots per inch."""

    output_path: str
    days: Sequence[datetime.date]
    file_format: str = "pdf"
    template_path: str = ""
    page_size_mm: Tuple[float, float] = (297.0, 210.0)
    title: str = ""
    subtitle: str = ""
    handling: str = ""
    dpi: float = 200.0
    one_pdf: bool = True
    frame_ms: int = 800
    extent_wgs84: Optional[QgsRectangle] = None
    figures: FigureInputs = field(default_factory=FigureInputs)


def enable_control_time(layer) -> bool:
    """Make a control layer show the snapshot valid on the map's day (valid_from
    inclusive, valid_to exclusive, NULL open: layers/temporal.py); True when it
    was not set up yet."""
    if layer.temporalProperties().isActive():
        return False
    return configure_validity_time(layer)


def snapshot_project(source: QgsProject) -> Tuple[QgsProject, Dict[str, object]]:
    """A new project holding clones of the visible layers of ``source`` (in drawing
    order, with styles, metadata and temporal settings); also ``{source layer id: clone}``."""
    copy = QgsProject()
    copy.setCrs(source.crs())
    copy.setEllipsoid(source.ellipsoid())
    copy.setTransformContext(source.transformContext())
    copy.setTitle(source.title())
    root = source.layerTreeRoot()
    visible = {layer.id() for layer in root.checkedLayers()}
    clones = {}
    for layer in root.layerOrder():
        if layer is None or layer.id() not in visible or not layer.isValid():
            continue
        clone = layer.clone()
        clone.setName(layer.name())
        clone.setMetadata(layer.metadata())
        copy_temporal_properties(layer, clone)
        copy.addMapLayer(clone, False)
        copy.layerTreeRoot().addLayer(clone)
        clones[layer.id()] = clone
    return copy, clones


def copy_temporal_properties(source, target) -> None:
    """Give ``target`` the temporal settings of ``source``: ``QgsMapLayer.clone()``
    copies the fields of the settings but not whether they are active (QGIS 3.22)."""
    properties = source.temporalProperties()
    if properties is None or target.temporalProperties() is None:
        return
    document = QDomDocument()
    element = document.createElement("temporal")
    document.appendChild(element)
    context = QgsReadWriteContext()
    properties.writeXml(element, document, context)
    target.temporalProperties().readXml(element, context)
    target.temporalProperties().setIsActive(properties.isActive())


def figures_control_layer(project: QgsProject):
    """The control layer the figures are computed from when none is given: the
    topmost visible control layer, read as its whole store when it shows one series
    of a store (so every source and status counts); None without one.

    The one choice for the export, its preview and the layout designer."""
    root = project.layerTreeRoot()
    checked = set(layer.id() for layer in root.checkedLayers())
    layer = next((layer for layer in root.layerOrder()
                  if layer is not None and layer.id() in checked and is_control_layer(layer)), None)
    store = store_path_of(layer) if layer is not None else ""
    if store and layer.subsetString():
        try:
            return open_control_layer(store)
        except ControlLayerError:
            return layer
    return layer


def read_project(path: str) -> QgsProject:
    """A project read from a .qgs/.qgz file; raises ValueError naming the file."""
    if not os.path.isfile(path):
        raise ValueError(tr("The project file '{}' does not exist.").format(path))
    project = QgsProject()
    if not project.read(path):
        raise ValueError(tr("Cannot read the project '{}': {}").format(path, project.error()))
    return project


def visible_layers(project: QgsProject) -> List:
    root = project.layerTreeRoot()
    return [layer for layer in root.layerOrder() if layer is not None and layer in root.checkedLayers()]


def layers_extent_wgs84(layers) -> Optional[QgsRectangle]:
    """The union of the layers' extents in EPSG:4326 degrees."""
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    box = None
    for layer in layers:
        extent = layer.extent()
        if extent.isNull():
            continue
        outline = QgsGeometry.fromRect(extent).densifyByCount(20)
        outline.transform(QgsCoordinateTransform(layer.crs(), wgs84, layer.transformContext()))
        if box is None:
            box = outline.boundingBox()
        else:
            box.combineExtentWith(outline.boundingBox())
    return box


class MapProduct:
    """Builds the layout of ``spec`` over ``project`` and writes the files."""

    def __init__(self, project: QgsProject, spec: ProductSpec, context, feedback,
                 adjust_layers: bool = True, figures: Optional[Figures] = None):
        self.project = project
        self.adjust_layers = adjust_layers  # False on a live project: never change the user's layers
        self.spec = spec
        self.context = context
        self.feedback = feedback
        self.layout: Optional[SituationLayout] = None
        # computed by the caller (algorithms/figures.py); none given: an empty table
        self.figures: Figures = figures if figures is not None else Figures(spec.figures.radius_m)
        self.control_layers = []

    def prepare(self):
        """Control layers made temporal, layout built."""
        layers = visible_layers(self.project)
        self.control_layers = [layer for layer in layers if is_control_layer(layer)]
        for layer in self.control_layers if self.adjust_layers else ():
            if enable_control_time(layer):
                self.feedback.pushInfo(tr("'{}' had no time settings: it now shows the snapshot "
                                          "valid on each day (valid_from .. valid_to).").format(layer.name()))

        layout = SituationLayout(load_template(self.project, self.spec.template_path,
                                               self.spec.page_size_mm))
        missing = layout.missing_items()
        if missing:
            self.feedback.pushWarning(tr("The template has no item(s) {}: they are left out.").format(
                ", ".join(missing)))
        if layout.map is None:
            raise atlas.ExportError(tr("The template '{}' has no map item with id 'situation_map'.").format(
                self.spec.template_path))
        layout.set_texts(self.spec.title, self.spec.subtitle, self.spec.handling)
        extent = self.spec.extent_wgs84 or layers_extent_wgs84(layers)
        if extent is None:
            raise atlas.ExportError(tr("Nothing to map: the project has no visible layer with an extent."))
        layout.set_extent(extent, self.project.crs())
        # the sources of what the map can show: layers reaching into its extent
        shown = [layer for layer in layers
                 if (layers_extent_wgs84([layer]) or QgsRectangle()).intersects(extent)]
        layout.set_sources(source_lines(shown))
        layout.order_legend([layer.id() for layer in self.control_layers])
        self.layout = layout

    def show_day(self, day: datetime.date):
        """Set the map, the figures and the basis line to ``day``."""
        self.layout.set_day(day)
        warning = self.layout.fit_legend()  # what the legend lists depends on the day
        if warning:
            self.feedback.pushWarning(tr("{}: {}").format(day.isoformat(), warning))
        self.layout.set_figures(self.figures.table_for(day), self.figures.headers())
        basis = basis_line(self.control_layers, day)
        if self.figures.unavailable:
            basis += "\n" + tr("Not available: ") + "; ".join(self.figures.unavailable)
        self.layout.set_basis(basis)

    def write(self) -> List[str]:
        """Write the product; the list of files written."""
        spec, layout = self.spec, self.layout.layout
        if spec.file_format in ANIMATION_FORMATS:
            frames = animation.render_frames(layout, spec.days, self.show_day, spec.dpi, self.feedback)
            writer = animation.write_gif if spec.file_format == "gif" else animation.write_mp4
            return [writer(frames, spec.output_path, spec.frame_ms)]
        if spec.file_format == "pdf" and spec.one_pdf and len(spec.days) > 1:
            return [atlas.export_atlas_pdf(layout, spec.days, self.show_day, spec.output_path,
                                           spec.dpi, self.feedback)]
        return atlas.export_per_day(layout, spec.days, self.show_day, spec.output_path,
                                    spec.file_format, spec.dpi, self.feedback)

    def run(self) -> List[str]:
        """Prepare, write, then delete the layout: all in the calling thread."""
        steps = QgsProcessingMultiStepFeedback(2, self.feedback)
        outer = self.feedback
        self.feedback = steps
        try:
            steps.setCurrentStep(0)
            self.prepare()
            if steps.isCanceled():
                raise atlas.ExportCancelled(tr("Export cancelled: no file was written."))
            steps.setCurrentStep(1)
            return self.write()
        finally:
            self.feedback = outer
            self.release()

    def release(self):
        """Delete the layout now. A layout's map items own timers, which must die in
        the thread that made them (a background export's worker thread)."""
        if self.layout is not None:
            layout, self.layout = self.layout.layout, None
            if sip.ispyowned(layout):
                sip.delete(layout)


def build_first_page(project: QgsProject, spec: ProductSpec, context, feedback,
                     adjust_layers: bool = True, figures: Optional[Figures] = None) -> MapProduct:
    """A prepared product showing ``spec.days[0]``, with ``figures`` (computed
    by the caller; algorithms/figures.py has the one that computes them)."""
    product = MapProduct(project, spec, context, feedback, adjust_layers, figures=figures)
    product.prepare()
    product.show_day(spec.days[0])
    return product
