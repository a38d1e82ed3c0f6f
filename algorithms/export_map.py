"""``situationmapper:exportmap``: a dated, sourced situation map (PDF, PNG, SVG),
an atlas of one page per date, or an animation (GIF, MP4).

This module only reads parameters; the product is built in ``export/``.
"""

import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterPoint,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..infra.atomic_files import AtomicWriteError
from ..core.date_selection import DateSelectionError, select_days
from ..infra.i18n import tr
from ..infra.settings import EXPORT_DPI
from ..export.figures import FigureInputs
from ..export.overview import world_map_layers
from ..export.standalone import add_computed_layers
from ..export.layout_builder import (
    PAGE_NAMES,
    PAGE_SIZES_MM,
    TemplateError,
    shipped_template_path,
    shipped_template_styles,
)
from ..export.product import (
    FORMATS,
    MapProduct,
    ProductSpec,
    figures_control_layer,
    give_back,
    hand_over,
    own_layer,
    plan_snapshot,
    read_project,
    take_over,
    visible_layers,
)
from ..export.kmz import KMZ_FORMAT, layers_by_role, write_kmz
from ..export.receipt import set_pdf_metadata, write_receipt
from ..export.sources import is_control_layer
from ..store import read_records, snapshot_days
from .base import SituationMapperAlgorithm
from .figures import product_figures
from .product_chart import CHART_OPTIONS, HELP as CHART_HELP, product_chart
from .product_basemap import HELP as BASEMAP_HELP, ProductBasemap
from .product_project import ProductProject
from .product_subject import ProductSubject

ATLAS_MODES = ("One PDF, one page per date", "One file per date")
PRODUCT_FORMATS = FORMATS + (KMZ_FORMAT,)


