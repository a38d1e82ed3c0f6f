"""What every Situation Mapper algorithm shares: naming, grouping, help, icon."""

from typing import Dict, List, Tuple

from qgis.core import (
    QgsField,
    QgsFields,
    QgsProcessingAlgorithm,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..core.date_selection import DateSelectionError

from ..infra.i18n import tr
from ..icons import icon
from ..store import ControlLayerError, check_control_layer, open_control_layer, to_day
from ..layers.hostile_ground import HostileGround
from ..store import is_store_location


def fields_from(specs) -> QgsFields:
    """Output fields from ``(name, QVariant type)`` pairs, in order."""
    fields = QgsFields()
    for name, kind in specs:
        fields.append(QgsField(name, kind))
    return fields


class SituationMapperAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set NAME, DISPLAY_NAME, GROUP, HELP and define
    ``initAlgorithm`` and ``processAlgorithm``."""

    NAME = ""
    DISPLAY_NAME = ""
    GROUP = "Geodesy"
    GROUP_ID = "geodesy"
    ICON = "situation_mapper"
    HELP = ""

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY_NAME)

    def group(self):
        return tr(self.GROUP)

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP)

    def icon(self):
        return icon(self.ICON)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """A PostGIS store location given for a layer parameter (CONTROL) is opened
        and checked here, as QGIS's own check does not know such locations; every
        other value is checked as usual."""
        checked = dict(parameters)
        for definition in self.parameterDefinitions():
            value = parameters.get(definition.name())
            if isinstance(definition, QgsProcessingParameterVectorLayer) and is_store_location(value):
                try:
                    checked[definition.name()] = open_control_layer(value)
                except ControlLayerError as error:
                    return False, str(error)
        return super().checkParameterValues(checked, context)

    # -- shared parameter readers ------------------------------------------------
    def parameterAsControlLayer(self, parameters, name, context):  # noqa: N802
        """The control layer of a ``QgsProcessingParameterVectorLayer``: a layer
        with the store's control fields, a store's ``.gpkg`` path, or a PostGIS
        store location (``postgres:service=... schema=...``)."""
        value = parameters.get(name)
        try:
            if is_store_location(value):
                return open_control_layer(value)  # a store: GeoPackage path or PostGIS location
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is None:
                raise QgsProcessingException(tr("No control layer given in {}.").format(name))
            check_control_layer(layer)
            return layer
        except ControlLayerError as error:
            raise QgsProcessingException(str(error)) from error

    def parameterAsWords(self, parameters, name, context) -> List[str]:  # noqa: N802
        """A comma-separated string parameter (statuses, sources) as its distinct,
        stripped words in order; empty words dropped."""
        words = []
        for word in (self.parameterAsString(parameters, name, context) or "").split(","):
            word = word.strip()
            if word and word not in words:
                words.append(word)
        return words

    def addHostileGroundParameters(self):  # noqa: N802
        """Declare CONTROL, STATUSES (hostile), SOURCES and DATES: the inputs
        :meth:`hostileGroundAndDays` reads."""
        self.addParameter(QgsProcessingParameterVectorLayer(
            "CONTROL", tr("Control layer"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterString(
            "STATUSES", tr("Hostile statuses (comma separated)"), defaultValue="occupied"))
        self.addParameter(QgsProcessingParameterString(
            "SOURCES", tr("Sources (comma separated; empty: each source)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            "DATES", tr("Dates (2025-11-20, 2025-10-01..2025-12-31, 2025-10-01/7, all)"),
            defaultValue="", optional=True))

    def hostileGroundAndDays(self, parameters, context):  # noqa: N802
        """The hostile ground of CONTROL for STATUSES and SOURCES, and the snapshot
        days DATES selects; a clear QgsProcessingException when there is none."""
        control = self.parameterAsControlLayer(parameters, "CONTROL", context)
        statuses = self.parameterAsWords(parameters, "STATUSES", context)
        sources = self.parameterAsWords(parameters, "SOURCES", context)
        hostile = HostileGround(control, statuses, sources)
        if not hostile.records:
            raise QgsProcessingException(tr(
                "Control layer '{}' has no feature with status {} {}.").format(
                    control.name(), ", ".join(statuses) or "(any)",
                    ("and source " + ", ".join(sources)) if sources else ""))
        try:
            days = hostile.select_days(self.parameterAsString(parameters, "DATES", context))
        except DateSelectionError as error:
            raise QgsProcessingException(tr("DATES: {}").format(error)) from error
        if not days:
            raise QgsProcessingException(tr("DATES selects no day with a snapshot."))
        return hostile, days

    def parameterAsSinks(self, parameters, context, specs, crs) -> Dict[str, Tuple]:  # noqa: N802
        """``{name: (sink, destination id)}`` for ``(name, fields, wkb type)`` specs."""
        sinks = {}
        for name, fields, geometry_type in specs:
            sink, dest_id = self.parameterAsSink(parameters, name, context, fields, geometry_type, crs)
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, name))
            sinks[name] = (sink, dest_id)
        return sinks

    def parameterAsDay(self, parameters, name, context):  # noqa: N802
        """A ``QgsProcessingParameterDateTime`` (type Date) or ISO string as a
        ``datetime.date``; None when the optional parameter is empty."""
        value = parameters.get(name)
        if value is None or value == "":
            return None
        try:
            day = to_day(value)
        except ValueError as error:
            raise QgsProcessingException(
                tr("{}: '{}' is not a date (YYYY-MM-DD).").format(name, value)) from error
        if day is None:
            raise QgsProcessingException(tr("{}: '{}' is not a date (YYYY-MM-DD).").format(name, value))
        return day
