"""Loading and unloading the plugin leaves QGIS exactly as it was."""

import gc

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtWidgets import QDockWidget, QToolBar

from support import flush_deletes


def _receivers(iface):
    project = QgsProject.instance()
    canvas = iface.mapCanvas()
    signals = (project.readProject, project.writeProject, project.cleared,
               project.layersAdded, project.layersWillBeRemoved,
               canvas.extentsChanged, canvas.mapToolSet, canvas.temporalRangeChanged)
    return [obj.receivers(sig) for obj, sig in
            [(project, s) for s in signals[:5]] + [(canvas, s) for s in signals[5:]]]


def _live(window, cls, name):
    return [w for w in window.findChildren(cls, name)]


def test_load_unload_twenty_times(fake_iface, no_provider):
    from situation_mapper import classFactory
    from situation_mapper.plugin import TOOLBAR_OBJECT_NAME
    from situation_mapper.algorithms.provider import PROVIDER_ID
    from situation_mapper.ui.main_dock import DOCK_OBJECT_NAME

    window = fake_iface.mainWindow()
    registry = QgsApplication.processingRegistry()
    assert registry.providerById(PROVIDER_ID) is None
    # panels left by earlier tests go now, not in the middle of the count
    gc.collect()
    flush_deletes()
    before_receivers = _receivers(fake_iface)
    before_menu_actions = len(window.menuBar().actions())

    for _ in range(20):
        plugin = classFactory(fake_iface)
        plugin.initProcessing()
        plugin.initGui()
        assert registry.providerById(PROVIDER_ID) is not None
        assert registry.algorithmById("situationmapper:geodesicarc") is not None
        assert len(_live(window, QDockWidget, DOCK_OBJECT_NAME)) == 1
        assert len(_live(window, QToolBar, TOOLBAR_OBJECT_NAME)) == 1
        assert len(window.menuBar().actions()) == before_menu_actions + 1
        assert plugin.toolbar.actions() and plugin.menu.actions()
        plugin.unload()
        flush_deletes()

        assert registry.providerById(PROVIDER_ID) is None
        assert _live(window, QDockWidget, DOCK_OBJECT_NAME) == []
        assert _live(window, QToolBar, TOOLBAR_OBJECT_NAME) == []
        assert len(window.menuBar().actions()) == before_menu_actions
        assert plugin.actions == []
        assert _receivers(fake_iface) == before_receivers


def test_headless_entry_registers_only_the_provider(no_provider):
    from situation_mapper import classFactory
    from situation_mapper.algorithms.provider import PROVIDER_ID

    plugin = classFactory(None)
    plugin.initProcessing()
    registry = QgsApplication.processingRegistry()
    try:
        provider = registry.providerById(PROVIDER_ID)
        assert provider is not None
        assert {a.id() for a in provider.algorithms()} >= {"situationmapper:geodesicarc"}
        for algorithm in provider.algorithms():
            assert algorithm.shortHelpString().strip(), algorithm.id()
    finally:
        plugin.unload()
    assert registry.providerById(PROVIDER_ID) is None
