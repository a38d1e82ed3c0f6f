"""The plugin's main dock: one tab per panel (start, situation, analysis, drawing,
export), on the dock's side so that every title reads in full in a narrow dock."""

from qgis.core import QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtWidgets import QWidget

from ..infra.i18n import tr
from .analysis_panel import AnalysisPanel
from .draw_panel import DrawPanel
from .events_panel import EventsPanel
from .export_panel import ExportPanel
from .situation_clock import SituationClock
from .situation_context import SituationContext
from .situation_panel import SituationPanel
from .form_loader import load_ui
from .start_panel import StartPanel, StartStep

DOCK_OBJECT_NAME = "SituationMapperDock"


class SituationDock(QgsDockWidget):
    """Hosts the plugin's panels as tabs; panels are added with :meth:`add_panel`."""

    def __init__(self, iface, open_algorithm, parent=None):
        super().__init__(tr("Situation Mapper"), parent)
        self.setObjectName(DOCK_OBJECT_NAME)
        self.iface = iface
        self.body = QWidget(self)
        form = load_ui("main_dock")()
        form.setupUi(self.body)
        self.panels = form.panels
        self.setWidget(self.body)
        # the day the map shows, one for every tab
        self.clock = SituationClock(iface.mapCanvas() if iface is not None else None,
                                    QgsProject.instance(), self)
        # the store, areas, focus area, rear point and claims table, one for every tab
        self.context = SituationContext(QgsProject.instance(), self)
        self.start_panel = StartPanel(open_algorithm, self)
        self.add_panel(self.start_panel, tr("Start"),
                       tr("Start: introduction and shortcuts to the algorithms"))
        self.situation_panel = SituationPanel(iface, self, clock=self.clock, context=self.context)
        self.add_panel(self.situation_panel, tr("Situation"),
                       tr("Situation: store, import, sources and the date shown on the map"))
        self.analysis_panel = AnalysisPanel(iface, self, clock=self.clock, context=self.context)
        self.add_panel(self.analysis_panel, tr("Analysis"),
                       tr("Analysis: occupied share per area, date and source"))
        self.events_panel = EventsPanel(iface, self, clock=self.clock, context=self.context)
        self.add_panel(self.events_panel, tr("Events"),
                       tr("Events: reports with their source and verification, on the map and in a list"))
        self.draw_panel = DrawPanel(iface, self, clock=self.clock, context=self.context)
        self.add_panel(self.draw_panel, tr("Draw"),
                       tr("Draw: encirclement arcs and corridors"))
        self.export_panel = ExportPanel(iface, self, clock=self.clock, context=self.context)
        self.add_panel(self.export_panel, tr("Export"),
                       tr("Export: dated map products"))
        self.start_panel.set_steps(self._start_steps(), self.panels.setCurrentWidget)
        # the steps' states follow the context, the clock and the tab shown
        self.context.storeChanged.connect(self.start_panel.refresh)
        self.context.areasChanged.connect(self.start_panel.refresh)
        self.clock.dayChanged.connect(self.start_panel.refresh)
        self.panels.currentChanged.connect(self.start_panel.refresh)

    def _start_steps(self):
        situation, analysis, draw, export = (self.situation_panel, self.analysis_panel,
                                             self.draw_panel, self.export_panel)
        return [
            StartStep(tr("Create or open a store"),
                      tr("Situation tab: a GeoPackage file or a team store (PostGIS)."),
                      lambda: bool(self.context.store_location), situation),
            StartStep(tr("Import dated snapshots"),
                      tr("Situation tab: a folder of files with the date in their names; "
                         "then add the layers and pick a day."),
                      lambda: bool(situation.records) and self.clock.day() is not None, situation),
            StartStep(tr("Add areas"),
                      tr("Add a polygon layer of areas (towns, districts); "
                         "every tab uses it."),
                      lambda: self.context.areas_layer() is not None, analysis),
            StartStep(tr("Analyse"),
                      tr("Analysis tab: the occupied share of each area, per day and source."),
                      lambda: bool(analysis.rows), analysis),
            StartStep(tr("Draw"),
                      tr("Draw tab: encirclement arcs and corridors on the map."),
                      draw.has_drawings, draw),
            StartStep(tr("Export"),
                      tr("Export tab: a dated map (PDF, PNG, SVG, GIF or MP4)."),
                      lambda: bool(export.written_files), export),
        ]

    def add_panel(self, widget: QWidget, title: str, tooltip: str = "") -> int:
        """Add ``widget`` as a tab; return its index. The tabs run down the dock's
        side (their titles read in full however narrow the dock, and take ~2 em of
        its width): text-only titles, no scroll arrows, in full in the tooltip."""
        index = self.panels.addTab(widget, title)
        self.panels.setTabToolTip(index, tooltip or title)
        return index

    def unload(self):
        """Let every panel stop its work and disconnect from QGIS (plugin unload)."""
        for index in range(self.panels.count()):
            unload = getattr(self.panels.widget(index), "unload", None)
            if unload is not None:
                unload()
        self.clock.unload()
        self.context.unload()
