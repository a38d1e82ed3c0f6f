"""A matplotlib chart in a dock: the figure, its Qt canvas and its export to
PNG or SVG at a print size, whatever the dock's (drawn again on a figure of its
own, export/chart_print.py). The drawing itself is export/charts*.py's (the same
function draws the chart of a map product); the chart classes of the Analysis
tab hold one of these and draw through :meth:`ChartCanvas.draw_with`.

The figure is rendered off the main thread: a new chart (or a day mark moved,
or the canvas resized) is drawn into the Agg buffer by a worker thread while
the canvas keeps showing the last finished picture, then the canvas repaints
(a copy of the buffer). The main thread only builds the figure's artists;
matplotlib's layout and rendering, most of a chart's cost, never block it.
Whatever reads or changes the figure on the main thread (:attr:`ChartCanvas.figure`,
a resize, mouse events, a synchronous ``draw()``, an export) waits for a render
under way first, so the figure is never touched by two threads at once."""

import os
import threading

from ..export.chart_print import print_chart, print_size
from ..export.charts import move_shown_date
from ..infra.atomic_files import atomic_path
from ..infra.i18n import tr
from ..infra.log import log
from ..infra.responsive import background_work, lower_thread_priority
from ..infra.settings import CHART_EXPORT_DPI, CHART_EXPORT_HEIGHT_MM, CHART_EXPORT_WIDTH_MM

CHART_EXTENSIONS = (".png", ".svg")


def chart_file_path(path: str, name_filter: str = "") -> str:
    """``path`` as a chart is saved to: as it is when it ends in .png or .svg,
    else with the extension of the save dialog's chosen ``name_filter``
    ("SVG image (*.svg)": .svg; any other, none: .png), so that a name typed
    without an extension is written in the format chosen, and named so."""
    if os.path.splitext(path)[1].lower() in CHART_EXTENSIONS:
        return path
    return path + (".svg" if "*.svg" in (name_filter or "").lower() else ".png")


MATPLOTLIB_MISSING = ("The chart needs matplotlib (Debian: apt install python3-matplotlib; "
                      "elsewhere: pip install matplotlib). The table works without it.")


