"""The plugin's main dock: one tab per panel (situation, analysis, drawing, export)."""

from qgis.core import QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtWidgets import QWidget

from ..infra.i18n import tr
from ..icons import icon
from .analysis_panel import AnalysisPanel
from .draw_panel import DrawPanel
from .export_panel import ExportPanel
from .situation_clock import SituationClock
from .situation_context import SituationContext
from .situation_panel import SituationPanel
from .form_loader import load_ui

DOCK_OBJECT_NAME = "SituationMapperDock"


class StartPanel(QWidget, load_ui("start_panel")):
    """Introduction and shortcuts to the algorithms."""

    def __init__(self, open_algorithm, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.geodesicArcButton.setIcon(icon("geodesic_arc"))
        self.geodesicArcButton.clicked.connect(
            lambda: open_algorithm("situationmapper:geodesicarc"))
        self.toolboxButton.clicked.connect(lambda: open_algorithm(None))


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
        self.draw_panel = DrawPanel(iface, self, clock=self.clock, context=self.context)
        self.add_panel(self.draw_panel, tr("Draw"),
                       tr("Draw: encirclement arcs and corridors"))
        self.export_panel = ExportPanel(iface, self, clock=self.clock, context=self.context)
        self.add_panel(self.export_panel, tr("Export"),
                       tr("Export: dated map products"))

    def add_panel(self, widget: QWidget, title: str, tooltip: str = "") -> int:
        """Add ``widget`` as a tab; return its index. Every tab stays in view in a
        400 px dock: text-only titles (the icons, mostly the same, took a third of
        each tab), no scroll arrows, titles elided if need be, in full in the tooltip."""
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
