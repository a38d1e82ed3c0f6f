"""What every Situation Mapper algorithm shares: naming, grouping, help, icon,
the shared parameters, and how outputs are written (ISO dates in CSV files,
optional outputs skipped when not asked for)."""

import datetime
import functools
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProxyFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QDate, QThread, QVariant

from ..core.date_selection import DateSelectionError
from ..core import geodesy
from ..core.day_values import qdate  # noqa: F401 (the algorithms' day helper)
from ..core.local_projection import local_centroid

from ..infra.i18n import tr
from ..infra.responsive import background_work
from ..icons import icon
from ..store import ControlLayerError, check_control_layer, open_control_layer, to_day
from ..layers.hostile_ground import HostileGround
from ..store import is_store_location


def fields_from(specs) -> QgsFields:
    """Output fields from ``(name, QVariant type)`` or ``(name, type, length)``
    tuples, in order."""
    fields = QgsFields()
    for spec in specs:
        fields.append(QgsField(*spec))
    return fields


def is_csv_destination(destination) -> bool:
    """Whether an output destination (a file path or OGR URI) is a CSV file."""
    text = str(destination or "").strip()
    if text.lower().startswith("ogr:"):
        text = text[4:]
    return text.split("|", 1)[0].strip().strip("'\"").lower().endswith(".csv")


def iso_text(value):
    """A date attribute as ISO text (2025-11-20); any other value unchanged."""
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


class IsoDateSink(QgsProxyFeatureSink):
    """A sink writing the date attributes at ``indexes`` as ISO text: the CSV
    driver would write a Date field as 2025/11/20."""

    def __init__(self, sink, indexes):
        super().__init__(sink)
        self._sink = sink  # kept alive as long as the proxy
        self._indexes = list(indexes)

    def _converted(self, feature):
        attributes = feature.attributes()
        for index in self._indexes:
            if index < len(attributes):
                attributes[index] = iso_text(attributes[index])
        copy = QgsFeature(feature)
        copy.setAttributes(attributes)
        return copy

    def addFeature(self, feature, flags=QgsFeatureSink.Flags()):  # noqa: N802
        return self._sink.addFeature(self._converted(feature), flags)

    def addFeatures(self, features, flags=QgsFeatureSink.Flags()):  # noqa: N802
        return self._sink.addFeatures([self._converted(f) for f in features], flags)

    def flushBuffer(self):  # noqa: N802
        return self._sink.flushBuffer()

    def lastError(self):  # noqa: N802
        return self._sink.lastError()


def iso_date_fields(fields: QgsFields) -> Tuple[QgsFields, List[int]]:
    """``fields`` with every Date field made a 10-character text field, and
    the indexes of those fields."""
    converted = QgsFields()
    indexes = []
    for index, field in enumerate(fields):
        if field.type() == QVariant.Date:
            field = QgsField(field.name(), QVariant.String, "string", 10)
            indexes.append(index)
        converted.append(field)
    return converted, indexes


def no_snapshot_note(records, day: datetime.date, source: str) -> str:
    """The note of a row on ``day`` for which ``source`` has no valid snapshot
    (``records``: control records, any sources): before its first snapshot, or
    after the last one ended."""
    earlier = [r for r in records if r.source == source and r.valid_from <= day]
    if earlier:
        last = max(earlier, key=lambda r: r.valid_from)
        return tr("no {} snapshot valid on {} (the last one, of {}, ended on {})").format(
            source, day.isoformat(), last.valid_from.isoformat(),
            last.valid_to.isoformat() if last.valid_to else "?")
    return tr("no snapshot on or before {} from {}").format(day.isoformat(), source)


class SituationMapperAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set NAME, DISPLAY_NAME, GROUP, HELP and define
    ``initAlgorithm`` and ``processAlgorithm``."""

    NAME = ""
    DISPLAY_NAME = ""

    def __init_subclass__(cls, **kwargs):
        """Each subclass's ``processAlgorithm``, run in a worker thread (the
        toolbox, a model, a panel), keeps the GUI's turns on the interpreter
        short while it runs (infra/responsive.py)."""
        super().__init_subclass__(**kwargs)
        process = cls.__dict__.get("processAlgorithm")
        if process is None or getattr(process, "keeps_gui_responsive", False):
            return

        @functools.wraps(process)
        def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
            if QThread.currentThread() == QCoreApplication.instance().thread():
                return process(self, parameters, context, feedback)
            with background_work():
                return process(self, parameters, context, feedback)

        processAlgorithm.keeps_gui_responsive = True
        cls.processAlgorithm = processAlgorithm

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

    def addNamedPointsParameters(self, name, label, types, name_field, name_field_label):  # noqa: N802
        """Declare a feature source of places (``types``) and its optional name
        field: the inputs :meth:`parameterAsNamedPoints` reads."""
        self.addParameter(QgsProcessingParameterFeatureSource(name, label, types))
        self.addParameter(QgsProcessingParameterField(
            name_field, name_field_label, parentLayerParameterName=name, optional=True))

    def parameterAsNamedPoints(self, parameters, name, name_field_name, context, feedback,  # noqa: N802
                               empty_message, none_message):
        """The features of the source ``name`` as (name, lon/lat point) pairs: a
        point as it is, a line or polygon by its centroid (measured in a local
        projection); ``empty_message`` (with the feature's name) reports a feature
        without geometry, ``none_message`` stops the run when none has one."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        name_field = self.parameterAsString(parameters, name_field_name, context)
        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        transform = QgsCoordinateTransform(source.sourceCrs(), wgs84, context.transformContext())
        points = []
        for feature in source.getFeatures():
            label = str(feature[name_field]) if name_field else str(feature.id())
            geometry = QgsGeometry(feature.geometry())
            if geometry.isEmpty():
                feedback.reportError(empty_message.format(label))
                continue
            geometry.transform(transform)
            if geometry.type() == QgsWkbTypes.PointGeometry:
                point = geometry.centroid().asPoint()
            else:
                point = local_centroid(geometry)
            points.append((label, QgsPointXY(point)))
        if not points:
            raise QgsProcessingException(none_message)
        return points

    def addControlParameters(self, statuses_label: str,  # noqa: N802
                             statuses_default: Optional[str] = "occupied",
                             sources_label: Optional[str] = None, dates: bool = True,
                             after_control=(), after_statuses=()) -> None:
        """Declare the control inputs every figure reads, in this order: CONTROL
        (a control layer, a store's .gpkg or a PostGIS store location), the
        definitions ``after_control`` (e.g. a date), STATUSES (``statuses_label``;
        default ``statuses_default``, or optional meaning every status when it is
        None), the definitions ``after_statuses``, SOURCES (empty: each source
        on its own) and, with ``dates``, DATES (a date selection)."""
        self.addParameter(QgsProcessingParameterVectorLayer(
            "CONTROL", tr("Control layer or situation store"), [QgsProcessing.TypeVectorPolygon]))
        for definition in after_control:
            self.addParameter(definition)
        if statuses_default is None:
            self.addParameter(QgsProcessingParameterString("STATUSES", statuses_label, optional=True))
        else:
            self.addParameter(QgsProcessingParameterString(
                "STATUSES", statuses_label, defaultValue=statuses_default))
        for definition in after_statuses:
            self.addParameter(definition)
        self.addParameter(QgsProcessingParameterString(
            "SOURCES", sources_label or tr("Sources (comma separated; empty: each source)"), optional=True))
        if dates:
            self.addParameter(QgsProcessingParameterString(
                "DATES", tr("Dates (2025-11-20, 2025-10-01..2025-12-31, 2025-10-01/7, all)"),
                defaultValue="", optional=True))

    def addHostileGroundParameters(self):  # noqa: N802
        """Declare CONTROL, STATUSES (hostile), SOURCES and DATES: the inputs
        :meth:`hostileGroundAndDays` reads."""
        self.addControlParameters(tr("Hostile statuses (comma separated)"))

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

    # -- outputs ------------------------------------------------------------------
    def parameterAsSink(self, parameters, name, context, fields,  # noqa: N802
                        geometryType=QgsWkbTypes.NoGeometry,  # noqa: N803
                        crs=QgsCoordinateReferenceSystem(), *args):
        """As QGIS's own, but a CSV destination gets its dates as ISO text
        (2025-11-20): the CSV driver would write a Date field as 2025/11/20."""
        iso_indexes: List[int] = []
        if self.isAskedFor(parameters, name) and is_csv_destination(
                self.parameterAsOutputLayer(parameters, name, context)):
            fields, iso_indexes = iso_date_fields(fields)
        sink, dest_id = super().parameterAsSink(parameters, name, context, fields, geometryType, crs, *args)
        if sink is not None and iso_indexes:
            sink = IsoDateSink(sink, iso_indexes)
        return sink, dest_id

    def isAskedFor(self, parameters, name) -> bool:  # noqa: N802
        """Whether the output ``name`` was given a destination (an optional output
        left out of a qgis_process or processing.run call was not)."""
        value = parameters.get(name)
        if value is None:
            return False
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value = value.sink.staticValue()
        return value is not None and str(value) != ""

    def parameterAsSinks(self, parameters, context, specs, crs) -> Dict[str, Tuple]:  # noqa: N802
        """``{name: (sink, destination id)}`` for ``(name, fields, wkb type)`` specs.
        An optional output that was not asked for gets ``(None, None)``; write
        to it through :func:`add_feature`, which skips it."""
        sinks = {}
        for name, fields, geometry_type in specs:
            definition = self.parameterDefinition(name)
            optional = definition is not None and bool(
                definition.flags() & QgsProcessingParameterDefinition.FlagOptional)
            if optional and not self.isAskedFor(parameters, name):
                sinks[name] = (None, None)
                continue
            sink, dest_id = self.parameterAsSink(parameters, name, context, fields, geometry_type, crs)
            if sink is None:
                if optional:
                    sinks[name] = (None, None)
                    continue
                raise QgsProcessingException(self.invalidSinkError(parameters, name))
            sinks[name] = (sink, dest_id)
        return sinks

    @staticmethod
    def sinkResults(sinks) -> Dict[str, str]:  # noqa: N802
        """The results of :meth:`parameterAsSinks` outputs: the ones written."""
        return {name: dest_id for name, (sink, dest_id) in sinks.items() if sink is not None}

    @staticmethod
    def optionalSink(name, description, kind):  # noqa: N802
        """An output a user may leave out (not created unless asked for)."""
        return QgsProcessingParameterFeatureSink(name, description, kind, optional=True,
                                                 createByDefault=False)

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
