"""Charts that read in a narrow dock (300 px) and at print size alike: a
matplotlib layout engine that, at each draw of the figure, whatever its size
then (a dock resized, a print figure),

* wraps the axes' title and the source line at the foot to the figure's width,
* puts the legend below the axes, under the tick labels, in as many columns
  as fit the width (its labels wrapped when even one column is too wide); in
  a short, wide figure (a low dock), or when below it leaves the axes too
  little room, at the right of the axes (the title then over the whole width),
* and gives the axes what is left (matplotlib's tight layout in that room),
  with fewer date ticks on narrow axes and axis labels longer than their axis
  in a smaller font (or on two lines).

The texts keep their full words: only line breaks are added, and taken out
again when the figure grows. Pure matplotlib (3.6 and newer: layout engines;
an older matplotlib keeps the plain tight layout, see export/charts.finish)."""

import math

SOURCE_GID = "chart_source"
LEGEND_GID = "chart_legend"
PAD_POINTS = 4.0  # room kept at the figure's edges and between the bands
GAP_POINTS = 3.0  # between the tick labels and the legend, the legend and the source
DATE_TICK_POINTS = 26.0  # of axes' width per date tick ("Nov", "08" and a space)
WIDE_INCHES = 5.0  # a figure at least this wide (a print figure) has a larger legend
MAX_LEGEND_SHARE = 0.62  # the legend and the source take at most this part of the figure's height
TALL_LEGEND_ENTRIES = 6  # a list this long, taller than TALL_LEGEND_SHARE of the figure: two columns
TALL_LEGEND_SHARE = 0.3
# the legend at the right of the axes first in a figure this many times as wide as high
# whose legend below would take more than SIDE_SHARE of its height, or lower than
# LOW_INCHES; at most SIDE_WIDTH_SHARE of its width (SIDE_WIDE_SHARE when too tall)
SIDE_ASPECT = 1.6
SIDE_SHARE = 0.4
LOW_INCHES = 2.5
SIDE_WIDTH_SHARE = 0.42
SIDE_WIDE_SHARE = 0.6
MIN_AXES_SHARE = 0.22  # axes lower (or narrower) than this part of the figure: the other placement
SMALLER = {"x-small": "xx-small", "small": "x-small"}


def _full_text(artist) -> str:
    """The text of ``artist`` without the line breaks this module added (the
    text set by someone else since then is taken as it is)."""
    kept = getattr(artist, "_chart_fit_text", None)
    current = artist.get_text()
    if kept is not None and kept[1] == current:
        return kept[0]
    return current


def _set_wrapped(artist, full: str, wrapped: str) -> None:
    artist.set_text(wrapped)
    artist._chart_fit_text = (full, wrapped)  # noqa: SLF001 - this module's own mark


def _text_width(renderer, text: str, properties) -> float:
    widths = [renderer.get_text_width_height_descent(line, properties, ismath=False)[0]
              for line in text.split("\n") if line]
    return max(widths, default=0.0)


def wrap_text(text: str, width_px: float, renderer, properties) -> str:
    """``text`` with line breaks between words so that no line is wider than
    ``width_px`` (a word wider than that gets a line of its own, cut)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if not line or _text_width(renderer, candidate, properties) <= width_px:
                line = candidate
                continue
            lines.append(line)
            line = word
        lines.append(line)
    result = []
    for line in lines:  # a single word still too wide: cut into pieces that fit
        while _text_width(renderer, line, properties) > width_px and len(line) > 4:
            cut = max(3, int(len(line) * width_px / max(_text_width(renderer, line, properties), 1.0)) - 1)
            result.append(line[:cut] + "-")
            line = line[cut:]
        result.append(line)
    return "\n".join(result)


def fit_text(artist, width_px: float, renderer) -> None:
    """Wrap the text ``artist`` to ``width_px`` (its full text when it fits)."""
    full = _full_text(artist)
    properties = artist.get_fontproperties()
    wrapped = full if _text_width(renderer, full, properties) <= width_px else \
        wrap_text(full, width_px, renderer, properties)
    _set_wrapped(artist, full, wrapped)


def _legend_entries(axes):
    handles, labels = axes.get_legend_handles_labels()
    return handles, labels


def build_legend(figure, axes, width_px: float, renderer, fontsize, tall_px=None, loc="upper center"):
    """The axes' legend again, out of the axes: as many columns as fit
    ``width_px``, labels wrapped when one column is too wide; None without
    entries. A list of TALL_LEGEND_ENTRIES or more that one column would make
