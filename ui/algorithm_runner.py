"""Run a Processing algorithm from a panel in the background, with progress,
cancel and errors shown in the message bar: the one way docks start analysis."""

from typing import Any, Callable, Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsExpressionContextUtils,
    QgsMapLayer,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsProject,
    QgsTask,
)
from qgis.PyQt.QtCore import QCoreApplication, QElapsedTimer, QObject, pyqtSignal

from ..infra.i18n import tr
from ..infra.log import log
from ..infra.responsive import background_work
from .messages import show_message


class CollectingFeedback(QgsProcessingFeedback):
    """Keeps the algorithm's errors and messages to show them afterwards."""

    def __init__(self):
        super().__init__()
        self.errors: List[str] = []
        self.messages: List[str] = []
        self.warnings: List[str] = []  # also among messages

    def reportError(self, error, fatalError=False):  # noqa: N802,N803
        self.errors.append(error)
        super().reportError(error, fatalError)

    def pushInfo(self, info):  # noqa: N802
        self.messages.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802
        self.messages.append(warning)
        self.warnings.append(warning)
        super().pushWarning(warning)


class AlgorithmRun(QObject):
    """One background run of ``algorithm_id`` with ``parameters``.

    Signals: ``progress(percent)`` and ``finished(ok, results)``. Output layers
    are taken from the run's context with :meth:`take_layer`. The run shows a
    message in ``message_bar`` when it fails or is cancelled.

    ``collect(run, results)``, when given, is called on the main thread once the
    algorithm succeeded and returns a function without arguments that reads its
    results (feature sources, not layers) in a background task, so that a big
    result never freezes the GUI; what it returns is :attr:`collected` when
    ``finished`` is emitted (the run is still running until then).
    """

    progress = pyqtSignal(float)
    finished = pyqtSignal(bool, dict)

    def __init__(self, algorithm_id: str, parameters: Dict, description: str = "",
                 message_bar=None, parent: Optional[QObject] = None,
                 collect: Optional[Callable[["AlgorithmRun", Dict], Callable[[], Any]]] = None):
        super().__init__(parent)
        self.collect = collect
        self.collected: Any = None
        self.collect_task: Optional[QgsTask] = None
        self.algorithm_id = algorithm_id
        self.parameters = dict(parameters)
        self.description = description or algorithm_id
        self.message_bar = message_bar
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = CollectingFeedback()
        self.feedback.progressChanged.connect(self.progress)
        self.task = None
        self.hold = None
        self.ok: Optional[bool] = None
        self.results: Dict = {}

    def start(self) -> bool:
        """Queue the run in QGIS's task manager; False if the algorithm is unknown."""
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(self.algorithm_id)
        if algorithm is None:
            self._show(tr("Algorithm {} is not available.").format(self.algorithm_id), Qgis.Critical)
            return False
        # QGIS 3.22 builds the project's expression scope lazily and without a lock;
        # memory layers read in the worker build it too, racing a canvas refresh on
        # this thread (a crash). Building it here first leaves both threads a copy.
        QgsExpressionContextUtils.projectScope(QgsProject.instance())
        self.task = QgsProcessingAlgRunnerTask(algorithm, self.parameters, self.context,
                                               self.feedback)
        self.task.setDescription(self.description)
        self.task.executed.connect(self._executed)
        self.hold = background_work()  # the GUI's turns on the interpreter stay short until the end
        QgsApplication.taskManager().addTask(self.task)
        return True

    def cancel(self):
        """Ask the algorithm to stop; ``finished(False, {})`` follows."""
        self.feedback.cancel()
        if self.task is not None:
            self.task.cancel()
        if self.collect_task is not None:
            self.collect_task.cancel()

    def is_running(self) -> bool:
        return self.task is not None and self.ok is None

    def take_layer(self, value) -> Optional[QgsMapLayer]:
        """The output layer of a result value (a temporary layer id or a path),
        owned by the caller: add it to a project or keep a reference to it."""
        if not isinstance(value, str):
            return None
        layer = self.context.takeResultLayer(value)
        if layer is None:
            # a file output: loaded into the context's store, then taken out of it,
            # so that the project adding it is its only owner
            loaded = QgsProcessingUtils.mapLayerFromString(value, self.context, allowLoadingNewLayers=True)
            if loaded is not None:
                layer = self.context.takeResultLayer(loaded.id())
        return layer

    def wait(self, timeout_ms: int = 600000) -> bool:
        """Process events until the run ends (for scripts and tests); its result."""
        timer = QElapsedTimer()
        timer.start()
        while self.ok is None and timer.elapsed() < timeout_ms:
            QCoreApplication.processEvents()
        return bool(self.ok)

    def _executed(self, ok, results):
        ok = bool(ok) and not self.feedback.isCanceled()
        if ok and self.collect is not None:
            self._collect_in_background(dict(results or {}))
            return
        self._end(ok, results)

    def _collect_in_background(self, results: Dict):
        """The results read by ``collect``'s function in a task, then the end of the run."""
        try:
            read = self.collect(self, results)
        except Exception as error:  # noqa: BLE001 - a result that cannot be read is a failed run, said
            self.feedback.reportError(tr("The results cannot be read: {}").format(error))
            self._end(False, results)
            return

        def collected(exception, value=None):
            self.collect_task = None
            if exception is not None and not self.feedback.isCanceled():
                self.feedback.reportError(tr("The results cannot be read: {}").format(exception))
            self.collected = value
            self._end(exception is None and not self.feedback.isCanceled(), results)

        # the task calls back with (exception, value): None, what read() returned
        self.collect_task = QgsTask.fromFunction(tr("Reading the results of {}").format(self.description),
                                                 lambda _task: read(), on_finished=collected,
                                                 flags=QgsTask.CanCancel)
        QgsApplication.taskManager().addTask(self.collect_task)

    def _end(self, ok, results):
        if self.hold is not None:
            self.hold.release()
        self.ok = bool(ok) and not self.feedback.isCanceled()
        self.results = dict(results or {})
        if not self.ok:
            if self.feedback.isCanceled():
                self._show(tr("{} was cancelled.").format(self.description), Qgis.Warning)
            else:
                detail = "\n".join(self.feedback.errors) or tr("see the log for details")
                self._show(tr("{} failed: {}").format(self.description, detail), Qgis.Critical)
        self.finished.emit(self.ok, self.results)

    def _show(self, text, level):
        log.warning(text) if level != Qgis.Critical else log.error(text)
        if self.message_bar is not None:
            show_message(self.message_bar, text, level)


def run_in_background(algorithm_id: str, parameters: Dict, description: str, message_bar,
                      on_done: Callable[["AlgorithmRun"], None], parent=None) -> AlgorithmRun:
    """Start an :class:`AlgorithmRun` and call ``on_done(run)`` when it ends."""
    run = AlgorithmRun(algorithm_id, parameters, description, message_bar, parent)
    run.finished.connect(lambda _ok, _results: on_done(run))
    run.start()
    return run
