"""Charts that read in a narrow dock (300 px) and at print size alike: a
matplotlib layout engine that, at each draw of the figure, whatever its size
then (a dock resized, a print figure),

* wraps the axes' title and the source line at the foot to the figure's width,
* puts the legend below the axes, under the tick labels, in as many columns
  as fit the width (its labels wrapped when even one column is too wide); in
  a short, wide figure (a low dock), or when below it leaves the axes too
  little room, at the right of the axes (the title then over the whole width),
  but only when the axes keep 60 % of the width; a legend too long for the
  room shows the series that fit and "+ N more" (the day shown kept),
* does nothing in a figure of a few pixels (a hidden or collapsed dock),
* and gives the axes what is left (matplotlib's tight layout in that room),
  with fewer date ticks on narrow axes and axis labels longer than their axis
  in a smaller font (or on two lines).

The texts keep their full words: only line breaks are added, and taken out
again when the figure grows. Pure matplotlib (3.6 and newer: layout engines;
an older matplotlib keeps the plain tight layout, see export/charts.finish)."""

import math

from ..infra.i18n import tr

SOURCE_GID = "chart_source"
SHOWN_DATE_GID = "shown_date"  # the day-shown line (export/charts.mark_shown_date): kept in a shortened legend
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
# the legend beside the axes only when they keep this part of the figure's width, and
# only in a column at least SIDE_MIN_POINTS wide
SIDE_AXES_WIDTH_SHARE = 0.6
SIDE_MIN_POINTS = 45.0
# a legend below that leaves the axes lower than this part of the figure (a narrow dock,
# WIDE_AXES_HEIGHT_SHARE in a figure WIDE_INCHES wide) shows the entries that fit and "+ N more"
AXES_HEIGHT_SHARE = 0.4
WIDE_AXES_HEIGHT_SHARE = 0.3
TINY_PX = 20.0  # a figure narrower or lower than this (a collapsed dock): no layout
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
            hyphen = line.rfind("-", 0, cut + 1)
            if hyphen >= 2:  # at a hyphen of its own (a date: "2025-11-" "20")
                result.append(line[:hyphen + 1])
                line = line[hyphen + 1:]
                continue
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


def more_label(count: int) -> str:
    """The last entry of a shortened legend: how many series it leaves out."""
    return tr("+ {} more").format(count)


def _legend_entries(axes, keep=None):
    """The axes' legend entries ``(handles, labels)``; with ``keep``, at most
    that many of the series, the day shown (kept) and "+ N more" for the rest."""
    handles, labels = axes.get_legend_handles_labels()
    if keep is None:
        return handles, labels
    series = [(h, lab) for h, lab in zip(handles, labels) if getattr(h, "get_gid", lambda: None)() != SHOWN_DATE_GID]
    marks = [(h, lab) for h, lab in zip(handles, labels) if getattr(h, "get_gid", lambda: None)() == SHOWN_DATE_GID]
    keep = max(0, min(int(keep), len(series)))
    if keep >= len(series):
        return handles, labels
    from matplotlib.lines import Line2D

    chosen = series[:keep] + marks
    rest = Line2D([], [], linestyle="none", marker="none")
    return [h for h, _lab in chosen] + [rest], [lab for _h, lab in chosen] + [more_label(len(series) - keep)]


def series_count(axes) -> int:
    """How many entries of the axes' legend are series (not the day shown)."""
    handles, _labels = axes.get_legend_handles_labels()
    return sum(1 for h in handles if getattr(h, "get_gid", lambda: None)() != SHOWN_DATE_GID)


def build_legend(figure, axes, width_px: float, renderer, fontsize, tall_px=None, loc="upper center", keep=None):
    """The axes' legend again, out of the axes: as many columns as fit
    ``width_px``, labels wrapped when one column is too wide; None without
    entries. A list of TALL_LEGEND_ENTRIES or more that one column would make
    taller than ``tall_px`` goes in two columns, its long labels wrapped. With
    ``keep``, only that many series and "+ N more" (:func:`_legend_entries`).
    Placed later (:func:`place_legend`); not in the tight layout."""
    handles, labels = _legend_entries(axes, keep)
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


