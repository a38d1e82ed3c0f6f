"""Every user setting of the plugin, as typed QgsSettingsEntry objects.

Values live in the QGIS user profile under ``plugins/situation_mapper/``.
Per-project state (store, date, visible sources) goes into the project file
instead; see ``layers/project_state.py``.
"""

from qgis.core import (
    QgsSettingsEntryDouble,
    QgsSettingsEntryInteger,
    QgsSettingsEntryString,
)

PLUGIN_KEY = "situation_mapper"

DEFAULT_ARC_MAX_SEGMENT_M = QgsSettingsEntryDouble(
    "arc/max_segment_m", PLUGIN_KEY, 50.0,
    "Largest distance between two vertices of a drawn geodesic arc, in metres.",
)
DEFAULT_ENCIRCLEMENT_RADIUS_M = QgsSettingsEntryDouble(
    "encirclement/radius_m", PLUGIN_KEY, 5000.0,
    "Default radius for enclosed-degree computations, in metres.",
)
LAST_IMPORT_FOLDER = QgsSettingsEntryString(
    "import/last_folder", PLUGIN_KEY, "",
    "Folder of the last snapshot import.",
)
LAST_EXPORT_FOLDER = QgsSettingsEntryString(
    "export/last_folder", PLUGIN_KEY, "",
    "Folder of the last map export.",
)
DEFAULT_AUTHOR = QgsSettingsEntryString(
    "drawing/author", PLUGIN_KEY, "",
    "Author name written on drawings (encirclement arcs, corridors).",
)
EXPORT_DPI = QgsSettingsEntryInteger(
    "export/dpi", PLUGIN_KEY, 200,
    "Default resolution of raster map exports, in dots per inch.",
)
EVENT_DISPLAY_DAYS = QgsSettingsEntryInteger(
    "events/display_days", PLUGIN_KEY, 3,
    "How many days an event stays on the map from its day (its day included).",
)
CHART_EXPORT_WIDTH_MM = QgsSettingsEntryDouble(
    "charts/export_width_mm", PLUGIN_KEY, 180.0,
    "Width of a chart saved from the Analysis tab (PNG or SVG), in millimetres, whatever the dock's size.",
)
CHART_EXPORT_HEIGHT_MM = QgsSettingsEntryDouble(
    "charts/export_height_mm", PLUGIN_KEY, 100.0,
    "Height of a chart saved from the Analysis tab (PNG or SVG), in millimetres.",
)
CHART_EXPORT_DPI = QgsSettingsEntryInteger(
    "charts/export_dpi", PLUGIN_KEY, 300,
    "Resolution of a chart saved from the Analysis tab as PNG, in dots per inch.",
)
