"""Real QGIS Desktop under Xvfb with the plugin enabled in a temporary profile."""

import json
import os
import shutil
import subprocess  # nosec B404 - starts QGIS Desktop and Xvfb
import zipfile
from pathlib import Path

import pytest

PLUGIN_ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = PLUGIN_ROOT / "build" / "desktop_smoke.png"


def run_qgis_with_plugin(tmp_path, install, screenshot):
    """Start QGIS Desktop under Xvfb with the plugin placed by ``install(plugin_dir)``
    in a temporary profile; return what tests/desktop_probe.py found."""
    if not shutil.which("qgis") or not shutil.which("xvfb-run"):
        pytest.skip("QGIS Desktop or xvfb-run is not installed")
    profiles = tmp_path / "profiles"
    profile = profiles / "profiles" / "default"  # QGIS adds "profiles/"
    plugin_dir = profile / "python" / "plugins"
    plugin_dir.mkdir(parents=True)
    install(plugin_dir)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nsituation_mapper=true\n\n"
        "[qgis]\ncheckVersion=false\nshowTips322=false\nshowTips=false\n"
        "[UI]\nUI\\hidePluginsHints=true\n", encoding="utf-8")
    out = tmp_path / "probe.json"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(SM_PROBE_OUT=str(out), SM_PROBE_SHOT=str(screenshot))
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis",
               "--profiles-path", str(profiles), "--nologo", "--noversioncheck",
               "--code", str(PLUGIN_ROOT / "tests" / "desktop_probe.py")]
    done = subprocess.run(command, env=env, capture_output=True, text=True,  # nosec B603
                          timeout=240)
    assert out.exists(), f"QGIS exited {done.returncode} without a probe result:\n{done.stderr[-3000:]}"
    found = json.loads(out.read_text(encoding="utf-8"))
    found["exit_code"] = done.returncode
    return found


def check_plugin_found(found):
    assert found["active"] and found["loaded"], found
    assert found["dock"], found
    assert found["dock_tabs"] == ["Start", "Situation", "Analysis", "Events", "Draw", "Export"], found
    assert found["toolbar"] and found["toolbar_actions"], found
    assert "Situation Mapper" in found["menus"], found
    assert {"situationmapper:geodesicarc", "situationmapper:importsnapshots",
            "situationmapper:occupiedshare", "situationmapper:exportmap"} <= set(found["algorithms"]), found
    assert found["exit_code"] == 0, found


@pytest.mark.desktop
def test_qgis_desktop_loads_the_plugin(tmp_path):
    def link(plugin_dir):
        (plugin_dir / "situation_mapper").symlink_to(PLUGIN_ROOT, target_is_directory=True)

    found = run_qgis_with_plugin(tmp_path, link, SCREENSHOT)
    check_plugin_found(found)
    assert SCREENSHOT.stat().st_size > 10000


@pytest.mark.desktop
def test_packaged_zip_installs_and_loads(tmp_path):
    """`make package` gives a zip that, unpacked into a profile as Plugins > Install
    from ZIP does, loads in QGIS Desktop; it carries no tests or benchmarks."""
    if not shutil.which("git") or not (PLUGIN_ROOT / ".git").exists():
        pytest.skip("make package needs a git checkout")
    done = subprocess.run(["make", "-s", "package"], cwd=PLUGIN_ROOT, capture_output=True,  # nosec B603 B607
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    version = next(line.split("=", 1)[1].strip() for line in
                   (PLUGIN_ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines()
                   if line.startswith("version="))
    package = PLUGIN_ROOT / "dist" / f"situation_mapper-{version}.zip"
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        assert all(n.startswith("situation_mapper/") for n in names)
        assert "situation_mapper/metadata.txt" in names and "situation_mapper/resources.py" in names
        assert not [n for n in names if n.startswith(("situation_mapper/tests/", "situation_mapper/bench/"))]
        assert package.stat().st_size < 25 * 1024 * 1024

        def unpack(plugin_dir):
            archive.extractall(plugin_dir)  # nosec B202 - our own package

        found = run_qgis_with_plugin(tmp_path, unpack, PLUGIN_ROOT / "build" / "desktop_package.png")
    check_plugin_found(found)
