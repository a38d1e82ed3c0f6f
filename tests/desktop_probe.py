"""Run inside QGIS Desktop (``qgis --code``): record what the plugin added, take a
screenshot, quit. Writes JSON to $SM_PROBE_OUT and a PNG to $SM_PROBE_SHOT."""

import json
import os

from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QToolBar
from qgis.utils import active_plugins, iface, plugins


def probe():
    window = iface.mainWindow()
    dock = window.findChild(QDockWidget, "SituationMapperDock")
    toolbar = window.findChild(QToolBar, "SituationMapperToolbar")
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("situationmapper")
    found = {
        "active": "situation_mapper" in active_plugins,
        "loaded": "situation_mapper" in plugins,
        "dock": dock is not None and dock.isVisible(),
        "dock_tabs": [dock.panels.tabText(i) for i in range(dock.panels.count())] if dock else [],
        "toolbar": toolbar is not None and toolbar.isVisible(),
        "toolbar_actions": [a.text() for a in toolbar.actions()] if toolbar else [],
        "menus": menus,
        "algorithms": sorted(a.id() for a in provider.algorithms()) if provider else [],
    }
    with open(os.environ["SM_PROBE_OUT"], "w", encoding="utf-8") as out:
        json.dump(found, out)
    window.grab().save(os.environ["SM_PROBE_SHOT"])
    QTimer.singleShot(500, QApplication.instance().quit)


QTimer.singleShot(int(os.environ.get("SM_PROBE_DELAY_MS", "4000")), probe)
