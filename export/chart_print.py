"""A chart saved for print: its own matplotlib figure at a fixed size in
millimetres (not the size of the dock it is shown in), drawn by the same
drawing function as the dock's chart (export/charts*.py), written as PNG at
a resolution in dots per inch or as SVG of the same size. Pure matplotlib: no
Qt, so it can be called from any thread that holds no other figure."""

from typing import Callable, Tuple

MM_PER_INCH = 25.4
PRINT_SIZE_MM = (180.0, 100.0)  # a column-and-a-half figure of a printed page
PRINT_DPI = 300
# sizes accepted from the settings (anything else falls back to the defaults)
SIZE_RANGE_MM = (30.0, 1000.0)
DPI_RANGE = (72, 1200)
FORMATS = ("png", "svg")


def print_size(size_mm=None, dpi=None) -> Tuple[Tuple[float, float], int]:
    """``((width, height) mm, dpi)``: the values given when they are sensible,
    else the defaults (PRINT_SIZE_MM, PRINT_DPI)."""
    try:
        width, height = (float(size_mm[0]), float(size_mm[1])) if size_mm is not None else PRINT_SIZE_MM
    except (TypeError, ValueError, IndexError):
        width, height = PRINT_SIZE_MM
    low, high = SIZE_RANGE_MM
    if not (low <= width <= high and low <= height <= high):
        width, height = PRINT_SIZE_MM
    try:
        dpi = int(dpi) if dpi is not None else PRINT_DPI
    except (TypeError, ValueError):
        dpi = PRINT_DPI
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        dpi = PRINT_DPI
    return (width, height), dpi


def print_chart(draw: Callable, path: str, file_format: str = "png", size_mm=None, dpi=None):
    """Draw a chart with ``draw(figure)`` (a drawing function of export/charts*.py,
    it returns the ChartDrawing) on a new figure of ``size_mm`` and save it to
    ``path`` as ``file_format`` ("png" at ``dpi``, or "svg" of the same size,
    its text kept as text); returns what ``draw`` returned.
    Raises ImportError without matplotlib, ValueError for another format."""
    file_format = (file_format or "png").lower().lstrip(".")
    if file_format not in FORMATS:
        raise ValueError(f"charts are saved as PNG or SVG, not {file_format!r}")
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.figure import Figure

    (width, height), dpi = print_size(size_mm, dpi)
    # the SVG's words stay words (searchable, editable in a layout program)
    with RendererAgg.lock, matplotlib.rc_context({"svg.fonttype": "none"}):
        figure = Figure(figsize=(width / MM_PER_INCH, height / MM_PER_INCH), dpi=dpi)
        FigureCanvasAgg(figure)
        drawing = draw(figure)
        figure.savefig(path, format=file_format, dpi=dpi)
    return drawing
