"""The short switch interval while background jobs run, and the interval given back."""

import sys
import threading
import time

import pytest

from situation_mapper.infra import responsive


@pytest.fixture()
def default_interval():
    """The default interval, once the background work earlier tests left (a
    chart still rendering) has ended."""
    deadline = time.monotonic() + 30
    while responsive.holds() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert responsive.holds() == 0
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    yield
    sys.setswitchinterval(before)


def test_the_interval_is_short_while_a_job_runs_and_given_back_after_the_last(default_interval):
    first = responsive.background_work()
    assert sys.getswitchinterval() == pytest.approx(responsive.SWITCH_INTERVAL_S)
    with responsive.background_work():
        assert responsive.holds() == 2
    assert sys.getswitchinterval() == pytest.approx(responsive.SWITCH_INTERVAL_S)
    first.release()
    first.release()  # twice: nothing more
    assert responsive.holds() == 0
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_a_lower_interval_or_one_changed_meanwhile_is_left_alone(default_interval):
    sys.setswitchinterval(0.0001)
    with responsive.background_work():
        assert sys.getswitchinterval() == pytest.approx(0.0001)
    assert sys.getswitchinterval() == pytest.approx(0.0001)
    sys.setswitchinterval(0.005)
    hold = responsive.background_work()
    sys.setswitchinterval(0.002)  # someone else's choice
    hold.release()
    assert sys.getswitchinterval() == pytest.approx(0.002)


def test_holds_taken_and_released_from_many_threads_balance(default_interval):
    def job():
        for _ in range(200):
            with responsive.background_work():
                pass
    threads = [threading.Thread(target=job) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert responsive.holds() == 0
    assert sys.getswitchinterval() == pytest.approx(0.005)



def test_a_panel_run_holds_the_short_interval_until_it_ends(provider, qgis_new_project, default_interval):
    from situation_mapper.ui.algorithm_runner import AlgorithmRun

    run = AlgorithmRun("native:buffer", {"INPUT": "nowhere.shp", "DISTANCE": 1, "OUTPUT": "memory:"})
    assert run.start()
    assert responsive.holds() == 1
    run.wait()
    assert run.ok is False  # the input does not exist: a failed run gives the hold back too
    assert responsive.holds() == 0
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_an_algorithm_run_in_a_worker_thread_holds_the_short_interval(provider, default_interval):
    """As the toolbox runs it: processAlgorithm in a task's thread."""
    from qgis.core import QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext, \
        QgsProcessingFeedback, QgsProject
    from qgis.PyQt.QtCore import QCoreApplication

    from situation_mapper.algorithms.base import SituationMapperAlgorithm

    seen = []

    class Probe(SituationMapperAlgorithm):
        NAME = "probe"

        def initAlgorithm(self, config=None):  # noqa: N802
            pass

        def createInstance(self):  # noqa: N802
            return Probe()

        def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
            seen.append((responsive.holds(), sys.getswitchinterval()))
            return {}

    algorithm = Probe()
    algorithm.processAlgorithm({}, None, None)  # the main thread: nothing held
    assert seen == [(0, pytest.approx(0.005))]
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    task = QgsProcessingAlgRunnerTask(algorithm, {}, context, feedback)
    done = []
    task.executed.connect(lambda ok, _results: done.append(ok))
    QgsApplication.taskManager().addTask(task)
    while not done:
        QCoreApplication.processEvents()
    assert done == [True]
    assert seen[1] == (1, pytest.approx(responsive.SWITCH_INTERVAL_S))
    assert responsive.holds() == 0 and sys.getswitchinterval() == pytest.approx(0.005)


class _Cycle:
    def __init__(self):
        self.me = self


def test_a_collection_while_a_job_runs_leaves_the_objects_made_before_it_alone(default_interval):
    import gc
    import weakref

    assert gc.get_freeze_count() == 0
    before = _Cycle()
    watched = weakref.ref(before)
    del before  # garbage now, in a cycle: only the collector frees it
    hold = responsive.background_work()
    assert gc.get_freeze_count() > 0
    during = _Cycle()
    made_during = weakref.ref(during)
    del during
    gc.collect()
    assert watched() is not None  # frozen: the collection did not walk it
    assert made_during() is None  # made by the job: collected as usual
    hold.release()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert watched() is None  # handed back to the collector


def test_objects_someone_else_froze_stay_frozen(default_interval):
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with responsive.background_work():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen  # not ours to unfreeze
    finally:
        gc.unfreeze()


def _nice_of_this_thread():
    import os

    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's own nice value is Linux's")


@linux_only
def test_a_worker_thread_is_lowered_and_the_main_thread_is_not():
    main_before = _nice_of_this_thread()
    assert responsive.lower_thread_priority() is False  # the main thread: never
    assert _nice_of_this_thread() == main_before
    seen = {}

    def work():
        seen["before"] = _nice_of_this_thread()
        seen["lowered"] = responsive.lower_thread_priority()
        seen["after"] = _nice_of_this_thread()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert seen["lowered"] is True
    assert seen["after"] == max(seen["before"], responsive.BACKGROUND_NICE)
    assert _nice_of_this_thread() == main_before  # the process, the main thread: as they were


@linux_only
def test_the_corridor_solvers_ahead_run_lowered(monkeypatch):
    """The threads solving corridor grounds ahead are the plugin's own: lowered
    (the run the calling thread takes stays at its priority)."""
    from qgis.core import QgsGeometry

    from situation_mapper.core import corridor_series

    nice_by_thread = {}

    def solve_run(solver, run, hint, is_canceled):
        nice_by_thread[threading.get_native_id()] = _nice_of_this_thread()
        return []

    monkeypatch.setattr(corridor_series, "_solve_run", solve_run)
    series = corridor_series.CorridorSeries(solver=None)
    grounds = [QgsGeometry.fromWkt(f"Polygon((0 0,{n} 0,{n} 1,0 1,0 0))") for n in range(1, 9)]
    series.solve_ahead(grounds, make_solver=lambda: None, threads=2)
    here = threading.get_native_id()
    assert nice_by_thread.pop(here) == _nice_of_this_thread()
    assert list(nice_by_thread.values()) == [max(_nice_of_this_thread(), responsive.BACKGROUND_NICE)]


@linux_only
def test_the_import_file_readers_run_lowered(monkeypatch):
    from qgis.core import QgsFeedback

    from situation_mapper.algorithms import snapshot_rows

    monkeypatch.setattr(snapshot_rows, "prepare", lambda item, _settings: (item, _nice_of_this_thread()))
    items = [f"day_{n}.geojson" for n in range(5)]
    prepared = list(snapshot_rows.prepared_in_order(items, None, QgsFeedback()))
    assert [item for item, _nice in prepared] == items  # in order
    assert {nice for _item, nice in prepared} == {max(_nice_of_this_thread(), responsive.BACKGROUND_NICE)}