class ExportMapAlgorithm(ProductSubject, ProductProject, ProductBasemap, SituationMapperAlgorithm):
    """Export the situation on one or more days as an annotated map product."""

    NAME = "exportmap"
    DISPLAY_NAME = "Export situation map"
    GROUP = "Map products"
    GROUP_ID = "mapproducts"
    HELP = (
        "Exports an annotated map of the situation as of a date: title, the situation "
        "date (\"as of 2025-11-20\", read from the map's temporal range, not the export "
        "date), the map with the project's visible layers and styles as they were on that "
        "day, a legend of what the map shows, scale bar, north arrow, an overview inset, "
        "a table of key figures, the source and licence of every layer and a handling line.\n\n"
        "PROJECT: a .qgs/.qgz file; empty: the current project. Only visible layers are "
        "drawn; the project itself is never changed. With no project (qgis_process) or an "
        "empty one, the map is built from CONTROL (the situation layers, styled per status, "
        "as of each day), AREAS (outlined, labelled), ROUTES and the computed encirclement "
        "arcs, corridor throat and passage of the figures.\n"
        "DATE: one day. DATES: a date selection instead (\"2025-11-01..2025-11-20\", "
        "\"2025-11-01/7\", \"all\", comma-separated), for an atlas or an animation. With "
        "neither, the latest snapshot of the control layer.\n"
        "Framing: the map is centred on its subject with a 15 % margin at the next round scale "
        "(1:25,000, 1:50,000, 1:75,000 ...), in a transverse Mercator centred on it. The subject: "
        "AREA (a polygon layer, or only its selected features), else EXTENT (e.g. the current "
        "map extent), else the focus area FOCUS_AREA of AREAS with the circle of RADIUS_M "
        "around it and the corridor throat, else AREAS, else every visible layer.\n"
        "FOCUS_AREA: the name (in AREA_NAME_FIELD) of the area the product is about: the "
        "figures, arcs and corridor are computed for it alone.\n"
        "COMPARE_DATE: a comparison product: the same frame on this earlier date (left) "
        "beside each date exported (right), the ground gained and lost between them "
        "highlighted and their km² per area beside the figures.\n"
        "ROUTES: supply roads or railways to draw. CLAIMS: a table of published claims "
        "(date, area, claimed_pct, who); each claim of the last CLAIM_WINDOW_DAYS days before "
        "the day is shown beside the share measured that day.\n"
        "TITLE, SUBTITLE, HANDLING: texts; the handling / classification line is left out "
        "when empty.\n"
        "TEMPLATE: a layout template shipped with the plugin; TEMPLATE_FILE: your own .qpt "
        "(items with ids situation_map, overview_map, title, subtitle, situation_date, legend, "
        "scale_bar, north_arrow, figures_table, sources, basis, handling; missing ones are "
        "left out).\n"
        "PAGE: A4 or A3, landscape or portrait. FORMAT: pdf, png, svg, gif (animated, one "
        "frame per date), mp4 (needs ffmpeg) or kmz (Google Earth: the control polygons "
        "of the dates with their validity as time spans for the time slider, and the "
        "project's encirclement arcs, corridor throat and passage and events); empty: "
        "from the output file's extension. "
        "DPI: resolution in dots per inch (raster parts of PDF/SVG, PNG, animation frames).\n"
        "Figures (optional): AREAS, a polygon layer of areas of interest, and "
        "AREA_NAME_FIELD; CONTROL, the control layer (default: the topmost visible one, read "
        "as its whole situation store when it shows one series of a store - the same choice "
        "as the Export panel's preview and layout designer); "
        "RADIUS_M, the radius of enclosed degrees in metres; REAR, a point behind friendly "
        "lines for the corridor width from the first of AREAS. The occupied share (percent and km2), the change since the previous snapshot "
        "(percentage points), enclosed degrees and corridor width (km) are computed by the "
        "plugin's algorithms for each date; a figure whose algorithm is unavailable reads "
        "\"not available\".\n"
        + CHART_HELP
        + BASEMAP_HELP +
        "ATLAS_MODE: with several dates, one PDF with one page per date, or one file per date "
        "(name_YYYY-MM-DD.ext). FRAME_MS: time per animation frame, milliseconds.\n\n"
        "Outputs: OUTPUT (the file written, or the first of them), FILES (every file, "
        "separated by ';'), PAGES (pages or frames written), DATES (the days, ISO), MAP_SCALE "
        "(the main map's scale denominator) and MAP_EXTENT (its extent in degrees).\n"
        "Beside every product, OUTPUT + '.json' is its receipt: map scale, extent (WGS84), "
        "CRS, the figures shown, every input (with SHA-256 of files and the store's schema "
        "version and row counts), every parameter (no passwords) and the software versions.\n"
        "Files are written to a temporary file first and moved into place when complete: "
        "an error or a cancel leaves no partial file and earlier exports intact."
    )

    PROJECT = "PROJECT"
    DATE = "DATE"
    DATES = "DATES"
    EXTENT = "EXTENT"
    AREA = "AREA"
    TITLE = "TITLE"
    SUBTITLE = "SUBTITLE"
    TEMPLATE = "TEMPLATE"
    TEMPLATE_FILE = "TEMPLATE_FILE"
    PAGE = "PAGE"
    FORMAT = "FORMAT"
    DPI = "DPI"
    HANDLING = "HANDLING"
    CONTROL = "CONTROL"
    AREAS = "AREAS"
    AREA_NAME_FIELD = "AREA_NAME_FIELD"
    REAR = "REAR"
    RADIUS_M = "RADIUS_M"
    FOCUS_AREA = "FOCUS_AREA"
    ROUTES = "ROUTES"
    CLAIMS = "CLAIMS"
    CLAIM_WINDOW_DAYS = "CLAIM_WINDOW_DAYS"
    COMPARE_DATE = "COMPARE_DATE"
    CHART = "CHART"
    ATLAS_MODE = "ATLAS_MODE"
    FRAME_MS = "FRAME_MS"
    OUTPUT = "OUTPUT"
    FILES = "FILES"
    PAGES = "PAGES"
    MAP_SCALE = "MAP_SCALE"
    MAP_EXTENT = "MAP_EXTENT"

    def flags(self):
        # Layouts and rendering are not thread-safe over shared layers: the export
        # runs on a private copy of the project made in prepareAlgorithm (main thread).
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        text = QgsProcessingParameterString
        self.addParameter(QgsProcessingParameterFile(
            self.PROJECT, tr("Project file (empty: the current project)"),
            fileFilter=tr("QGIS projects (*.qgz *.qgs)"), optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.DATE, tr("Situation date"), QgsProcessingParameterDateTime.Date, optional=True))
        self.addParameter(text(
            self.DATES, tr("Dates for an atlas or animation (e.g. 2025-11-01..2025-11-20)"),
            optional=True))
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Map extent"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREA, tr("Frame the map on this area (or its selected features)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(text(self.TITLE, tr("Title"), defaultValue=tr("Situation map")))
        self.addParameter(text(self.SUBTITLE, tr("Subtitle"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.TEMPLATE, tr("Template"), options=shipped_template_styles(), defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.TEMPLATE_FILE, tr("Own layout template (.qpt), instead of the template above"),
            extension="qpt", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.PAGE, tr("Page"), options=[tr(p) for p in PAGE_NAMES], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.FORMAT, tr("Format (empty: from the output file name)"), options=list(PRODUCT_FORMATS),
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.DPI, tr("Resolution (dots per inch)"), QgsProcessingParameterNumber.Integer,
            defaultValue=EXPORT_DPI.value(), minValue=30, maxValue=1200))
        self.addParameter(text(self.HANDLING, tr("Handling / classification line"), optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.CONTROL, tr("Control layer for the figures (default: the first visible one)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.AREAS, tr("Figures: areas of interest"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_NAME_FIELD, tr("Figures: area name field"), parentLayerParameterName=self.AREAS,
            optional=True))
        self.addParameter(QgsProcessingParameterPoint(
            self.REAR, tr("Figures: rear point for the corridor width"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.RADIUS_M, tr("Figures: radius of enclosed degrees (metres)"),
            QgsProcessingParameterNumber.Double, defaultValue=5000.0, minValue=1.0))
        self.addParameter(text(self.FOCUS_AREA, tr("Focus area (its name in the area name field)"),
                               optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.ROUTES, tr("Routes to draw (roads, railways)"), [QgsProcessing.TypeVectorLine],
            optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.CLAIMS, tr("Published claims (date, area, claimed_pct, who)"),
            [QgsProcessing.TypeVector], optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.COMPARE_DATE, tr("Compare with this earlier date (two maps side by side)"),
            QgsProcessingParameterDateTime.Date, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.CLAIM_WINDOW_DAYS, tr("Claims: days before the situation date"),
            QgsProcessingParameterNumber.Integer, defaultValue=14, minValue=0))
        self.addBasemapParameters()
        self.addParameter(QgsProcessingParameterEnum(
            self.CHART, tr("Chart with the map"), options=[tr(o) for o in CHART_OPTIONS], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.ATLAS_MODE, tr("Several dates"), options=[tr(m) for m in ATLAS_MODES], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.FRAME_MS, tr("Animation: time per frame (milliseconds)"),
            QgsProcessingParameterNumber.Integer, defaultValue=800, minValue=20, maxValue=60000))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Map product"),
            fileFilter="PDF (*.pdf);;PNG (*.png);;SVG (*.svg);;GIF (*.gif);;MP4 (*.mp4);;KMZ (*.kmz)"))
        self.addOutput(QgsProcessingOutputString(self.FILES, tr("Files written (';'-separated)")))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, tr("Pages or frames written")))
        self.addOutput(QgsProcessingOutputString(self.DATES, tr("Dates exported")))
        self.addOutput(QgsProcessingOutputNumber(self.MAP_SCALE, tr("Map scale (the denominator)")))
        self.addOutput(QgsProcessingOutputString(
            self.MAP_EXTENT, tr("Map extent, EPSG:4326 degrees (xmin,ymin,xmax,ymax)")))

    # -- main thread: a private copy of the project and its layers ---------------------
    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        project_path = self.parameterAsFile(parameters, self.PROJECT, context)
        self.layers = {}
        for name in (self.AREAS, self.ROUTES, self.CLAIMS):
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is not None:
                self.layers[name] = layer
        if parameters.get(self.CONTROL) not in (None, ""):
            self.layers[self.CONTROL] = self.parameterAsControlLayer(parameters, self.CONTROL, context)
        self.subject = None  # read in the run's thread (AREA's features: see _export)
        self.focus = self.focus_subject = None
        self.plan = None
        try:
            if project_path:
                self.project = read_project(project_path)
                self.clones = {layer.id(): layer for layer in self.project.mapLayers().values()}
            elif context.project() is None or not context.project().layerTreeRoot().checkedLayers():
                self.project, self.clones = self._standalone_project(parameters, context)
            else:
                # only the plan of the copy here (cheap, the GUI waits for it): the run
                # builds the copy in its own thread, where it lives (export/snapshot.py)
                self.project, self.clones = None, {}
                self.plan = plan_snapshot(context.project(), self.layers.values())
                return True
        except ValueError as error:
            raise QgsProcessingException(str(error)) from error
        self._own_layers()
        hand_over(self.project)  # the run fills it: it must be the run's (export/snapshot.py)
        return True

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        self._release_project()
        return {}

    # -- the export ------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        taken = take_over(self.project)
        try:
            self._build_planned_project()
            results = self._export(parameters, context, feedback)
            if taken:
                give_back(self.project)
            self._release_if_made_here()
            return results
        except Exception:
            if taken:
                give_back(self.project)
            self._release_after_failure()
            raise

    def _export(self, parameters, context, feedback):
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        file_format = self._format(parameters, context, output)
        days = self._days(parameters, context)
        self.subject = self._area_subject(parameters, context)
        if file_format == KMZ_FORMAT:  # the situation for Google Earth's time slider
            return self._write_kmz(output, days, parameters, context)
        inputs = self._figure_inputs(parameters, context)
        spec = ProductSpec(
            output_path=output, days=days, file_format=file_format,
            template_path=self._template(parameters, context),
            page_size_mm=PAGE_SIZES_MM[PAGE_NAMES[self.parameterAsEnum(parameters, self.PAGE, context)]],
            title=self.parameterAsString(parameters, self.TITLE, context),
            subtitle=self.parameterAsString(parameters, self.SUBTITLE, context),
            handling=self.parameterAsString(parameters, self.HANDLING, context),
            dpi=self.parameterAsInt(parameters, self.DPI, context),
            one_pdf=self.parameterAsEnum(parameters, self.ATLAS_MODE, context) == 0,
            frame_ms=self.parameterAsInt(parameters, self.FRAME_MS, context),
            extent_wgs84=self._extent(parameters, context), figures=inputs,
            overview_layers=world_map_layers())
        for layer in spec.overview_layers:
            own_layer(self.project, layer)  # owned (and deleted) by the product's project
        spec.compare_day = inputs.compare_day
        spec.basemap_url, spec.basemap_attribution = self.basemap(parameters, context)
        if self.subject is None and parameters.get(self.EXTENT) not in (None, ""):
            spec.margin_share = 0.0  # an extent given is shown as a whole, no more
        feedback.pushInfo(tr("Exporting {} date(s) as {}: {}").format(
            len(days), file_format.upper(), ", ".join(d.isoformat() for d in days)))
        self._hint_unshown_events(self._control_layer(), feedback)
        try:
            figures = product_figures(self.project, spec, context, feedback)
            figures.chart = product_chart(
                self.parameterAsEnum(parameters, self.CHART, context), inputs, days, file_format,
                self.parameterAsString(parameters, self.FOCUS_AREA, context), context, feedback,
                figures.unavailable)
            set_pdf_metadata(self.project, spec.title, days, spec.subtitle)
            throats = [layer for kind, layer in figures.map_layers if kind == "throat"]
            for _kind, layer in figures.map_layers:
                # from the run's temporary store to the product's project, which deletes it
                context.temporaryLayerStore().takeMapLayer(layer)
            add_computed_layers(self.project, figures.map_layers)
            if self.focus is not None and spec.extent_wgs84 is self.focus_subject:
                spec.extent_wgs84 = self._with_throat(spec.extent_wgs84, throats)
            product = MapProduct(self.project, spec, context, feedback, figures=figures)
            layers = visible_layers(self.project) + list(self.layers.values())

            def receipt(layout, files):
                # what the product shows, gathered once: its claims; the layout's main map
                claims = [line.text() for page in product.content.pages.values() for line in page.claims]
                write_receipt(output, layout, self.with_basemap_attribution(parameters, spec.basemap_attribution),
                              figures, days, claims=claims, files=files,
                              layers=layers + product.content.basemap_layers(), project=self.project,
                              title=spec.title)

            files = product.run(receipt)
        except (AtomicWriteError, TemplateError) as error:  # ExportError included
            raise QgsProcessingException(str(error)) from error
        feedback.setProgress(100)
        frame = product.content.frame
        box = frame.extent_wgs84()
        return {self.OUTPUT: files[0] if files else output, self.FILES: ";".join(files),
                self.PAGES: len(days), self.DATES: ",".join(d.isoformat() for d in days),
                self.MAP_SCALE: frame.scale,
                self.MAP_EXTENT: ",".join(f"{v:.6f}" for v in (box.xMinimum(), box.yMinimum(),
                                                               box.xMaximum(), box.yMaximum()))}

    def _write_kmz(self, output, days, parameters, context):
        control, title = self._control_layer(), self.parameterAsString(parameters, self.TITLE, context)
        if control is None:
            raise QgsProcessingException(tr("A KMZ needs a control layer: give CONTROL or show one."))
        layers = visible_layers(self.project)
        self._focus(parameters, context)  # the receipt's extent: the focus area's, when given
        try:
            write_kmz(output, control, days, title=title, **layers_by_role(layers))
            write_receipt(output, None, parameters, days=days, layers=[control] + layers, files=[output],
                          project=self.project, extent_wgs84=self._extent(parameters, context), title=title)
        except AtomicWriteError as error:
            raise QgsProcessingException(str(error)) from error
        return {self.OUTPUT: output, self.FILES: output, self.PAGES: len(days),
                self.DATES: ",".join(d.isoformat() for d in days)}

    def _format(self, parameters, context, output):
        extension = os.path.splitext(output)[1].lower().lstrip(".")
        if parameters.get(self.FORMAT) in (None, ""):
            return extension if extension in PRODUCT_FORMATS else "pdf"
        chosen = PRODUCT_FORMATS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        if extension != chosen:
            raise QgsProcessingException(tr(
                "FORMAT is {} but the output '{}' ends in '.{}': name the file *.{}.").format(
                    chosen, output, extension, chosen))
        return chosen

    def _template(self, parameters, context):
        own = self.parameterAsFile(parameters, self.TEMPLATE_FILE, context)
        if own:
            if not os.path.isfile(own):
                raise QgsProcessingException(tr("The template file '{}' does not exist.").format(own))
            return own
        styles = shipped_template_styles()
        style = styles[self.parameterAsEnum(parameters, self.TEMPLATE, context)]
        page = PAGE_NAMES[self.parameterAsEnum(parameters, self.PAGE, context)]
        try:
            return shipped_template_path(style, page)
        except TemplateError as error:
            raise QgsProcessingException(str(error)) from error

    def _control_layer(self):
        if self.CONTROL in self.layers:
            layer = self.layers[self.CONTROL]
            if not is_control_layer(layer):
                raise QgsProcessingException(tr(
                    "CONTROL: layer '{}' is not a control layer (it needs valid_from, valid_to, "
                    "status and source fields).").format(layer.name()))
            return layer
        # the same choice as the panel's preview and layout designer
        return figures_control_layer(self.project)

    def _days(self, parameters, context):
        day = self.parameterAsDay(parameters, self.DATE, context)
        text = self.parameterAsString(parameters, self.DATES, context).strip()
        control = self._control_layer()
        available = self._snapshot_days()
        if text:
            try:
                days = select_days(text, available)
            except DateSelectionError as error:
                raise QgsProcessingException(tr("DATES: {}").format(error)) from error
            if not days:
                raise QgsProcessingException(tr("DATES '{}' selects no snapshot date{}.").format(
                    text, tr(" of '{}'").format(control.name()) if control else ""))
            return days
        if day is not None:
            return [day]
        if available:
            return [available[-1]]
        raise QgsProcessingException(tr("Give DATE or DATES: there is no control layer to take "
                                        "the latest snapshot date from."))

    def _snapshot_days(self):
        """Snapshot dates of CONTROL, else of every visible control layer."""
        if self.CONTROL in self.layers:
            layers = [self._control_layer()]
        else:
            root = self.project.layerTreeRoot()
            layers = [layer for layer in root.checkedLayers() if is_control_layer(layer)]
        return sorted({day for layer in layers for day in snapshot_days(read_records(layer))})

    def _figure_inputs(self, parameters, context):
        rear = None
        if parameters.get(self.REAR) not in (None, ""):
            rear = self.parameterAsPoint(parameters, self.REAR, context,
                                         QgsCoordinateReferenceSystem("EPSG:4326"))
        self._focus(parameters, context)
        return FigureInputs(
            control_layer=self._control_layer(),
            areas_layer=self.focus if self.focus is not None else self.layers.get(self.AREAS),
            area_name_field=self.parameterAsString(parameters, self.AREA_NAME_FIELD, context),
            rear_point=rear, radius_m=self.parameterAsDouble(parameters, self.RADIUS_M, context),
            claims_layer=self.layers.get(self.CLAIMS),
            claim_window_days=self.parameterAsInt(parameters, self.CLAIM_WINDOW_DAYS, context),
            map_layers=True, compare_day=self._compare_day(parameters, context))

    def _compare_day(self, parameters, context):
        """COMPARE_DATE, checked: earlier than every day exported."""
        day = self.parameterAsDay(parameters, self.COMPARE_DATE, context)
        if day is None:
            return None
        days = self._days(parameters, context)
        if day >= min(days):
            raise QgsProcessingException(tr(
                "COMPARE_DATE {} must be earlier than the date(s) exported ({}).").format(
                    day.isoformat(), min(days).isoformat()))
        return day
