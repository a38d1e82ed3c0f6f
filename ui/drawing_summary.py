"""The Draw tab's texts: where drawings go, and the summary of a computed
encirclement or corridor table (a few lines, then how many more rows it holds)."""

from typing import List

from ..infra.i18n import tr
from ..store import is_team_store

SUMMARY_LINES = 6


def _value(value):
    """A feature attribute, None for NULL."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value


def result_summary(table, limit: int = SUMMARY_LINES) -> List[str]:
    """Up to ``limit`` lines of the result table, then how many more rows it has."""
    lines = []
    names = table.fields().names()
    features = list(table.getFeatures())
    for feature in features[:limit]:
        date = feature["date"].toString("yyyy-MM-dd") if feature["date"] else ""
        if "enclosed_deg" in names:
            lines.append(tr("{} {} at {:.0f} m: {:.1f}° enclosed").format(
                date, feature["area"], feature["radius_m"], feature["enclosed_deg"]))
        elif "width_m" in names:
            width = _value(feature["width_m"])
            if width is None:  # no snapshot that day: the note says why
                lines.append(tr("{}: {}").format(date, _value(feature["note"]) or ""))
                continue
            line = tr("{}: {} ({:.0f} m)").format(date, feature["status"], width)
            trend = _value(feature["trend_m_per_day"]) if "trend_m_per_day" in names else None
            if trend is not None:
                line += tr(", trend {:+.1f} m/day").format(trend)
            closure = _value(feature["closure_estimate"]) if "closure_estimate" in names else None
            if closure is not None:
                line += tr(", closure estimate (extrapolation): {}").format(closure.toString("yyyy-MM-dd"))
            lines.append(line)
    if len(features) > limit:
        lines.append(tr("… and {} more rows in the layer '{}'").format(len(features) - limit,
                                                                      table.name()))
    return lines


def store_status_text(location: str) -> str:
    """Where the drawings go with the store ``location`` (none: memory layers)."""
    if not location.strip():
        return tr("No store open: drawings go to memory layers under 'Drawings' and are not saved.")
    text = tr("Drawings go to the store's drawings tables; Save writes them.")
    if is_team_store(location):
        text += " " + tr("Team store: a drawing another analyst saved meanwhile is not overwritten; "
                         "Save says who changed it.")
    return text