taller than ``tall_px`` goes in two columns, its long labels wrapped. Placed later (:func:`place_legend`); not in the tight layout."""
    handles, labels = _legend_entries(axes)
    old = axes.get_legend()
    if not handles:
        return old
    options = {"fontsize": fontsize, "frameon": False, "loc": loc, "borderaxespad": 0.0,
               "handlelength": 1.5, "handletextpad": 0.4, "columnspacing": 1.0, "borderpad": 0.2}

    def make(entries, columns):
        legend = axes.legend(handles, entries, ncol=columns, **options)
        legend.set_gid(LEGEND_GID)
        legend.set_in_layout(False)
        return legend

    legend = make(labels, 1)
    single = legend.get_window_extent(renderer).width
    if single > width_px:  # even one column is too wide: wrap the longest labels
        properties = legend.get_texts()[0].get_fontproperties()
        handle_px = single - max(_text_width(renderer, label, properties) for label in labels)
        room = max(width_px - handle_px, 20.0)
        labels = [label if _text_width(renderer, label, properties) <= room
                  else wrap_text(label, room, renderer, properties) for label in labels]
        legend = make(labels, 1)
        single = legend.get_window_extent(renderer).width
    count = len(handles)
    spacing = options["columnspacing"] * legend.get_texts()[0].get_fontsize() * figure.dpi / 72.0
    columns = max(1, min(count, int((width_px + spacing) // (single + spacing))))
    if columns > 1:
        rows = math.ceil(count / columns)
        columns = math.ceil(count / rows)  # as many rows, the columns filled evenly
        legend = make(labels, columns)
        while columns > 1 and legend.get_window_extent(renderer).width > width_px:
            columns -= 1
            legend = make(labels, columns)
    if columns == 1 and count >= TALL_LEGEND_ENTRIES and tall_px is not None \
            and legend.get_window_extent(renderer).height > tall_px:
        # a long list in one column would squeeze the axes: two columns, the long labels wrapped
        properties = legend.get_texts()[0].get_fontproperties()
        handle_px = single - max(_text_width(renderer, label, properties) for label in labels)
        room = max((width_px - spacing) / 2.0 - handle_px, 20.0)
        wrapped = [label if _text_width(renderer, label, properties) <= room
                   else wrap_text(label, room, renderer, properties) for label in labels]
        two = make(wrapped, 2)
        if two.get_window_extent(renderer).width <= width_px and \
                two.get_window_extent(renderer).height < legend.get_window_extent(renderer).height:
            return two
        legend = make(labels, 1)
    return legend


def side_legend(figure, axes, width_px: float, tall_px: float, renderer, fontsize):
    """The legend at the right of the axes: at most SIDE_WIDTH_SHARE of the
    width, or SIDE_WIDE_SHARE when that is too tall for ``tall_px``, then in a
    smaller font (a long list in a low figure)."""
    legend = None
    for share, size in ((SIDE_WIDTH_SHARE, fontsize), (SIDE_WIDE_SHARE, fontsize),
                        (SIDE_WIDE_SHARE, SMALLER.get(fontsize, fontsize))):
        legend = build_legend(figure, axes, share * width_px, renderer, size, tall_px, loc="upper left")
        if legend.get_window_extent(renderer).height <= tall_px:
            break
    return legend


def place_legend(figure, legend, top_px: float) -> None:
    """The legend's top edge ``top_px`` above the figure's bottom, centred."""
    legend.set_bbox_to_anchor((0.5, top_px / figure.bbox.height), transform=figure.transFigure)


def fit_axis_label(label, length_px: float, renderer) -> bool:
    """An axis label longer than its axis: a smaller font, then two lines at
    most (its font and text again when there is room); True when it changed."""
    full = _full_text(label)
    if not full:
        return False
    before = (label.get_text(), label.get_fontsize())
    size = getattr(label, "_chart_fit_size", None)
    if size is None:
        size = label._chart_fit_size = label.get_fontsize()  # noqa: SLF001 - this module's mark
    label.set_fontsize(size)
    _set_wrapped(label, full, full)
    properties = label.get_fontproperties()
    if _text_width(renderer, full, properties) > length_px:
        label.set_fontsize(size * 0.8)
        properties = label.get_fontproperties()
        if _text_width(renderer, full, properties) > length_px:
            lines = wrap_text(full, max(length_px, _text_width(renderer, full, properties) / 2.0 + 1.0),
                              renderer, properties).split("\n")
            _set_wrapped(label, full, "\n".join(lines[:1] + [" ".join(lines[1:])]) if len(lines) > 1 else full)
    return (label.get_text(), label.get_fontsize()) != before


def fit_date_ticks(axes, width_px: float, dpi: float) -> bool:
    """At most one date tick per DATE_TICK_POINTS of the axes' width (the
    drawing's own maximum when there is room); True when that changed."""
    try:
        from matplotlib.dates import AutoDateLocator
    except ImportError:
        return False
    locator = axes.xaxis.get_major_locator()
    if not isinstance(locator, AutoDateLocator) or not isinstance(locator.maxticks, dict):
        return False
    drawn = getattr(locator, "_chart_fit_maxticks", None)
    if drawn is None:
        drawn = locator._chart_fit_maxticks = dict(locator.maxticks)  # noqa: SLF001 - this module's mark
    room = max(3, int(width_px / (DATE_TICK_POINTS * dpi / 72.0)))
    wanted = {frequency: min(count, room) for frequency, count in drawn.items()}
    if wanted == locator.maxticks:
        return False
    locator.maxticks = wanted
    return True


