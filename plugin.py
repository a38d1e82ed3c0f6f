"""The plugin object QGIS loads: menu, toolbar, dock and Processing provider.

``unload()`` mirrors ``initGui()``: actions are kept in a list so that removing
them is a loop, the dock's panels disconnect their own signals (``dock.unload``),
and loading and unloading any number of times leaves QGIS as it was.
"""

import os

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator
from qgis.PyQt.QtWidgets import QAction, QDockWidget, QMenu, QToolBar

from .infra.i18n import tr
from .infra.log import log
from .icons import icon
from .algorithms.provider import SituationMapperProvider

PLUGIN_DIR = os.path.dirname(__file__)
MENU_OBJECT_NAME = "SituationMapperMenu"
TOOLBAR_OBJECT_NAME = "SituationMapperToolbar"


class SituationMapperPlugin:
    """Situation Mapper's entry point; ``iface`` is None under qgis_process."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.menu = None
        self.toolbar = None
        self.dock = None
        self.actions = []

    # -- Processing (headless too) -------------------------------------------
    def initProcessing(self):  # noqa: N802 - name fixed by QGIS
        """Register the Processing provider (called by QGIS and by initGui)."""
        if self.provider is None:
            self.provider = SituationMapperProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    # -- GUI -----------------------------------------------------------------
    def initGui(self):  # noqa: N802 - name fixed by QGIS
        """Create the menu, toolbar and dock; register the provider."""
        from .ui.main_dock import SituationDock  # widgets only when there is a GUI

        self._install_translator()
        self.initProcessing()
        main_window = self.iface.mainWindow()

        self.menu = QMenu(tr("Situation &Mapper"), main_window)
        self.menu.setObjectName(MENU_OBJECT_NAME)
        main_window.menuBar().insertMenu(
            self.iface.firstRightStandardMenu().menuAction(), self.menu)

        self.toolbar = QToolBar(tr("Situation Mapper"), main_window)
        self.toolbar.setObjectName(TOOLBAR_OBJECT_NAME)
        self.iface.addToolBar(self.toolbar)

        self.dock = SituationDock(self.iface, self.open_algorithm, main_window)
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)

        toggle = self.dock.toggleViewAction()
        toggle.setIcon(icon("dock"))
        toggle.setText(tr("Situation Mapper Panel"))
        toggle.setToolTip(tr("Show or hide the Situation Mapper panel"))
        self._add_action(toggle, owned=False)
        self._add_action(self._new_action(
            "geodesic_arc", tr("Geodesic Arc…"),
            tr("Draw an arc at an exact geodesic distance around a point"),
            lambda: self.open_algorithm("situationmapper:geodesicarc")))
        self._add_map_tool_actions()
        log.info("Situation Mapper loaded")

    def _add_map_tool_actions(self):
        """Checkable actions for the Draw panel's arc and corridor map tools."""
        draw = self.dock.draw_panel
        if draw.arc_tool is None:
            return
        for tool, icon_name, text, tip in (
                (draw.arc_tool, "arc_tool", tr("Encirclement Arc Tool"),
                 tr("Draw an encirclement arc: click the centre, the radius, the start and the end bearing")),
                (draw.corridor_tool, "corridor_tool", tr("Corridor Tool"),
                 tr("Draw a corridor: click the route (with snapping), right click to finish"))):
            action = self._new_action(icon_name, text, tip, lambda _checked=False, t=tool: draw.activate_tool(t))
            action.setCheckable(True)
            tool.setAction(action)
            self._add_action(action)

    def unload(self):
        """Remove everything initGui() and initProcessing() added, in reverse."""
        for action, owned in reversed(self.actions):
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            if self.menu is not None:
                self.menu.removeAction(action)
            if owned:
                action.deleteLater()
        self.actions = []
        if self.dock is not None:
            self.dock.unload()  # panels: map tools off the canvas, runs cancelled, signals off
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    # -- actions -------------------------------------------------------------
    def open_algorithm(self, algorithm_id):
        """Open an algorithm's dialog, or the Processing Toolbox when None."""
        if algorithm_id is None:
            toolbox = self.iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
            if toolbox is not None:
                toolbox.setUserVisible(True)
            return
        import processing  # QGIS's Processing plugin, present in QGIS Desktop

        dialog = processing.createAlgorithmDialog(algorithm_id)
        if dialog is not None:
            dialog.show()

    def _new_action(self, icon_name, text, tip, slot):
        action = QAction(icon(icon_name), text, self.iface.mainWindow())
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _add_action(self, action, owned=True):
        self.menu.addAction(action)
        self.toolbar.addAction(action)
        self.actions.append((action, owned))

    def _install_translator(self):
        locale = (QgsSettings().value("locale/userLocale", "") or "")[:2]
        path = os.path.join(PLUGIN_DIR, "i18n", f"situation_mapper_{locale}.qm")
        if locale and os.path.exists(path):
            self.translator = QTranslator()
            if self.translator.load(path):
                QCoreApplication.installTranslator(self.translator)
            else:
                self.translator = None
