"""One authalic function for every ellipsoidal area: core.geodesy.authalic_q
against the closed form, and a ring's area against pyproj.Geod."""

import math

import numpy as np
import pytest
from pyproj import Geod

A, F = 6378137.0, 1.0 / 298.257223563
E2 = F * (2.0 - F)
E = math.sqrt(E2)


def closed_form_q(latitude):
    """q(phi) of an ellipsoid of eccentricity E (Snyder, Map Projections, 3-12)."""
    s = np.sin(latitude)
    return (1.0 - E2) * (s / (1.0 - E2 * s * s) - np.log((1.0 - E * s) / (1.0 + E * s)) / (2.0 * E))


def test_authalic_q_is_the_closed_form_scaled():
    from situation_mapper.core.geodesy import authalic_q

    latitudes = np.radians(np.linspace(-89.9, 89.9, 721))
    assert np.allclose(2.0 * (1.0 - E2) * authalic_q(latitudes), closed_form_q(latitudes),
                       rtol=1.2e-9, atol=1e-14)  # the series stops before 5/9 e^8 sin^9
    assert authalic_q(math.radians(48.0)) == pytest.approx(
        float(closed_form_q(math.radians(48.0))) / (2.0 * (1.0 - E2)), rel=2e-10)


def test_control_area_uses_it():
    from qgis.core import QgsGeometry

    from situation_mapper.core.control_geometry import ellipsoidal_area_km2

    west, south, east, north = 37.0, 48.0, 37.5, 48.4
    ring = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    geometry = QgsGeometry.fromWkt("POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))")
    # pyproj measures geodesic edges; the parallels of a box differ from them by
    # a little: densified, the two agree to 1e-6
    lons = np.concatenate([np.linspace(west, east, 200), np.full(200, east),
                           np.linspace(east, west, 200), np.full(200, west)])
    lats = np.concatenate([np.full(200, south), np.linspace(south, north, 200),
                           np.full(200, north), np.linspace(north, south, 200)])
    expected = abs(Geod(a=A, f=F).polygon_area_perimeter(lons, lats)[0]) / 1e6
    assert ellipsoidal_area_km2(geometry) == pytest.approx(expected, rel=1e-5)
