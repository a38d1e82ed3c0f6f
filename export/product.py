"""A dated, sourced map product from a project: the steps behind
``situationmapper:exportmap``.

The export works on its own copy of the project (export/snapshot.py: planned
in the main thread before the run, built in the run's thread), or on a project built for the product
(export/standalone.py): a background export then renders layers nobody else
touches, and the user's project is never changed.

The steps: :func:`gather_content` gathers the product's content once (frame,
layers as of each day, figures, claims, sources: export/content.py); the
layout is built from it in one pass and its pages written
(:class:`MapProduct`); the layout never calls back here.
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
    QgsRectangle,
)

from qgis.PyQt import sip

from ..core.validity import latest_on_or_before
from ..infra.i18n import tr
from . import animation, atlas
from .content import PageContent, ProductContent
from .basemap import BasemapError, basemap_layer, basemap_source_line
from .drawn_text import keep_drawn_text_readable
from .events_box import event_lines, events_box_height_mm, no_event_heading
from .figures import FigureInputs, Figures
from .framing import MARGIN_SHARE, frame_subject
from .layout_builder import SituationLayout, load_template
from .snapshot import (  # noqa: F401
    build_snapshot, copy_temporal_properties, give_back, hand_over, own_layer, plan_snapshot, snapshot_project,
    take_over,
)
from .sources import basis_line, is_control_layer, source_lines, store_path_of
from ..store import ControlLayerError, open_control_layer, read_records, snapshot_days
from ..layers.events import is_events_layer
from ..layers.temporal import configure_validity_time

# A computed layer's legend words, with {day} for the day shown (custom property).
LEGEND_WORDS = "situation_mapper/legend_words"

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
    extent_wgs84: Optional[QgsRectangle] = None  # the subject the map is framed on (degrees)
    figures: FigureInputs = field(default_factory=FigureInputs)
    margin_share: float = MARGIN_SHARE  # around the subject, of its larger side, each side
    round_scale: bool = True  # frame at the next round scale (1:50,000 ...)
    overview_layers: List = field(default_factory=list)  # the overview's context (world map)
    compare_day: Optional[datetime.date] = None  # a comparison product: this day beside each day
    basemap_url: str = ""  # an XYZ tile URL template drawn under the map (export/basemap.py); "": none
    basemap_attribution: str = ""  # said in the sources block


def enable_control_time(layer) -> bool:
    """Make a control layer show the snapshot valid on the map's day (valid_from
    inclusive, valid_to exclusive, NULL open: layers/temporal.py); True when it
    was not set up yet."""
    if layer.temporalProperties().isActive():
        return False
    return configure_validity_time(layer)


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


def snapshot_day_shown(layer, day: datetime.date, cache: Dict) -> Optional[datetime.date]:
    """The date of the snapshot ``layer`` shows on ``day`` (None before its first)."""
    if layer.id() not in cache:
        try:
            cache[layer.id()] = snapshot_days(read_records(layer))
        except ControlLayerError:
            cache[layer.id()] = []
    return latest_on_or_before(cache[layer.id()], day)


def legend_names(control_layers, other_layers, day: datetime.date, cache: Dict) -> Dict[str, str]:
    """The legend's words on ``day``: each control layer with the date of its front
    line, each computed layer with what it is and the day."""
    names = {}
    for layer in control_layers:
        shown = snapshot_day_shown(layer, day, cache)
        if shown is not None:
            names[layer.id()] = tr("{}\nfront line of {}").format(layer.name(), shown.isoformat())
    for layer in other_layers:
        words = layer.customProperty(LEGEND_WORDS)
        if words:
            names[layer.id()] = str(words).replace("{day}", day.isoformat())
    return names


def map_item_size_mm(layout: SituationLayout) -> Tuple[float, float]:
    main_map = layout.map
    if main_map is None:
        return (0.0, 0.0)
    size = layout.layout.convertToLayoutUnits(main_map.sizeWithUnits())
    return (size.width(), size.height())


def gather_content(project: QgsProject, spec: ProductSpec, figures: Figures, map_size_mm,
                   feedback=None, adjust_layers: bool = True, events_width_mm: float = 0.0) -> ProductContent:
    """Everything the product shows, gathered once: the frame on its subject, the
    visible layers (control layers made temporal when ``adjust_layers``), the
    sources of what the map reaches, and each day's figures, claims, basis line,
    events and legend words. With ``events_width_mm`` (the width of a box of
    events under the map), the map gives up the height that box needs when the
    period has events (``events_box_mm``). Raises ExportError when there is
    nothing to map."""
    layers = visible_layers(project)
    control_layers = [layer for layer in layers if is_control_layer(layer)]
    for layer in control_layers if adjust_layers else ():
        if enable_control_time(layer) and feedback is not None:
            feedback.pushInfo(tr("'{}' had no time settings: it now shows the snapshot "
                                 "valid on each day (valid_from .. valid_to).").format(layer.name()))
    subject = spec.extent_wgs84 or layers_extent_wgs84(layers)
    if subject is None:
        raise atlas.ExportError(tr("Nothing to map: the project has no visible layer with an extent."))
    events_layer = next((layer for layer in layers if is_events_layer(layer)), None)
    events = {day: event_lines(events_layer, day) for day in spec.days}
    if any(events.values()):  # a page without events says so in the box the others need
        events = {day: lines or [no_event_heading(day)] for day, lines in events.items()}
    events_box_mm = events_box_height_mm(list(events.values()), events_width_mm)
    map_size_mm = (map_size_mm[0], map_size_mm[1] - events_box_mm)
    frame = frame_subject(subject, map_size_mm, spec.margin_share, spec.round_scale, project.crs())
    extent = frame.extent_wgs84()
    # the sources of what the map can show: layers reaching into its extent
    shown = [layer for layer in layers if (layers_extent_wgs84([layer]) or QgsRectangle()).intersects(extent)]
    computed = [layer for layer in layers if layer.customProperty(LEGEND_WORDS)]
    content = ProductContent(
        project=project, template_path=spec.template_path, page_size_mm=spec.page_size_mm,
        days=list(spec.days), frame=frame, title=spec.title, subtitle=spec.subtitle,
        handling=spec.handling, layers=layers, control_layers=control_layers,
        computed_layers=computed, overview_layers=list(spec.overview_layers),
        sources=source_lines(shown), figures=figures, compare_day=spec.compare_day,
        events_layer=events_layer, events_box_mm=events_box_mm)
    if spec.basemap_url and adjust_layers:  # never added to a live project (the designer's)
        content.basemap_layer = _basemap(project, spec)
        content.sources.append(basemap_source_line(spec.basemap_url, spec.basemap_attribution))
    snapshots: Dict = {}
    for day in spec.days:
        basis = basis_line(control_layers, day)
        if figures.change_notes.get(day):
            basis += "\n" + "; ".join(figures.change_notes[day])
        if figures.unavailable:
            basis += "\n" + tr("Not available: ") + "; ".join(figures.unavailable)
        content.pages[day] = PageContent(
            day=day, figure_rows=figures.table_for(day), figure_headers=figures.headers(),
            basis=basis, claims=figures.claims_for(day),
            notes=figures.notes_for(day), events=events[day],
            legend_names=legend_names(control_layers, computed, day, snapshots) if adjust_layers else {})
    return content


def _basemap(project: QgsProject, spec: ProductSpec):
    """The basemap layer of ``spec``, owned by ``project`` (not in its layer tree:
    no legend entry, no part of the extent). Raises ExportError."""
    try:
        layer = basemap_layer(spec.basemap_url, spec.basemap_attribution)
    except BasemapError as error:
        raise atlas.ExportError(str(error)) from error
    if layer is None:
        raise atlas.ExportError(tr("The basemap '{}' cannot be read as XYZ tiles.").format(spec.basemap_url))
    return own_layer(project, layer)


class MapProduct:
    """Gathers the content of ``spec`` over ``project``, builds its layout in one
    pass and writes the files."""

    def __init__(self, project: QgsProject, spec: ProductSpec, context, feedback,
                 adjust_layers: bool = True, figures: Optional[Figures] = None):
        self.project = project
        self.adjust_layers = adjust_layers  # False on a live project: never change the user's layers
        self.spec = spec
        self.context = context
        self.feedback = feedback
        self.layout: Optional[SituationLayout] = None
        self.content: Optional[ProductContent] = None
        # computed by the caller (algorithms/figures.py); none given: an empty table
        self.figures: Figures = figures if figures is not None else Figures(spec.figures.radius_m)

    @property
    def control_layers(self):
        return self.content.control_layers if self.content is not None else []

    def prepare(self):
        """Content gathered, layout built from it."""
        layout = SituationLayout(load_template(self.project, self.spec.template_path,
                                               self.spec.page_size_mm))
        missing = layout.missing_items()
        if missing:
            self.feedback.pushWarning(tr("The template has no item(s) {}: they are left out.").format(
                ", ".join(missing)))
        if layout.map is None:
            raise atlas.ExportError(tr("The template '{}' has no map item with id 'situation_map'.").format(
                self.spec.template_path))
        if self.spec.compare_day is not None:
            layout.split_for_comparison()  # before the frame is fitted to the (half) map
        self.content = gather_content(self.project, self.spec, self.figures, map_item_size_mm(layout),
                                      self.feedback, self.adjust_layers, layout.events_box_width_mm())
        layout.build(self.content)
        # words drawn in whole pixels at the product's resolution still read at 7 pt
        keep_drawn_text_readable(layout.layout, self.content.overview_layers, self.spec.dpi)
        self.layout = layout

    def show_day(self, day: datetime.date):
        """Show the page of ``day`` (what the atlas and the animation do per page)."""
        warning = self.layout.show_day(day)
        if warning:
            self.feedback.pushWarning(tr("{}: {}").format(day.isoformat(), warning))

    def write(self) -> List[str]:
        """Write the product; the list of files written."""
        spec, layout = self.spec, self.layout.layout
        show_day = self.layout.show_day
        if spec.file_format in ANIMATION_FORMATS:
            frames = animation.render_frames(layout, spec.days, show_day, spec.dpi, self.feedback)
            writer = animation.write_gif if spec.file_format == "gif" else animation.write_mp4
            return [writer(frames, spec.output_path, spec.frame_ms)]
        if spec.file_format == "pdf" and spec.one_pdf and len(spec.days) > 1:
            return [atlas.export_atlas_pdf(layout, spec.days, show_day, spec.output_path,
                                           spec.dpi, self.feedback)]
        return atlas.export_per_day(layout, spec.days, show_day, spec.output_path,
                                    spec.file_format, spec.dpi, self.feedback)

    def run(self, receipt=None) -> List[str]:
        """Prepare, write, then delete the layout: all in the calling thread. The
        content stays in :attr:`content`; ``receipt(layout, files)``, when given,
        is called after writing, while the layout (its main map) still exists."""
        steps = QgsProcessingMultiStepFeedback(2, self.feedback)
        outer = self.feedback
        self.feedback = steps
        try:
            steps.setCurrentStep(0)
            self.prepare()
            if steps.isCanceled():
                raise atlas.ExportCancelled(tr("Export cancelled: no file was written."))
            steps.setCurrentStep(1)
            files = self.write()
            if receipt is not None:
                receipt(self.layout.layout, files)
            return files
        except Exception:
            # nothing of a failed product outlives it in a traceback (the project
            # must die with the export, not at exit)
            self.content = None
            raise
        finally:
            self.feedback = outer
            self.project = None
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
    product.layout.leave_legend_to_qgis()  # a preview or the designer: the legend follows the map
    return product