def _title_on_axes(axes, on_axes: bool) -> None:
    """The axes' title placed by matplotlib above them (``on_axes``), or left
    out of the layout to be placed over the figure (:func:`_title_over_figure`)."""
    title = axes.title
    title.set_in_layout(on_axes)
    if on_axes and getattr(title, "_chart_fit_over", False):
        title.set_x(0.5)
        title.set_va("baseline")
        axes._autotitlepos = None  # noqa: SLF001 - matplotlib places it above the axes again
        title._chart_fit_over = False  # noqa: SLF001 - this module's mark


def _title_over_figure(axes, renderer, top_px: float) -> None:
    """The axes' title centred on the figure, its top ``top_px`` above the bottom."""
    title = axes.title
    if not _full_text(title):
        return
    frame = axes.get_window_extent(renderer)
    width = axes.figure.bbox.width
    axes._autotitlepos = False  # noqa: SLF001 - what set_title(y=...) does: placed here, not moved
    title._chart_fit_over = True  # noqa: SLF001 - this module's mark
    title.set_va("top")
    title.set_x((width / 2.0 - frame.x0) / max(frame.width, 1.0))
    title.set_y((top_px - frame.y0) / max(frame.height, 1.0))
    over = title.get_window_extent(renderer).y1 - top_px  # its offset above the axes (titlepad)
    title.set_y((top_px - over - frame.y0) / max(frame.height, 1.0))


def _renderer(figure):
    getter = getattr(figure, "_get_renderer", None)  # what matplotlib's own tight layout uses
    if getter is not None:
        return getter()
    return figure.canvas.get_renderer()


