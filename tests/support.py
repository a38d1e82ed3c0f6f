"""Helpers shared by the tests (importable because conftest puts tests/ on sys.path)."""


class FakeIface:
    """The part of QgisInterface the plugin uses, backed by a real QMainWindow,
    so that menus, toolbars and docks really are added and removed."""

    def __init__(self, canvas):
        from qgis.gui import QgsMessageBar
        from qgis.PyQt.QtWidgets import QMainWindow

        self._window = QMainWindow()
        self._window.setObjectName("QgisApp")
        self._help_menu = self._window.menuBar().addMenu("&Help")
        self._canvas = canvas
        self._bar = QgsMessageBar(self._window)

    def mainWindow(self):  # noqa: N802
        return self._window

    def mapCanvas(self):  # noqa: N802
        return self._canvas

    def messageBar(self):  # noqa: N802
        return self._bar

    def firstRightStandardMenu(self):  # noqa: N802
        return self._help_menu

    def addToolBar(self, toolbar):  # noqa: N802
        self._window.addToolBar(toolbar)
        return toolbar

    def addDockWidget(self, area, dock):  # noqa: N802
        self._window.addDockWidget(area, dock)

    def removeDockWidget(self, dock):  # noqa: N802
        self._window.removeDockWidget(dock)


def flush_deletes():
    """Run pending deleteLater() calls."""
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QCoreApplication.processEvents()
