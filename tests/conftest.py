"""Test set-up: the plugin is imported as the package ``situation_mapper`` through
a symlink under build/plugins, exactly as QGIS imports it from a profile."""

import sys
from pathlib import Path

import pytest

PLUGIN_ROOT = Path(__file__).resolve().parents[1]
PLUGIN_PARENT = PLUGIN_ROOT / "build" / "plugins"
SHARED_DATA = PLUGIN_ROOT.parent / "shared" / "data"
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"
_PROVIDERS = []


def _link_plugin():
    PLUGIN_PARENT.mkdir(parents=True, exist_ok=True)
    link = PLUGIN_PARENT / "situation_mapper"
    if not link.exists():
        link.symlink_to(PLUGIN_ROOT, target_is_directory=True)
    for path in (str(PLUGIN_PARENT), QGIS_PYTHON_PLUGINS, str(Path(__file__).parent)):
        if path not in sys.path:
            sys.path.insert(0, path)


_link_plugin()


def shared_data_path(*parts) -> Path:
    """A path under ../shared/data; skips the test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available here: {path} (it is in CI)")
    return path


@pytest.fixture()
def provider(qgis_processing):
    """The Situation Mapper provider, registered when a test needs it."""
    from qgis.core import QgsApplication

    from situation_mapper.algorithms.provider import PROVIDER_ID, SituationMapperProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById(PROVIDER_ID) is None:
        # Python must hold the provider, or its algorithms vanish with the wrapper
        _PROVIDERS.append(SituationMapperProvider())
        registry.addProvider(_PROVIDERS[-1])
    return registry.providerById(PROVIDER_ID)


@pytest.fixture()
def no_provider(qgis_processing):
    """No Situation Mapper provider registered, as before the plugin loads."""
    from qgis.core import QgsApplication

    from situation_mapper.algorithms.provider import PROVIDER_ID

    registry = QgsApplication.processingRegistry()
    if registry.providerById(PROVIDER_ID) is not None:
        registry.removeProvider(PROVIDER_ID)


@pytest.fixture()
def fake_iface(qgis_canvas):
    from support import FakeIface

    iface = FakeIface(qgis_canvas)
    yield iface
    iface.mainWindow().deleteLater()


@pytest.fixture(autouse=True)
def fresh_project_and_canvas_date(qgis_canvas):
    """Every test starts with an empty project (no layers, no situation state) and
    the session's shared canvas showing no date, so that what one test left behind
    does not steer the next test's panels."""
    from qgis.core import QgsDateTimeRange, QgsProject
    from qgis.PyQt.QtCore import QDateTime

    # a render still running in the background reads the project being cleared (a crash):
    # no preview jobs (neighbouring tiles rendered in background threads), the current
    # render finished, then nothing more until the project is empty.
    # The tests check state, not pixels: the session's canvas draws nothing at all
    # (its render threads raced background exports and project clears)
    qgis_canvas.setPreviewJobsEnabled(False)
    qgis_canvas.setRenderFlag(False)
    qgis_canvas.waitWhileRendering()
    qgis_canvas.stopRendering()
    QgsProject.instance().clear()
    qgis_canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))
    yield


_EXIT_STATUS = {"status": None}


def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS["status"] = int(exitstatus)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config):
    """End the test process once pytest has reported, with pytest's exit status.
    Left to the interpreter's own exit, the QGIS and Qt objects of the session
    (QgsApplication, widgets, threads) are destroyed in no defined order, which
    crashed the process after every test had passed; QGIS Desktop ends Python
    before its application instead, so this order belongs to the test process
    only."""
    status = _EXIT_STATUS["status"]
    if status is None or config.pluginmanager.hasplugin("xdist") and hasattr(config, "workerinput"):
        return
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