def _layout_engine_class():
    from matplotlib.layout_engine import TightLayoutEngine

    class ChartFit(TightLayoutEngine):
        """Tight layout, with the title and source wrapped and the legend placed
        below or beside the axes, fitted to the figure's size (see the module)."""

        def execute(self, figure):
            renderer = _renderer(figure)
            width, height = figure.bbox.width, figure.bbox.height
            pad = PAD_POINTS * figure.dpi / 72.0
            gap = GAP_POINTS * figure.dpi / 72.0
            room = max(width - 2 * pad, 20.0)
            fontsize = "small" if figure.get_figwidth() >= WIDE_INCHES else "x-small"
            bottom = pad
            for text in figure.texts:
                if text.get_gid() == SOURCE_GID and text.get_visible() and _full_text(text):
                    text.set_fontsize(fontsize)
                    fit_text(text, room, renderer)
                    text.set_position((pad / width, pad / height))
                    bottom += text.get_window_extent(renderer).height + gap
            source_top = bottom
            legends = [axes for axes in figure.axes if axes.get_legend() is not None]
            below = source_top + sum(
                build_legend(figure, axes, room, renderer, fontsize, TALL_LEGEND_SHARE * height)
                .get_window_extent(renderer).height + gap for axes in legends)
            # a short, wide figure (a low dock): the legend beside the axes, from the top
            # of the figure down to the source line, leaves them more height; so it does
            # when below the axes it left them too little room
            plans = [False, True] if legends else [False]
            if legends and width >= SIDE_ASPECT * height and \
                    (below > SIDE_SHARE * height or figure.get_figheight() < LOW_INCHES):
                plans = [True, False]
            tried = []
            for side in plans:
                self._attempt(figure, renderer, side, source_top, fontsize)
                room_left = self._axes_room(figure, renderer)
                tried.append((room_left, side))
                if room_left > 0:
                    break
            else:  # neither fits well: the one that leaves the axes most room
                best = max(tried)[1]
                if best != tried[-1][1]:
                    self._attempt(figure, renderer, best, source_top, fontsize)

        def _attempt(self, figure, renderer, side: bool, source_top: float, fontsize) -> float:
            """Lay the figure out with the legends below the axes or (``side``) at
            their right; returns the height the legends and source take below."""
            width, height = figure.bbox.width, figure.bbox.height
            pad = PAD_POINTS * figure.dpi / 72.0
            gap = GAP_POINTS * figure.dpi / 72.0
            room = max(width - 2 * pad, 20.0)
            legends = []
            top = height
            for axes in figure.axes:
                title = axes.title
                _title_on_axes(axes, not side)
                if _full_text(title):
                    fit_text(title, room, renderer)
                    if side:  # over the whole width, above the axes and the legend
                        top = min(top, height - pad - title.get_window_extent(renderer).height - gap)
            for axes in figure.axes:
                if axes.get_legend() is None:
                    continue
                if side:
                    legend = side_legend(figure, axes, width, top - source_top, renderer, fontsize)
                else:
                    legend = build_legend(figure, axes, room, renderer, fontsize, TALL_LEGEND_SHARE * height)
                legends.append((axes, legend))
            bottom, right = source_top, width
            if side and legends:
                right = width - pad - max(legend.get_window_extent(renderer).width for _a, legend in legends)
            else:
                bottom += sum(legend.get_window_extent(renderer).height + gap for _axes, legend in legends)
            used = bottom
            bottom = min(bottom, MAX_LEGEND_SHARE * height)
            self._rect_px = (bottom, right, top)
            # matplotlib keeps its pad inside the rectangle: under a title placed here, less
            lift = 0.0
            if side and top < height:
                import matplotlib

                lift = max(self.get()["pad"] * matplotlib.rcParams["font.size"] * figure.dpi / 72.0 - gap, 0.0)
            self.set(rect=(0.0, bottom / height, right / width, min(top + lift, height) / height))
            super().execute(figure)
            # a title wider than its axes reaches over the tick labels: wrapped to the axes'
            # width; a y label taller than the axes: a smaller font or two lines; fewer date
            # ticks on narrow axes
            again = False
            for axes in figure.axes:
                frame = axes.get_window_extent(renderer)
                title = axes.title
                box = title.get_window_extent(renderer) if _full_text(title) and not side else None
                if box is not None and (box.x0 < frame.x0 - 0.5 or box.x1 > frame.x1 + 0.5):
                    fit_text(title, max(frame.width, 20.0), renderer)
                    again = True
                again = fit_axis_label(axes.yaxis.label, max(frame.height, 20.0), renderer) or again
                again = fit_axis_label(axes.xaxis.label, max(frame.width, 20.0), renderer) or again
                again = fit_date_ticks(axes, frame.width, figure.dpi) or again
            if again:
                super().execute(figure)
            below = bottom
            if side:
                for axes in figure.axes:
                    _title_over_figure(axes, renderer, height - pad)
            for axes, legend in legends:
                if side:  # at the right of the axes, from under the title down
                    legend.set_bbox_to_anchor((right / width, top / height), transform=figure.transFigure)
                    continue
                place_legend(figure, legend, below)
                below -= legend.get_window_extent(renderer).height + gap
            return used

        def _axes_room(self, figure, renderer) -> float:
            """How well the last layout fits: the axes' smallest height beyond
            MIN_AXES_SHARE of the figure's (negative: too flat, or matplotlib could
            not fit their decorations in the room left, so left them where they were)."""
            height = figure.bbox.height
            bottom, right, top = self._rect_px
            worst = float("inf")
            for axes in figure.axes:
                frame = axes.get_window_extent(renderer)
                tight = axes.get_tightbbox(renderer, for_layout_only=True)
                if tight is not None and (tight.y0 < bottom - 2.0 or tight.x1 > right + 2.0 or
                                          tight.y1 > top + 2.0 or tight.x0 < -2.0):
                    return -1.0 - abs(min(tight.y0 - bottom, 0.0))
                worst = min(worst, frame.height - MIN_AXES_SHARE * height)
                if frame.width < MIN_AXES_SHARE * figure.bbox.width:
                    worst = min(worst, frame.width - MIN_AXES_SHARE * figure.bbox.width)
            return worst

    return ChartFit


_ENGINE = None


def chart_fit_engine():
    """A new ChartFit layout engine; None before matplotlib 3.6 (no layout engines)."""
    global _ENGINE
    if _ENGINE is None:
        try:
            _ENGINE = _layout_engine_class()
        except ImportError:
            return None
    return _ENGINE()
