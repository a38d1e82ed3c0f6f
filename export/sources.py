"""The sources and licences block and the "who said what" line of a map product.

Sources come from each layer's metadata (QgsLayerMetadata rights and licences,
the layer's attribution) and, for layers read from a situation store
(GeoPackage or PostGIS), from the store's ``sources`` table (source, licence, url,
attribution) when it has one. A layer that states nothing is listed as such,
so a reader sees what is unsourced.
"""

import datetime
from typing import Dict, List, Sequence

from qgis.core import QgsVectorLayer

from ..infra.i18n import tr
from ..store import ControlLayerError, check_control_layer, read_records, select_records
from ..store import location_of_layer, source_rows


def store_path_of(layer) -> str:
    """The situation store a layer reads (a GeoPackage file or a PostGIS store's
    public location), or "" (memory layers, other formats)."""
    return location_of_layer(layer)


def _layer_attribution(layer) -> str:
    # QgsMapLayer.attribution() moved to serverProperties() in QGIS 3.28
    if hasattr(layer, "serverProperties") and hasattr(layer.serverProperties(), "attribution"):
        return layer.serverProperties().attribution() or ""
    return layer.attribution() if hasattr(layer, "attribution") else ""


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


def source_lines(layers: Sequence) -> List[str]:
    """One line per layer, then one per row of the stores' ``sources`` tables."""
    lines, seen_stores = [], set()
    for layer in layers:
        path = store_path_of(layer)
        rows = source_rows(path) if path else []
        metadata = layer.metadata()
        if not rows or metadata.rights() or metadata.licenses() or _layer_attribution(layer):
            lines.append(layer_source_line(layer))
        # a store's layers without their own metadata are covered by its sources table
        if path and path not in seen_stores:
            seen_stores.add(path)
            for row in rows:
                detail = ", ".join(v for v in (row.get("attribution"), row.get("url")) if v)
                licence = row.get("licence") or row.get("license") or tr("licence not stated")
                lines.append(f"{row['source']}: {licence}" + (f" ({detail})" if detail else ""))
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
