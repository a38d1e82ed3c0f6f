"""Real QGIS Desktop under Xvfb with the plugin enabled in a temporary profile."""

import json
import os
import shutil
import subprocess  # nosec B404 - starts QGIS Desktop and Xvfb
from pathlib import Path

import pytest

PLUGIN_ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = PLUGIN_ROOT / "build" / "desktop_smoke.png"


@pytest.mark.desktop
def test_qgis_desktop_loads_the_plugin(tmp_path):
    if not shutil.which("qgis") or not shutil.which("xvfb-run"):
        pytest.skip("QGIS Desktop or xvfb-run is not installed")
    profiles = tmp_path / "profiles"
    profile = profiles / "profiles" / "default"  # QGIS adds "profiles/"
    plugin_dir = profile / "python" / "plugins"
    plugin_dir.mkdir(parents=True)
    (plugin_dir / "situation_mapper").symlink_to(PLUGIN_ROOT, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nsituation_mapper=true\n\n"
        "[qgis]\ncheckVersion=false\nshowTips322=false\nshowTips=false\n"
        "[UI]\nUI\\hidePluginsHints=true\n", encoding="utf-8")
    out = tmp_path / "probe.json"
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(SM_PROBE_OUT=str(out), SM_PROBE_SHOT=str(SCREENSHOT))
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis",
               "--profiles-path", str(profiles), "--nologo", "--noversioncheck",
               "--code", str(PLUGIN_ROOT / "tests" / "desktop_probe.py")]
    done = subprocess.run(command, env=env, capture_output=True, text=True,  # nosec B603
                          timeout=240)
    assert out.exists(), f"QGIS exited {done.returncode} without a probe result:\n{done.stderr[-3000:]}"
    found = json.loads(out.read_text(encoding="utf-8"))
    assert found["active"] and found["loaded"], found
    assert found["dock"], found
    assert found["toolbar"] and found["toolbar_actions"], found
    assert "Situation Mapper" in found["menus"], found
    assert "situationmapper:geodesicarc" in found["algorithms"], found
    assert SCREENSHOT.stat().st_size > 10000
