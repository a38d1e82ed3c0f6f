"""The sources and licences block and the "who said what" line of a map product.

Sources come from each layer's metadata (QgsLayerMetadata rights and licences,
the layer's attribution) and, for layers read from a situation store
(GeoPackage or PostGIS), from the store's ``sources`` table (source, licence, url,
attribution: what ``importsnapshots`` was given as SOURCE_LICENCE, SOURCE_URL and
SOURCE_ATTRIBUTION) when it has one. A layer computed by the plugin (an
algorithm's output: it has ``date`` and ``source`` fields, or it is marked with
:func:`mark_computed`) says what it was computed from, e.g. "computed by
Situation Mapper from DeepStateMap". What states no licence at all is said once,
in one line naming every such source or layer, so a reader sees what is unsourced.
"""

import datetime
from typing import Dict, List, Optional, Sequence

from qgis.core import QgsFeatureRequest, QgsVectorLayer

from ..infra.i18n import tr
from ..store import ControlLayerError, check_control_layer, read_records, select_records
from ..store import location_of_layer, source_rows

# a layer property naming what a computed layer was computed from (sources, comma separated)
COMPUTED_FROM_PROPERTY = "situation_mapper/computed_from"
# the fields every figure algorithm's output has (encirclement arcs, corridor throat, ...)
COMPUTED_LAYER_FIELDS = ("date", "source")
# distinct source values read from a computed layer, at most
MAX_COMPUTED_SOURCES = 20


def store_path_of(layer) -> str:
    """The situation store a layer reads (a GeoPackage file or a PostGIS store's
    public location), or "" (memory layers, other formats)."""
    return location_of_layer(layer)


def _layer_attribution(layer) -> str:
    # QgsMapLayer.attribution() moved to serverProperties() in QGIS 3.28
    if hasattr(layer, "serverProperties") and hasattr(layer.serverProperties(), "attribution"):
        return layer.serverProperties().attribution() or ""
    return layer.attribution() if hasattr(layer, "attribution") else ""


def _states_its_source(layer) -> bool:
    metadata = layer.metadata()
    return bool(metadata.rights() or [lic for lic in metadata.licenses() if lic] or _layer_attribution(layer))


def layer_source_line(layer) -> str:
    """``name: attribution, rights; licence`` from the layer's metadata."""
    metadata = layer.metadata()
    parts = []
    attribution = _layer_attribution(layer)
    if attribution:
        parts.append(attribution)
    parts.extend(r for r in metadata.rights() if r and r not in parts)
    licences = [lic for lic in metadata.licenses() if lic]
    text = ", ".join(parts)
    if licences:
        text = (text + "; " if text else "") + tr("licence") + " " + ", ".join(licences)
    return f"{layer.name()}: {text or tr('source and licence not stated')}"


def mark_computed(layer, sources: Sequence[str]) -> None:
    """Mark ``layer`` as computed by the plugin from ``sources`` (for the sources block)."""
    layer.setCustomProperty(COMPUTED_FROM_PROPERTY, ",".join(s for s in sources if s))


def computed_from(layer) -> Optional[List[str]]:
    """The sources a layer computed by the plugin was computed from ([] when it
    does not say), or None for a layer the plugin did not compute."""
    marked = layer.customProperty(COMPUTED_FROM_PROPERTY)
    if marked is not None and str(marked) != "NULL":
        return [s.strip() for s in str(marked).split(",") if s.strip()]
    if not isinstance(layer, QgsVectorLayer) or store_path_of(layer) or is_control_layer(layer):
        return None
    names = layer.fields().names()
    if not all(name in names for name in COMPUTED_LAYER_FIELDS):
        return None
    index = layer.fields().indexOf("source")
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([index])
    found: List[str] = []
    for feature in layer.getFeatures(request):
        value = feature.attribute(index)
        text = "" if value is None or str(value) == "NULL" else str(value).strip()
        if text and text not in found:
            found.append(text)
            if len(found) >= MAX_COMPUTED_SOURCES:
                break
    return sorted(found)


