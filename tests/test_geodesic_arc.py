"""situationmapper:geodesicarc against independent geodesic computations (pyproj)."""

import numpy as np
import pytest
from pyproj import Geod
from qgis.core import QgsPointXY, QgsVectorLayer

GEOD = Geod(ellps="WGS84")


def run_arc(tmp_path, **params):
    import processing

    params.setdefault("OUTPUT", str(tmp_path / "arc.gpkg"))
    result = processing.run("situationmapper:geodesicarc", params)
    layer = QgsVectorLayer(result["OUTPUT"], "arc", "ogr")
    assert layer.isValid()
    features = list(layer.getFeatures())
    assert len(features) == 1
    return layer, features[0]


def true_arc_length(lon, lat, radius, start, end):
    """Length of the geodesic circle arc, by a 131073-vertex polyline (pyproj)."""
    azimuths = np.linspace(start, end, 2 ** 17 + 1)
    n = azimuths.size
    lons, lats, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), azimuths, np.full(n, radius))
    return GEOD.line_length(lons, lats)


@pytest.mark.parametrize("lat", [0.0, 48.0])
def test_quarter_arc_length_and_end_points(provider, tmp_path, lat):
    from situation_mapper.core.geodesy import wgs84_distance_area

    lon = 37.18
    layer, feature = run_arc(tmp_path, CENTER=f"{lon},{lat} [EPSG:4326]", RADIUS_M=1000,
                             START_AZIMUTH=0, END_AZIMUTH=90, SEGMENTS=2048)
    assert layer.crs().authid() == "EPSG:4326"
    line = feature.geometry().asPolyline()
    assert len(line) == 2049

    length = wgs84_distance_area().measureLength(feature.geometry())
    assert abs(length - true_arc_length(lon, lat, 1000, 0, 90)) < 0.001
    assert abs(feature["length_m"] - length) < 1e-6
    assert feature["sweep_deg"] == 90

    for vertex, azimuth in ((line[0], 0.0), (line[-1], 90.0)):
        forward, _back, distance = GEOD.inv(lon, lat, vertex.x(), vertex.y())
        assert abs(((forward - azimuth + 180) % 360) - 180) < 1e-9
        assert abs(distance - 1000) < 1e-6


def test_every_vertex_at_radius(provider, tmp_path):
    _layer, feature = run_arc(tmp_path, CENTER="37.18,48.28 [EPSG:4326]", RADIUS_M=10000,
                              START_AZIMUTH=300, END_AZIMUTH=60, MAX_SEGMENT_M=100)
    line = feature.geometry().asPolyline()
    distances = [GEOD.inv(37.18, 48.28, p.x(), p.y())[2] for p in line]
    assert max(abs(d - 10000) for d in distances) < 1e-6
    # 120 degrees clockwise through north; no chord longer than 100 m
    assert feature["sweep_deg"] == pytest.approx(120)
    assert len(line) - 1 >= 10000 * np.radians(120) / 100
    bearings = [GEOD.inv(37.18, 48.28, p.x(), p.y())[0] % 360 for p in line[1:-1]]
    assert all(b > 300 or b < 60 for b in bearings)


def test_centre_in_projected_crs_is_reprojected(provider, tmp_path):
    # Pokrovsk centre in UTM 37N
    _layer, feature = run_arc(tmp_path, CENTER="370000,5350000 [EPSG:32637]", RADIUS_M=5000,
                              START_AZIMUTH=0, END_AZIMUTH=360)
    line = feature.geometry().asPolyline()
    assert line[0] == line[-1] or QgsPointXY(line[0]).distance(line[-1]) < 1e-9
    assert feature["sweep_deg"] == 360
    lon, lat = 37.18, 48.28
    assert abs(line[0].x() - lon) < 1.0 and abs(line[0].y() - lat) < 1.0


def test_empty_arc_is_a_clear_error(provider, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="arc would be empty"):
        run_arc(tmp_path, CENTER="37,48 [EPSG:4326]", RADIUS_M=1000,
                START_AZIMUTH=45, END_AZIMUTH=45)


def test_geodesy_segment_count():
    from situation_mapper.core.geodesy import arc_segment_count

    assert arc_segment_count(1000, 90, 50) == 90  # 1 degree cap wins
    assert arc_segment_count(100000, 90, 50) == int(np.ceil(100000 * np.pi / 2 / 50))
    with pytest.raises(ValueError):
        arc_segment_count(0, 90, 50)
