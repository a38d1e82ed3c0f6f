"""The command line says ERROR only when something is wrong: a folder given as
INPUT is read as a folder, never opened as a layer."""

import subprocess  # nosec B404 - runs QGIS's own command-line tool
from pathlib import Path

import pytest
from osgeo import ogr

from conftest import shared_data_path
from test_qgis_process import QGIS_PROCESS, qgis_process_env  # noqa: F401 (fixture)


def run(env, *args):
    return subprocess.run([QGIS_PROCESS, "run", "situationmapper:importsnapshots", "--", *args],  # nosec B603
                          env=env, capture_output=True, text=True, timeout=300)


def control_rows(store: Path) -> int:
    dataset = ogr.Open(str(store))
    return dataset.GetLayerByName("control").GetFeatureCount()


@pytest.fixture()
def three_days(tmp_path):
    files = sorted(shared_data_path("deepstate").glob("deepstatemap_data_*.geojson"))[:3]
    folder = tmp_path / "days"
    folder.mkdir()
    for file in files:
        (folder / file.name).symlink_to(file)
    return folder


def test_a_folder_as_input_imports_without_any_error_line(qgis_process_env, three_days, tmp_path):  # noqa: F811
    store = tmp_path / "s.gpkg"
    done = run(qgis_process_env, f"INPUT={three_days}", "SOURCE=A", f"OUTPUT={store}")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "ERROR" not in done.stdout + done.stderr
    assert "HDF5" not in done.stderr
    assert "Imported 3 row(s)" in done.stdout
    assert control_rows(store) == 3


def test_files_as_input_import_without_any_error_line(qgis_process_env, three_days, tmp_path):  # noqa: F811
    store = tmp_path / "s.gpkg"
    files = sorted(three_days.iterdir())
    done = run(qgis_process_env, *(f"INPUT={file}" for file in files[:2]), "SOURCE=A", f"OUTPUT={store}")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "ERROR" not in done.stdout + done.stderr
    assert control_rows(store) == 2


def test_a_real_problem_still_reads_as_an_error(qgis_process_env, three_days, tmp_path):  # noqa: F811
    broken = three_days / "deepstatemap_data_20990101.geojson"
    broken.write_text("{ not json", encoding="utf-8")
    store = tmp_path / "s.gpkg"
    done = run(qgis_process_env, f"INPUT={three_days}", "SOURCE=A", f"OUTPUT={store}")
    assert done.returncode != 0
    assert "deepstatemap_data_20990101.geojson" in done.stdout + done.stderr
    assert not store.exists()


def test_input_is_still_a_layers_parameter_for_dialogs_and_models(provider):
    from qgis.core import QgsApplication, QgsProcessing, QgsProcessingContext

    algorithm = QgsApplication.processingRegistry().algorithmById("situationmapper:importsnapshots")
    definition = algorithm.parameterDefinition("INPUT")
    assert definition.type() == "multilayer"
    copy = definition.clone()
    assert copy.type() == "multilayer" and copy.name() == "INPUT"
    assert copy.layerType() == QgsProcessing.TypeVector
    assert copy.flags() == definition.flags()
    context = QgsProcessingContext()
    assert definition.checkValueIsAcceptable(str(Path(__file__).parent), context)  # a folder, not opened
    assert not definition.checkValueIsAcceptable("/no/such/place.geojson", context)