def _store_source_terms(row: Dict[str, str]) -> str:
    """``licence (attribution, url)`` of a store's sources table row."""
    detail = ", ".join(v for v in (row.get("attribution"), row.get("url")) if v)
    licence = row.get("licence") or row.get("license") or tr("licence not stated")
    return licence + (f" ({detail})" if detail else "")


def _store_source_lines(rows: Sequence[Dict[str, str]]) -> List[str]:
    """A line per distinct licence and attribution, naming every source that has
    them: ``Source A, Source B: licence (attribution, url)``."""
    by_terms: Dict[str, List[str]] = {}
    for row in rows:
        by_terms.setdefault(_store_source_terms(row), []).append(row["source"])
    return [f"{', '.join(sources)}: {terms}" for terms, sources in by_terms.items()]


def source_lines(layers: Sequence) -> List[str]:
    """The sources block: a line per layer stating its own source, a line per
    source of the stores' ``sources`` tables (each source once, however many
    stores or layers show it), a line per group of computed layers naming what
    they were computed from, and one line naming everything whose source and
    licence are not stated (and one for sources named without a licence)."""
    lines: List[str] = []
    stored: Dict[str, Dict[str, str]] = {}  # source -> its sources table row
    computed: Dict[tuple, List[str]] = {}  # the sources computed from -> layer names
    unlicensed: List[str] = []  # sources the stores name without licence, url or attribution
    unstated: List[str] = []  # layers that say nothing of where they come from
    seen_stores = set()
    for layer in layers:
        path = store_path_of(layer)
        rows = source_rows(path) if path else []
        if path and path not in seen_stores:
            seen_stores.add(path)
            for row in rows:
                known = stored.get(row["source"])
                # the first store that says something about a source speaks for it
                if known is None or not any(known.get(k) for k in ("licence", "url", "attribution")):
                    stored[row["source"]] = row
        if _states_its_source(layer):
            lines.append(layer_source_line(layer))
            continue
        origin = computed_from(layer)
        if origin is not None:
            computed.setdefault(tuple(origin), []).append(layer.name())
        elif not rows and layer.name() not in unstated:
            unstated.append(layer.name())  # a store's layers are covered by its sources table
    lines.extend(_store_source_lines([row for row in stored.values()
                                      if any(row.get(k) for k in ("licence", "license", "url", "attribution"))]))
    unlicensed.extend(source for source, row in stored.items()
                      if not any(row.get(k) for k in ("licence", "license", "url", "attribution")))
    for origin, names in computed.items():
        lines.append(", ".join(names) + ": " + (
            tr("computed by Situation Mapper from {}").format(", ".join(origin)) if origin
            else tr("computed by Situation Mapper")))
        unlicensed.extend(s for s in origin if s not in stored and s not in unlicensed)
    if unlicensed:
        lines.append(tr("Licence not stated: {}").format(", ".join(unlicensed)))
    if unstated:
        lines.append(tr("Source and licence not stated: {}").format(", ".join(unstated)))
    return lines


def is_control_layer(layer) -> bool:
    if not isinstance(layer, QgsVectorLayer):
        return False
    try:
        check_control_layer(layer)
    except ControlLayerError:
        return False
    return True


def basis_line(control_layers: Sequence, day: datetime.date) -> str:
    """Which source shows which status on ``day``, with its confidence, e.g.
    ``Shown for 2025-11-20: DeepStateMap - occupied (assessed); ISW - claimed (claimed)``."""
    parts = []
    for layer in control_layers:
        by_source: Dict[str, List[str]] = {}
        for record in select_records(read_records(layer), day):
            status = record.status + (f" ({record.confidence})" if record.confidence else "")
            entries = by_source.setdefault(record.source or tr("unnamed source"), [])
            if status not in entries:
                entries.append(status)
        for source, statuses in sorted(by_source.items()):
            parts.append(f"{source} - {', '.join(statuses)}")
    if not parts:
        return tr("No control snapshot valid on {}.").format(day.isoformat())
    return tr("Shown for {}: ").format(day.isoformat()) + "; ".join(parts)
