"""The legend of a chart fitted by export/charts_fit.py's layout: out of the
axes, in as many columns as fit a width (labels wrapped between words when
one column is too wide), beside the axes in a column of a given width, and,
when even that is too tall, with the series that fit and "+ N more" (the day
shown kept). Pure matplotlib; the texts measured with the figure's renderer."""

import math

from ..infra.i18n import tr

SHOWN_DATE_GID = "shown_date"  # the day-shown line (export/charts.mark_shown_date): kept in a shortened legend
LEGEND_GID = "chart_legend"
TALL_LEGEND_ENTRIES = 6  # a list this long, taller than TALL_LEGEND_SHARE of the figure: two columns
TALL_LEGEND_SHARE = 0.3
SMALLER = {"x-small": "xx-small", "small": "x-small"}


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
