"""Situation Mapper: a QGIS plugin for mapping a moving front line.

QGIS calls :func:`classFactory` with ``iface`` in QGIS Desktop and with ``None``
under ``qgis_process``; imports stay lazy so the headless path loads no widgets.
"""


def classFactory(iface):  # noqa: N802 - name fixed by QGIS
    """Return the plugin instance QGIS drives through initProcessing/initGui/unload."""
    from .plugin import SituationMapperPlugin

    return SituationMapperPlugin(iface)