def _background_canvas_class():
    """The Qt canvas class that renders in a worker thread (built on first
    use: matplotlib's Qt backend is imported only when matplotlib is there)."""
    global _BACKGROUND_CANVAS
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
    if _BACKGROUND_CANVAS is not None:
        return _BACKGROUND_CANVAS
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QCoreApplication, QEvent, QObject, pyqtSignal, pyqtSlot
    from qgis.PyQt.QtGui import QImage, QPainter

    waiting_events = {QEvent.MouseButtonPress, QEvent.MouseButtonRelease, QEvent.MouseButtonDblClick,
                      QEvent.MouseMove, QEvent.Wheel, QEvent.KeyPress, QEvent.KeyRelease,
                      QEvent.Enter, QEvent.Leave}

    class Notifier(QObject):
        """Lives in the main thread as long as the plugin: a render's end
        reaches the main thread through it, whatever became of the canvas."""

        finished = pyqtSignal(object)

        def __init__(self):
            # owned by the application, so Qt deletes it with the application (a
            # parentless QObject left to Python's exit outlives QApplication: a crash)
            super().__init__(QCoreApplication.instance())
            self.finished.connect(self._finished)

        @pyqtSlot(object)
        def _finished(self, rendered):
            canvas, figure, renderer, key = rendered
            if not sip.isdeleted(canvas):
                canvas._render_finished(figure, renderer, key)  # noqa: SLF001 - the canvas's own slot

    notifier = Notifier()

    class Job:
        """One figure drawn (``function(figure)``, None: only rendered) and
        rendered by one worker thread; ``drawing``: what the function returned."""

        def __init__(self, figure, function=None):
            self.figure = figure
            self.function = function
            self.built = function is None
            self.drawing = None
            self.again = False  # rendered once more when done (the figure changed meanwhile)
            self.thread = None

    class BackgroundCanvas(FigureCanvasQTAgg):
        """A FigureCanvasQTAgg whose ``draw_idle`` renders in a worker thread."""

        def __init__(self, figure):
            self._job = None  # the job on the figure in view, until its end is taken
            self._threads = []  # every worker still running (jobs of replaced figures too)
            self._picture = None  # QImage of the last finished render of the figure in view
            super().__init__(figure)

        # -- rendering in the background ----------------------------------------
        def draw_idle(self):
            """Render the figure in a worker thread, then repaint (coalesced:
            requests made while a render runs give one more render)."""
            if self._job is not None and self._job.figure is self.figure:
                self._job.again = True
                return
            self._start(Job(self.figure))

        def build(self, figure, function):
            """Put ``figure`` in view and draw it with ``function(figure)`` then
            render it, both in a worker thread; the job (its ``drawing`` once done)."""
            self.replace_figure(figure)
            job = Job(figure, function)
            self._start(job)
            return job

        def replace_figure(self, figure):
            if figure is not self.figure:
                figure.set_canvas(self)
                self.figure = figure
            if self._job is not None and self._job.figure is not figure:
                self._job = None  # its end is dropped

        def _start(self, job):
            job.thread = threading.Thread(target=self._render, args=(job,), name="chart render", daemon=True)
            self._job = job
            self._threads.append(job.thread)
            job.thread.start()

        def _render(self, job):
            """In the worker: the job's drawing, then its figure's layout and a new
            Agg buffer of it (no Qt call: the canvas may be deleted meanwhile; the
            main thread is told through a notifier that outlives it)."""
            renderer = key = None
            figure = job.figure
            hold = background_work()  # the GUI's turns on the interpreter stay short meanwhile
            lower_thread_priority()  # and the GUI's thread gets a core first
            try:
                if job.function is not None:
                    job.drawing = job.function(figure)
                    job.built = True
                width, height = figure.bbox.size
                key = (width, height, figure.dpi)
                renderer = RendererAgg(width, height, figure.dpi)
                with RendererAgg.lock:
                    figure.draw(renderer)
            except Exception:  # noqa: BLE001 - a failed render shows the last picture; drawn again next time
                log.exception("a chart could not be drawn")
                job.built = True
                renderer = None
            finally:
                hold.release()
            notifier.finished.emit((self, job, renderer, key))

        def _render_finished(self, job, renderer, key):
            job.thread.join()
            if job.thread in self._threads:
                self._threads.remove(job.thread)
            if self._job is job:
                self._job = None
            if renderer is not None and job.figure is self.figure:  # not a figure replaced meanwhile
                self.renderer, self._lastKey = renderer, key
                self._picture = self._copy_picture()
            if job.again and job.figure is self.figure:
                self.draw_idle()
            self.update()

        def rendering(self) -> bool:
            """Whether a worker draws or renders the figure in view now."""
            return self._job is not None

        def building(self) -> bool:
            """Whether a worker still draws the figure in view (its artists not all made)."""
            return self._job is not None and not self._job.built

        def _copy_picture(self):
            renderer = getattr(self, "renderer", None)
            if renderer is None:
                return None
            width, height = int(renderer.width), int(renderer.height)
            data = bytes(memoryview(renderer.buffer_rgba()))
            picture = QImage(data, width, height, QImage.Format_RGBA8888).copy()
            picture.setDevicePixelRatio(self.device_pixel_ratio)
            return picture

        def wait_render(self):
            """Block until every worker has finished (their repaints follow)."""
            for thread in list(self._threads):
                thread.join()

        # -- what touches the figure on the main thread waits for the render -----
        def paintEvent(self, event):
            """The last finished picture (no drawing here: renders run in the worker)."""
            if self._picture is None:
                return
            painter = QPainter(self)
            try:
                painter.drawImage(0, 0, self._picture)
            finally:
                painter.end()

        def draw(self):
            """A render now, on this thread (what ``draw_idle`` does in the background)."""
            self.wait_render()
            super().draw()
            self._picture = self._copy_picture()

        def resizeEvent(self, event):
            self.wait_render()
            super().resizeEvent(event)

        def showEvent(self, event):
            self.wait_render()
            super().showEvent(event)

        def event(self, event):
            if self._threads and event.type() in waiting_events:
                self.wait_render()
            return super().event(event)

        def print_figure(self, *args, **kwargs):
            self.wait_render()
            return super().print_figure(*args, **kwargs)

    BackgroundCanvas.notifier = notifier  # kept alive with the class
    _BACKGROUND_CANVAS = BackgroundCanvas
    return BackgroundCanvas


_BACKGROUND_CANVAS = None


