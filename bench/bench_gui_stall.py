"""Benchmark: does the GUI freeze while the panels work? The plugin's dock in a
window with a map canvas (offscreen Qt), driven like a user: the Situation tab
imports the 769 real DeepStateMap snapshots into a new store (and adds its
layers to the map), then the Analysis tab measures occupiedshare of the real
towns on every date while the Export tab writes a map (PDF) of the latest day,
both at once.

A QTimer fires every 10 ms on the main thread and records the gaps between its
ticks; a watchdog thread samples the main thread's Python stack
(``sys._current_frames()``) whenever it has not ticked for more than 100 ms, so
every stall is reported with where the main thread was. The same timer with
nothing running (the dock shown, idle) is the baseline of the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui_stall.py [--days N]``
(``--days N``: only the first N snapshots, for a quick look; default all;
``--threads FILE``: at every stall, every thread's stack written to FILE by
Python's faulthandler, whose own C thread needs no interpreter lock - it shows
which thread held the lock while the main thread waited for it).

Prints, per phase and over the whole run: the worst gap (ms), the 99th
percentile, the number of gaps over 100 ms, and the ratio worst / baseline
worst; then every stall over 100 ms with the plugin's innermost frames.
Target: no gap over 100 ms.
"""

import argparse
import collections
import faulthandler
import os
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from qgis_session import end, start_qgis  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TICK_MS = 10
STALL_MS = 100
BASELINE_S = 3.0
SAMPLE_S = 0.02


class TickRecorder:
    """Gaps between the ticks of a 10 ms main-thread timer, tagged with the phase."""

    def __init__(self):
        from qgis.PyQt.QtCore import Qt, QTimer

        self.phase = "start"
        self.gaps = []  # (phase, gap start, gap in ms)
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

        self.dump = None  # an open file: every thread's stack written there at each stall

    def start(self):
        self.last = time.perf_counter()
        self.timer.start()

    def set_phase(self, phase):
        """Gaps from now on count for ``phase``; the gap running now too."""
        self.phase = phase

    def tick(self):
        now = time.perf_counter()
        self.gaps.append((self.phase, self.last, (now - self.last) * 1000.0))
        self.last = now
        if self.dump is not None:  # re-armed at each tick: fires only after a stall
            if (now - self.last_dump_mark) > 1.0 or self.gaps[-1][2] > STALL_MS:
                self.dump.write(f"\n--- tick at {now:.3f} ({self.phase}), gap {self.gaps[-1][2]:.1f} ms\n")
                self.dump.flush()
                self.last_dump_mark = now
            faulthandler.dump_traceback_later(STALL_MS / 1000.0, repeat=False, file=self.dump)


class Collections:
    """Garbage collections over :data:`LONG_GC_MS`, in whichever thread they ran:
    a collection holds the interpreter lock, so the main thread waits for it."""

    LONG_GC_MS = 20.0

    def __init__(self):
        import gc

        self._gc = gc
        self.long = []  # (thread name, generation, ms)
        self._started = {}

    def __call__(self, phase, info):
        now = time.perf_counter()
        thread = threading.current_thread().name
        if phase == "start":
            self._started[thread] = now
            return
        started = self._started.pop(thread, None)
        if started is not None and (now - started) * 1000.0 > self.LONG_GC_MS:
            self.long.append((thread, info.get("generation"), (now - started) * 1000.0))

    def start(self):
        self._gc.callbacks.append(self)

    def stop(self):
        if self in self._gc.callbacks:
            self._gc.callbacks.remove(self)


class Watchdog(threading.Thread):
    """Samples the main thread's stack every SAMPLE_S while it has not ticked
    for more than STALL_MS; samples are keyed by the tick the stall began after."""

    def __init__(self, recorder, main_id):
        super().__init__(daemon=True)
        self.recorder = recorder
        self.main_id = main_id
        self.samples = collections.defaultdict(list)  # stall start -> [stack]
        self.running = True

    def run(self):
        while self.running:
            time.sleep(SAMPLE_S)
            since = self.recorder.last
            if (time.perf_counter() - since) * 1000.0 > STALL_MS:
                frame = sys._current_frames().get(self.main_id)  # noqa: SLF001 - the sampling is the point
                if frame is not None:
                    self.samples[since].append(traceback.extract_stack(frame))


