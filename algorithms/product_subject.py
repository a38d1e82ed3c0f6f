"""What a map product is framed on, read from ``situationmapper:exportmap``'s
parameters: AREA (all or the selected features), EXTENT, the focus area of
AREAS with the circle of the radius around it and the corridor's throat, AREAS.

Mixed into :class:`~.export_map.ExportMapAlgorithm`, which provides the
parameter names, ``layers`` (its private copies), ``project`` and ``subject``.
"""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingException,
)

from ..core.local_projection import local_centroid
from ..export.framing import geometry_box_wgs84, grow_to_radius
from ..infra.i18n import tr


class ProductSubject:
    """The subject (degrees) a product is framed on."""

    def _area_subject(self, parameters, context):
        """The bounding box (degrees) of AREA's features (only the selected ones
        when so given), or None without AREA."""
        if parameters.get(self.AREA) in (None, ""):
            return None
        source = self.parameterAsSource(parameters, self.AREA, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.AREA))
        box = None
        for feature in source.getFeatures():
            if not feature.hasGeometry():
                continue
            part = geometry_box_wgs84(feature.geometry(), source.sourceCrs())
            if box is None:
                box = part
            else:
                box.combineExtentWith(part)
        if box is None:
            raise QgsProcessingException(tr("AREA has no feature with a geometry to frame the map on."))
        return box

    @staticmethod
    def _with_throat(subject, throat_layers):
        """The focus subject grown to hold the corridor throat (drawn where computed)."""
        grown = subject.__class__(subject)
        for layer in throat_layers:
            for feature in layer.getFeatures():
                if feature.hasGeometry():
                    grown.combineExtentWith(geometry_box_wgs84(feature.geometry(), layer.crs()))
        return grown

    def _extent(self, parameters, context):
        """The subject the map is framed on (degrees): AREA, EXTENT, the focus area
        with the circle of RADIUS_M around it, AREAS; None: every visible layer."""
        if self.subject is not None:
            return self.subject
        if parameters.get(self.EXTENT) not in (None, ""):
            wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
            return self.parameterAsExtent(parameters, self.EXTENT, context, wgs84)
        if self.focus is not None:
            return self.focus_subject
        areas = self.layers.get(self.AREAS)
        if areas is not None and areas.featureCount() > 0:
            box = geometry_box_wgs84(QgsGeometry.unaryUnion(
                [f.geometry() for f in areas.getFeatures() if f.hasGeometry()]), areas.crs())
            return box
        return None

    def _focus(self, parameters, context):
        """The focus area's features of AREAS as a layer (None without FOCUS_AREA), and
        the subject it gives: its box grown to the circle of RADIUS_M around it."""
        self.focus, self.focus_subject = None, None
        name = self.parameterAsString(parameters, self.FOCUS_AREA, context).strip()
        areas = self.layers.get(self.AREAS)
        if not name or areas is None:
            return
        field = self.parameterAsString(parameters, self.AREA_NAME_FIELD, context)
        if not field or areas.fields().indexOf(field) < 0:
            raise QgsProcessingException(tr("FOCUS_AREA '{}' needs AREA_NAME_FIELD, the field of AREAS "
                                            "naming the areas.").format(name))
        wanted = [f.id() for f in areas.getFeatures()
                  if str(f[field]).strip().casefold() == name.casefold() and f.hasGeometry()]
        if not wanted:
            raise QgsProcessingException(tr("FOCUS_AREA: no area named '{}' in '{}' (field {}).").format(
                name, areas.name(), field))
        self.focus = areas.materialize(QgsFeatureRequest().setFilterFids(wanted))
        self.focus.setName(areas.name())
        self.project.addMapLayer(self.focus, False)  # owned by the product's project, not drawn
        geometry = QgsGeometry.unaryUnion([f.geometry() for f in self.focus.getFeatures()])
        to_wgs84 = QgsCoordinateTransform(areas.crs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                          context.transformContext())
        geometry.transform(to_wgs84)
        radius = self.parameterAsDouble(parameters, self.RADIUS_M, context)
        self.focus_subject = grow_to_radius(geometry.boundingBox(), local_centroid(geometry), radius)
