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

from .chart_legend import (  # noqa: F401 - the legend's helpers, also reached through this module
    LEGEND_GID, SHOWN_DATE_GID, SMALLER, TALL_LEGEND_ENTRIES, TALL_LEGEND_SHARE, _text_width, build_legend,
    fitting_legend, more_label, place_legend, series_count, side_legend, wrap_text)

SOURCE_GID = "chart_source"
PAD_POINTS = 4.0  # room kept at the figure's edges and between the bands
GAP_POINTS = 3.0  # between the tick labels and the legend, the legend and the source
DATE_TICK_POINTS = 26.0  # of axes' width per date tick ("Nov", "08" and a space)
WIDE_INCHES = 5.0  # a figure at least this wide (a print figure) has a larger legend
MAX_LEGEND_SHARE = 0.62  # the legend and the source take at most this part of the figure's height
# the legend at the right of the axes first in a figure this many times as wide as high
# whose legend below would take more than SIDE_SHARE of its height, or lower than LOW_INCHES
SIDE_ASPECT = 1.6
SIDE_SHARE = 0.4
LOW_INCHES = 2.5
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


def fit_text(artist, width_px: float, renderer) -> None:
    """Wrap the text ``artist`` to ``width_px`` (its full text when it fits)."""
    full = _full_text(artist)
    properties = artist.get_fontproperties()
    wrapped = full if _text_width(renderer, full, properties) <= width_px else \
        wrap_text(full, width_px, renderer, properties)
    _set_wrapped(artist, full, wrapped)


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
            if tight is None or (tight.y0 >= self._rect_px[0] - 2.0 and tight.y1 <= self._rect_px[2] + 2.0):
                return frame.height  # laid out in the room: as they are
            decorations = tight.height - frame.height
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
