"""The one start-up every benchmark shares: the plugin linked where Python finds
it (build/plugins/situation_mapper), offscreen QGIS, Processing and the plugin's
provider registered. Not a benchmark itself (the Makefile runs bench_*.py)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def start_qgis():
    """Start QGIS for a benchmark; returns (application, provider): keep both."""
    plugin_parent = ROOT / "build" / "plugins"
    plugin_parent.mkdir(parents=True, exist_ok=True)
    link = plugin_parent / "situation_mapper"
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    for path in (str(ROOT / "tests"), str(plugin_parent), "/usr/share/qgis/python/plugins"):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PGSERVICEFILE", str(ROOT / "build" / "postgis" / "pg_service.conf"))
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from situation_mapper.algorithms.provider import SituationMapperProvider

    provider = SituationMapperProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def end(status: int):
    """Leave with ``status`` once everything is printed, without the
    interpreter's teardown: it destroys the session's QGIS and Qt objects in no
    defined order and crashed now and then after a benchmark had reported."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status or 0)
