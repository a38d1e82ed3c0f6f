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


def deepstate_files(shared_data, first=None, last=None):
    """The real DeepStateMap snapshot files between two dates (inclusive), sorted."""
    from situation_mapper.core.snapshot_dates import date_from_file_name

    files = sorted((shared_data / "deepstate").glob("deepstatemap_data_*.geojson"))
    return [f for f in files
            if (first is None or date_from_file_name(f.name) >= first)
            and (last is None or date_from_file_name(f.name) <= last)]


def control_layer_from_files(files, status="occupied", source="DeepStateMap"):
    """A memory control layer (the store's schema) read straight from snapshot
    files with OGR, independently of the plugin's import algorithm."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    from situation_mapper.core.snapshot_dates import date_from_file_name
    from situation_mapper.core.validity import validity_intervals
    from situation_mapper.store.schema import control_fields

    fields = control_fields()
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "control", "memory")
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    by_day = {date_from_file_name(f.name): f for f in files}
    features = []
    for start, stop in validity_intervals(by_day):
        source_layer = QgsVectorLayer(str(by_day[start]), "snapshot", "ogr")
        parts = [f.geometry() for f in source_layer.getFeatures() if f.hasGeometry()]
        geometry = QgsGeometry.unaryUnion(parts) if len(parts) > 1 else parts[0]
        geometry.convertToMultiType()
        feature = QgsFeature(layer.fields())
        feature.setGeometry(geometry)
        feature["valid_from"] = start.isoformat()
        feature["valid_to"] = stop.isoformat() if stop else None
        feature["status"] = status
        feature["source"] = source
        feature["imported_from"] = by_day[start].name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def towns_layer(shared_data):
    """The real town and hromada polygons (OpenStreetMap)."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(shared_data / "cities" / "towns_donetsk_front.geojson"), "towns", "ogr")
    assert layer.isValid()
    return layer


def cancel_runs_on_first_progress(monkeypatch):
    """Make every AlgorithmRun cancel itself, in the worker thread, at its first
    progress report: what a Cancel click does, without racing a fast run to its end."""
    from qgis.PyQt.QtCore import Qt

    from situation_mapper.ui import algorithm_runner

    start = algorithm_runner.AlgorithmRun.start

    def start_then_cancel_on_first_progress(run):
        run.feedback.progressChanged.connect(lambda _value: run.feedback.cancel(), Qt.DirectConnection)
        return start(run)

    monkeypatch.setattr(algorithm_runner.AlgorithmRun, "start", start_then_cancel_on_first_progress)


def start_processing_in_worker():
    """QGIS, Processing and the plugin's provider in a worker process a test
    started (its own interpreter); returns (application, provider): keep both,
    the registry does not own a Python provider."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for path in (str(root / "build" / "plugins"), "/usr/share/qgis/python/plugins"):
        sys.path.insert(0, path)
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    from situation_mapper.algorithms.provider import SituationMapperProvider

    Processing.initialize()
    provider = SituationMapperProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider
