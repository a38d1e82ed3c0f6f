"""A matplotlib chart in a dock: the figure, its Qt canvas and its export to
PNG or SVG. The drawing itself is export/charts*.py's (the same function draws
the chart of a map product); the chart classes of the Analysis tab hold one of these."""

import os

from ..export.charts import move_shown_date
from ..infra.atomic_files import atomic_path
from ..infra.i18n import tr

MATPLOTLIB_MISSING = ("The chart needs matplotlib (Debian: apt install python3-matplotlib; "
                      "elsewhere: pip install matplotlib). The table works without it.")


class ChartCanvas:
    """A matplotlib figure on a Qt canvas named ``object_name``, added to
    ``layout`` when given (hidden when ``hidden``); ``message_label`` says when
    matplotlib is missing. Without matplotlib ``figure`` and ``canvas`` are None."""

    def __init__(self, object_name: str, tooltip: str, layout=None, message_label=None,
                 size=(6, 4), hidden: bool = False):
        self.figure = None
        self.canvas = None
        self.drawing = None  # the last ChartDrawing (title, source, notes, series)
        self._drawn_from = None  # (rows, choices...) of the last drawing
        try:
            from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
            from matplotlib.figure import Figure
        except ImportError:  # Debian: python3-matplotlib
            if message_label is not None:
                message_label.setText(tr(MATPLOTLIB_MISSING))
            return
        self.figure = Figure(figsize=size, tight_layout=True)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName(object_name)
        self.canvas.setToolTip(tooltip)
        if hidden:
            self.canvas.setVisible(False)
        if layout is not None:
            layout.addWidget(self.canvas)
        if message_label is not None:
            message_label.setVisible(False)

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
        if self.figure is None or key is None or drawn is None or drawn[0] is not key[0] \
                or tuple(drawn[1:]) != tuple(key[1:]):
            return False
        if not move_shown_date(self.figure, shown_date):
            return False
        self.canvas.draw_idle()
        return True

    def export(self, path: str) -> None:
        """Save the chart to ``path`` (.png or .svg, by its extension), atomically."""
        if self.figure is None:
            raise RuntimeError(tr("There is no chart: matplotlib is missing."))
        extension = os.path.splitext(path)[1].lower() or ".png"
        with atomic_path(path) as temporary:
            self.figure.savefig(temporary, format=extension.lstrip("."), dpi=150)
