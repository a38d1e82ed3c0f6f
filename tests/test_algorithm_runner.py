"""Panels run algorithms through AlgorithmRun: results, failures, cancel."""

from qgis.gui import QgsMessageBar


def test_background_run_returns_the_layer(provider, qgis_new_project):
    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    run = AlgorithmRun("situationmapper:geodesicarc",
                       {"CENTER": "37.18,48.28 [EPSG:4326]", "RADIUS_M": 2000,
                        "START_AZIMUTH": 0, "END_AZIMUTH": 180, "OUTPUT": "TEMPORARY_OUTPUT"})
    progress = []
    run.progress.connect(progress.append)
    assert run.start()
    assert run.wait()
    layer = run.take_layer(run.results["OUTPUT"])
    assert layer is not None and layer.featureCount() == 1
    assert progress and progress[-1] == 100


def test_failure_is_shown_in_the_message_bar(provider, qgis_new_project):
    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    bar = QgsMessageBar()
    run = AlgorithmRun("situationmapper:geodesicarc",
                       {"CENTER": "37,48 [EPSG:4326]", "RADIUS_M": 1000, "START_AZIMUTH": 10,
                        "END_AZIMUTH": 10, "OUTPUT": "TEMPORARY_OUTPUT"},
                       "Geodesic arc", bar)
    assert run.start()
    assert run.wait() is False
    assert bar.currentItem() is not None
    assert "arc would be empty" in bar.currentItem().text()


def test_unknown_algorithm_is_a_message(qgis_processing):
    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    bar = QgsMessageBar()
    run = AlgorithmRun("situationmapper:nosuch", {}, "x", bar)
    assert run.start() is False
    assert "not available" in bar.currentItem().text()


def test_a_file_output_is_owned_by_the_caller(provider, qgis_new_project, tmp_path):
    from qgis.core import QgsProject

    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    run = AlgorithmRun("situationmapper:geodesicarc",
                       {"CENTER": "37.18,48.28 [EPSG:4326]", "RADIUS_M": 2000, "START_AZIMUTH": 0,
                        "END_AZIMUTH": 90, "OUTPUT": str(tmp_path / "arc.gpkg")})
    assert run.start() and run.wait()
    layer = run.take_layer(run.results["OUTPUT"])
    assert layer is not None and layer.featureCount() == 1
    # not also held by the run's context: the project becomes its only owner
    assert run.context.temporaryLayerStore().mapLayer(layer.id()) is None
    QgsProject.instance().addMapLayer(layer)
    QgsProject.instance().removeAllMapLayers()