def wait_until(condition, timeout_s=1800.0):
    """Run the event loop (the timer ticks in it) until ``condition()``."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if condition() or time.perf_counter() > deadline else None)
    poll.start()
    if not condition():
        loop.exec_()
    poll.stop()
    return condition()


def idle(seconds):
    end = time.perf_counter() + seconds
    wait_until(lambda: time.perf_counter() >= end)


def where(stacks):
    """The most sampled places of a stall: the innermost frame of each sample
    and the plugin's innermost frames calling it (the benchmark's own frames,
    the event loop it runs, say "in Qt or QGIS code")."""
    places = collections.Counter()
    for stack in stacks:
        ours = [f for f in stack if _is_plugin(f.filename)]
        innermost = stack[-1]
        chain = [f for f in ours[-2:] if f is not innermost]
        if not _is_plugin(innermost.filename) and "/bench/" in innermost.filename:
            text = "in Qt or QGIS code (the event loop)"
        else:
            text = " <- ".join(_frame(f) for f in [innermost] + list(reversed(chain)))
        places[text] += 1
    return places.most_common(4)


def _is_plugin(filename):
    return (str(ROOT) in filename or "situation_mapper" in filename) and "/bench/" not in filename


def _frame(frame):
    return "{}:{} {}".format(_short(frame.filename), frame.lineno, frame.name)


def _short(filename):
    for marker in ("situation_mapper/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return os.path.basename(filename)


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(name, gaps, baseline_worst):
    worst = max(gaps) if gaps else 0.0
    over = sum(1 for g in gaps if g > STALL_MS)
    ratio = worst / baseline_worst if baseline_worst else float("nan")
    print(f"{name:<28} ticks {len(gaps):6d}  worst {worst:8.1f} ms  p99 {percentile(gaps, 0.99):6.1f} ms  "
          f"> {STALL_MS} ms: {over:3d}  worst/baseline {ratio:6.1f}x")


def build_dock(app):
    from qgis.core import QgsProject
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import Qt

    from support import FakeIface
    from situation_mapper.ui.main_dock import SituationDock

    canvas = QgsMapCanvas()
    canvas.setDestinationCrs(QgsProject.instance().crs())
    iface = FakeIface(canvas)
    window = iface.mainWindow()
    window.setCentralWidget(canvas)
    dock = SituationDock(iface, lambda *_args: None, window)
    iface.addDockWidget(Qt.RightDockWidgetArea, dock)
    window.resize(1400, 900)
    window.show()
    return iface, canvas, dock


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=0, help="only the first N snapshots (0: all)")
    parser.add_argument("--threads", default="", help="write every thread's stack at each stall to this file")
    arguments = parser.parse_args()
    snapshots = sorted((DATA / "deepstate").glob("deepstatemap_data_*.geojson"))
    towns = DATA / "cities" / "towns_donetsk_front.geojson"
    if not snapshots or not towns.exists():
        print(f"real data not found under {DATA}: nothing measured")
        return 0
    app, provider = start_qgis()  # noqa: F841 - both kept alive
    from qgis.core import QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    work = tempfile.mkdtemp(prefix="bench_gui_stall_")
    folder = str(DATA / "deepstate")
    if arguments.days:
        folder = os.path.join(work, "snapshots")
        os.mkdir(folder)
        for path in snapshots[:arguments.days]:
            os.symlink(str(path), os.path.join(folder, path.name))
        snapshots = snapshots[:arguments.days]
    store = os.path.join(work, "situation.gpkg")

    iface, canvas, dock = build_dock(app)
    recorder = TickRecorder()
    if arguments.threads:
        recorder.dump = open(arguments.threads, "w")  # noqa: SIM115 - open for the whole run
        recorder.last_dump_mark = 0.0
    watchdog = Watchdog(recorder, threading.main_thread().ident)
    collections_seen = Collections()
    collections_seen.start()
    recorder.start()
    watchdog.start()

    # the dock's first paint (its empty chart among it) is not the idle baseline
    recorder.set_phase("start: first paint")
    idle(1.0)
    # baseline: the dock shown, nothing running
    load_before = os.getloadavg()[0]
    recorder.set_phase("baseline (idle)")
    idle(BASELINE_S)

    # 1. Situation tab: a new store, the folder of snapshots, Import
    situation = dock.situation_panel
    recorder.set_phase("import: choose store+folder")
    dock.panels.setCurrentWidget(situation)
    situation.storeFileWidget.setFilePath(store)
    situation.store_pause.settle_if_waiting()
    situation.importFolderWidget.setFilePath(folder)
    situation.statusComboBox.setEditText("occupied")
    situation.sourceLineEdit.setText("DeepStateMap")
    idle(0.5)
    recorder.set_phase("import: running")
    started = time.perf_counter()
    QTest.mouseClick(situation.importButton, Qt.LeftButton)
    run = situation.import_run
    if run is None:
        print("the import did not start")
        return 1
    wait_until(lambda: run.ok is not None)
    recorder.set_phase("import: finished+layers")
    idle(1.0)
    import_s = time.perf_counter() - started
    if not run.ok:
        print("the import failed:", run.feedback.errors)
        return 1

    # 2. the towns added to the map; the Analysis and Export tabs run at once
    recorder.set_phase("towns layer added")
    layer = QgsVectorLayer(str(towns), "towns", "ogr")
    QgsProject.instance().addMapLayer(layer)
    idle(0.5)
    analysis, export = dock.analysis_panel, dock.export_panel
    # the store was chosen (in the Situation tab) before the import filled it:
    # the Analysis tab's sources and statuses are read again, as choosing it again does
    recorder.set_phase("analysis: store read again")
    dock.panels.setCurrentWidget(analysis)
    analysis.refresh_control_choices()
    analysis.areasCombo.setLayer(layer)
    idle(0.5)
    recorder.set_phase("analysis+export: running")
    started = time.perf_counter()
    analysis.datesEdit.setText("all")
    QTest.mouseClick(analysis.runButton, Qt.LeftButton)
    if analysis.run is None:
        print("the analysis did not start:", analysis.statusLabel.text())
    dock.panels.setCurrentWidget(export)
    export.outputFileWidget.setFilePath(os.path.join(work, "map.pdf"))
    export.formatCombo.setCurrentIndex(export.formatCombo.findData("pdf"))
    export.areaCombo.setLayer(layer)
    QTest.mouseClick(export.exportButton, Qt.LeftButton)
    runs = [r for r in (analysis.run, export.run) if r is not None]
    wait_until(lambda: all(r.ok is not None for r in runs))
    recorder.set_phase("analysis+export: finished")
    idle(1.0)
    both_s = time.perf_counter() - started
    # the user looks at the results: the Analysis tab (table and chart), a row clicked
    recorder.set_phase("analysis: results shown")
    dock.panels.setCurrentWidget(analysis)
    idle(1.0)
    if analysis.proxy.rowCount():
        analysis.show_row(analysis.proxy.index(0, 0))
    idle(1.0)
    for name, panel_run in (("analysis", analysis.run), ("export", export.run)):
        if panel_run is None or not panel_run.ok:
            print(f"the {name} failed:", panel_run.feedback.errors if panel_run else "not started")

    recorder.timer.stop()
    if recorder.dump is not None:
        faulthandler.cancel_dump_traceback_later()
        recorder.dump.close()
    watchdog.running = False
    watchdog.join()
    collections_seen.stop()

    # -- report --------------------------------------------------------------------
    print(f"machine load average (1 min) {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
          f"on {os.cpu_count()} cores")
    print(f"GUI stalls: {len(snapshots)} snapshots imported in {import_s:.1f} s; "
          f"analysis ({len(analysis.rows)} rows) and export ({', '.join(export.written_files) or 'none'}) "
          f"in {both_s:.1f} s; timer every {TICK_MS} ms")
    by_phase = collections.OrderedDict()
    for phase, _start, gap in recorder.gaps:
        by_phase.setdefault(phase, []).append(gap)
    baseline_worst = max(by_phase.get("baseline (idle)", [TICK_MS]))
    for phase, gaps in by_phase.items():
        summary(phase, gaps, baseline_worst)
    working = [gap for phase, _start, gap in recorder.gaps
               if not phase.startswith(("baseline", "start"))]
    summary("ALL WORK", working, baseline_worst)
    stalls = sorted((g for g in recorder.gaps if g[2] > STALL_MS and not g[0].startswith("start")),
                    key=lambda g: -g[2])
    print(f"\nstalls over {STALL_MS} ms (worst first), where the main thread was (samples):")
    for phase, start, gap in stalls[:20]:
        places = where(watchdog.samples.get(start, []))
        described = "; ".join(f"{place} [{count}]" for place, count in places) or "(no sample)"
        print(f"  {gap:8.1f} ms  {phase:<26} {described}")
    print(f"garbage collections over {Collections.LONG_GC_MS:.0f} ms (they hold the interpreter lock): "
          + (", ".join(f"{ms:.0f} ms (generation {generation}, {thread})"
                       for thread, generation, ms in collections_seen.long) or "none"))
    worst = stalls[0][2] if stalls else max(working or [0.0])
    verdict = "met" if worst <= STALL_MS else "NOT met"
    print(f"\nworst stall {worst:.1f} ms (target <= {STALL_MS} ms: {verdict}); "
          f"baseline worst {baseline_worst:.1f} ms")
    sys.stdout.flush()
    # a canvas render still running reads the project being cleared (a crash): none first
    canvas.setRenderFlag(False)
    canvas.waitWhileRendering()
    canvas.stopRendering()
    dock.unload()
    QgsProject.instance().removeAllMapLayers()
    return 0


if __name__ == "__main__":
    end(main())