def fitting_legend(make, count: int, tall_px: float, renderer):
    """``(legend, keep)``: the legend ``make(keep)`` no taller than ``tall_px``:
    all of its ``count`` series (``keep`` None) when they fit, else as many as
    fit and "+ N more" (one series at least); ``make(None)`` is the whole legend."""
    legend = make(None)
    if legend.get_window_extent(renderer).height <= tall_px or count <= 1:
        return legend, None
    low, high = 1, count - 1  # the most series that fit, by halves: a shorter legend is never taller
    best = None
    while low <= high:
        middle = (low + high) // 2
        legend = make(middle)
        if legend.get_window_extent(renderer).height <= tall_px:
            best, low = middle, middle + 1
        else:
            high = middle - 1
    keep = best if best is not None else 1
    return make(keep), keep


def side_legend(figure, axes, width_px: float, tall_px: float, renderer, fontsize):
    """The legend at the right of the axes, ``width_px`` wide at most, no taller
    than ``tall_px``: in the font given, else a smaller one, else as many
    entries as fit in the smaller font and "+ N more"."""
    smaller = SMALLER.get(fontsize, fontsize)
    for size in (fontsize, smaller):
        legend = build_legend(figure, axes, width_px, renderer, size, tall_px, loc="upper left")
        if legend.get_window_extent(renderer).height <= tall_px:
            return legend
    return fitting_legend(lambda keep: build_legend(figure, axes, width_px, renderer, smaller, tall_px,
                                                    loc="upper left", keep=keep),
                          series_count(axes), tall_px, renderer)[0]


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
            if width < TINY_PX or height < TINY_PX:  # a hidden or collapsed dock: nothing to fit
                return
            self._keep = {}
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
                if side:  # beside the axes only when they keep SIDE_AXES_WIDTH_SHARE of the width
                    self._side_px = self._side_width(figure, renderer, source_top)
                    if self._side_px is None:
                        continue
                self._attempt(figure, renderer, side, source_top, fontsize)
                if not side:
                    self._shorten_below(figure, renderer, source_top, fontsize)
                else:  # a legend wider than its room (long words): narrower, once
                    excess = max(SIDE_AXES_WIDTH_SHARE * width - axes.get_window_extent(renderer).width
                                 for axes in legends)
                    if excess > 0.5 and self._side_px - excess >= SIDE_MIN_POINTS * figure.dpi / 72.0:
                        self._side_px -= excess
                        self._attempt(figure, renderer, side, source_top, fontsize)
                room_left = self._axes_room(figure, renderer, side)
                tried.append((room_left, side))
                if room_left > 0:
                    break
            else:  # neither fits well: the one that leaves the axes most room
                best = max(tried)[1]
                if best != tried[-1][1]:
                    self._attempt(figure, renderer, best, source_top, fontsize)

        def _side_width(self, figure, renderer, source_top: float):
            """The width a legend beside the axes may take so that they keep
            SIDE_AXES_WIDTH_SHARE of the figure's (their y tick labels and label
            at their left); None when that is narrower than SIDE_MIN_POINTS."""
            width = figure.bbox.width
            pad = PAD_POINTS * figure.dpi / 72.0
            for axes in figure.axes:  # measured as drawn, not as the last layout fitted them
                fit_axis_label(axes.yaxis.label, float("inf"), renderer)
            self.set(rect=(0.0, source_top / figure.bbox.height, 1.0, 1.0))
            super().execute(figure)  # the axes where their y tick labels and label are measured
            left = 0.0
            for axes in figure.axes:
                frame = axes.get_window_extent(renderer)
                box = axes.yaxis.get_tightbbox(renderer)
                right = axes.xaxis.get_tightbbox(renderer)  # the last tick label, the offset text
                left = max(left, (frame.x0 - box.x0 if box is not None else 0.0) +
                           (max(right.x1 - frame.x1, 0.0) if right is not None else 0.0))
            import matplotlib

            pads = 2 * self.get()["pad"] * matplotlib.rcParams["font.size"] * figure.dpi / 72.0
            budget = width * (1.0 - SIDE_AXES_WIDTH_SHARE) - left - pads - pad
            return budget if budget >= SIDE_MIN_POINTS * figure.dpi / 72.0 else None

        def _axes_height(self, figure, axes, renderer) -> float:
            """The height the last layout's room leaves the axes (also when
            matplotlib could not lay them out in it): that room less their
            title and tick labels and the tight layout's pads."""
            import matplotlib

            frame = axes.get_window_extent(renderer)
            tight = axes.get_tightbbox(renderer, for_layout_only=True)
            decorations = tight.height - frame.height if tight is not None else 0.0
            pads = 2 * self.get()["pad"] * matplotlib.rcParams["font.size"] * figure.dpi / 72.0
            return self._rect_px[2] - self._used_px - decorations - pads

        def _shorten_below(self, figure, renderer, source_top: float, fontsize) -> None:
            """A legend below that leaves the axes lower than AXES_HEIGHT_SHARE of
            the figure: as many of its series as leave them that and "+ N more"."""
            height = figure.bbox.height
            share = WIDE_AXES_HEIGHT_SHARE if figure.get_figwidth() >= WIDE_INCHES else AXES_HEIGHT_SHARE
            pad = PAD_POINTS * figure.dpi / 72.0
            room = max(figure.bbox.width - 2 * pad, 20.0)
            for _round in range(2):  # the tight layout is not linear: once more when still short
                changed = False
                for axes in figure.axes:
                    legend = axes.get_legend()
                    count = series_count(axes)
                    if legend is None or count <= 1 or self._keep.get(axes) == 1:
                        continue
                    short = share * height - self._axes_height(figure, axes, renderer)
                    if short <= 0.5:
                        continue
                    tall = legend.get_window_extent(renderer).height - short
                    _legend, keep = fitting_legend(
                        lambda keep: build_legend(figure, axes, room, renderer, fontsize, TALL_LEGEND_SHARE * height,
                                                  keep=keep), count, tall, renderer)
                    keep = keep if keep is not None else count - 1
                    if self._keep.get(axes) is not None:
                        keep = min(keep, self._keep[axes] - 1)
                    self._keep[axes] = max(keep, 1)
                    changed = True
                if not changed:
                    return
                self._attempt(figure, renderer, False, source_top, fontsize)

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
                    legend = side_legend(figure, axes, self._side_px, top - source_top, renderer, fontsize)
                else:
                    legend = build_legend(figure, axes, room, renderer, fontsize, TALL_LEGEND_SHARE * height,
                                          keep=self._keep.get(axes))
                legends.append((axes, legend))
            bottom, right = source_top, width
            if side and legends:
                right = width - pad - max(legend.get_window_extent(renderer).width for _a, legend in legends)
            else:
                bottom += sum(legend.get_window_extent(renderer).height + gap for _axes, legend in legends)
            used = self._used_px = bottom
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

        def _axes_room(self, figure, renderer, side: bool = False) -> float:
            """How well the last layout fits: the axes' smallest height beyond
            MIN_AXES_SHARE of the figure's (negative: too flat, or matplotlib could
            not fit their decorations in the room left, so left them where they were;
            beside a legend narrower than SIDE_AXES_WIDTH_SHARE of the figure: never)."""
            height = figure.bbox.height
            if side and any(axes.get_window_extent(renderer).width < (SIDE_AXES_WIDTH_SHARE - 0.02) * figure.bbox.width
                            for axes in figure.axes if axes.get_legend() is not None):
                return -1.0e9
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