class ChartCanvas:
    """A matplotlib figure on a Qt canvas named ``object_name``, added to
    ``layout`` when given (hidden when ``hidden``); ``message_label`` says when
    matplotlib is missing. Without matplotlib ``figure`` and ``canvas`` are None."""

    def __init__(self, object_name: str, tooltip: str, layout=None, message_label=None,
                 size=(6, 4), hidden: bool = False):
        self._figure = None
        self.canvas = None
        self._drawing = None  # the last ChartDrawing (title, source, notes, series)
        self._drawing_job = None  # the background job drawing the next one
        self._drawn_from = None  # (rows, choices...) of the last drawing
        # how the chart in view was drawn, to draw it again at another size (an export):
        # recipe(figure, shown_date) -> ChartDrawing, and the day it shows now
        self._recipe = None
        self._shown_date = None
        try:
            from matplotlib.figure import Figure
            canvas_class = _background_canvas_class()
        except ImportError:  # Debian: python3-matplotlib
            if message_label is not None:
                message_label.setText(tr(MATPLOTLIB_MISSING))
            return
        self._figure = Figure(figsize=size, tight_layout=True)
        self.canvas = canvas_class(self._figure)
        self.canvas.setObjectName(object_name)
        self.canvas.setToolTip(tooltip)
        if hidden:
            self.canvas.setVisible(False)
        if layout is not None:
            layout.addWidget(self.canvas)
        if message_label is not None:
            message_label.setVisible(False)

    @property
    def figure(self):
        """The matplotlib figure (None without matplotlib), once no render of
        it runs: draw on it freely on the main thread."""
        if self.canvas is not None:
            self.canvas.wait_render()
        return self._figure

    @property
    def drawing(self):
        """The last ChartDrawing (title, source, notes, series), once drawn
        (waits for a chart drawn in the background)."""
        job = self._drawing_job
        if job is not None:
            self.canvas.wait_render()
            if self._drawing_job is job:
                self._drawing, self._drawing_job = job.drawing, None
        return self._drawing

    @drawing.setter
    def drawing(self, value):
        self._drawing, self._drawing_job = value, None

    def fresh_figure(self):
        """The figure to draw a new chart on (the whole figure drawn again): the
        figure in view, or, while it is drawn or rendered, a new one of the same
        size (the work under way is then dropped), so that a new chart never
        waits for the last one."""
        if self.canvas is None or not self.canvas.rendering():
            return self._figure
        from matplotlib.figure import Figure
        old = self._figure
        figure = Figure(figsize=old.get_size_inches(), dpi=old.dpi, tight_layout=True)
        self.canvas.replace_figure(figure)
        self._figure = figure
        self._drawn_from = None
        return figure

    def show_in_background(self, function, key=None) -> None:
        """Draw a new chart with ``function(figure)`` (a draw function of
        export/charts*.py: it returns the ChartDrawing) and render it, both off
        the main thread; :attr:`drawing` and :attr:`figure` wait for it."""
        figure = self.fresh_figure()
        self._drawn_from = key
        self._drawing_job = self.canvas.build(figure, function)

    def draw_with(self, recipe, shown_date=None, key=None, background: bool = False):
        """Draw the chart with ``recipe(figure, shown_date)`` (a drawing function of
        export/charts*.py with its rows and choices; it returns the ChartDrawing)
        and keep the recipe, so that :meth:`export` draws the same chart again on a
        figure of its own. ``background``: drawn and rendered off the main thread
        (see :meth:`show_in_background`, returns None), else drawn here (returns
        the drawing); ``key`` as for :meth:`show`."""
        self._recipe, self._shown_date = recipe, shown_date
        if background:
            self.show_in_background(lambda figure: recipe(figure, shown_date), key)
            return None
        return self.show(recipe(self.figure, shown_date), key)

    def wait_render(self) -> None:
        """Block until the chart's picture is rendered (tests, exports)."""
        if self.canvas is not None:
            self.canvas.wait_render()

    def show(self, drawing, key=None):
        """Keep ``drawing`` (what a draw function returned) and repaint;
        ``key`` is what it was drawn from, ``(rows, choices...)`` (see
        :meth:`day_moved`); the rows are kept, so they are compared by identity."""
        self.drawing = drawing
        self._drawn_from = key
        self.canvas.draw_idle()
        return drawing

    def day_moved(self, key, shown_date) -> bool:
        """When the chart in view was drawn from ``key`` (the same rows and
        choices) and only the day shown differs, move its day mark in place and
        repaint: True. Stepping the map's day then costs a repaint, not a new
        chart on the main thread. False: draw it again."""
        drawn = self._drawn_from
        if self._figure is None or self.canvas.building() or key is None or drawn is None or drawn[0] is not key[0] \
                or tuple(drawn[1:]) != tuple(key[1:]):
            return False
        # no wait for a render under way: the mark moves at once (that render may
        # show either day), the render asked for next shows the new day
        if not move_shown_date(self._figure, shown_date):
            return False
        self._shown_date = shown_date
        self.canvas.draw_idle()
        return True

    def export(self, path: str, size_mm=None, dpi=None):
        """Save the chart in view to ``path`` (.png or .svg, by its extension),
        atomically, at a print size whatever the dock's: ``size_mm`` (width,
        height) and ``dpi`` (PNG), by default the settings' (180 x 100 mm at 300
        dpi, infra/settings.py CHART_EXPORT_*). The chart is drawn again on a
        figure of its own, by the same drawing function, with the same day mark,
        title and source. Returns its ChartDrawing (None for a chart without a
        recipe: its figure in view is saved at the print width)."""
        if self.figure is None:
            raise RuntimeError(tr("There is no chart: matplotlib is missing."))
        extension = (os.path.splitext(path)[1].lower() or ".png").lstrip(".")
        if extension not in ("png", "svg"):
            raise ValueError(tr("A chart is saved as PNG or SVG (.png, .svg), not {}.").format(path))
        size_mm, dpi = print_size(size_mm or (CHART_EXPORT_WIDTH_MM.value(), CHART_EXPORT_HEIGHT_MM.value()),
                                  dpi or CHART_EXPORT_DPI.value())
        self.wait_render()  # no worker on a figure while this one is drawn
        recipe, shown_date = self._recipe, self._shown_date
        with atomic_path(path) as temporary:
            if recipe is None:
                width_inches = self.figure.get_size_inches()[0]
                self.figure.savefig(temporary, format=extension, dpi=size_mm[0] / 25.4 * dpi / width_inches)
                return None
            return print_chart(lambda figure: recipe(figure, shown_date), temporary, extension, size_mm, dpi)
