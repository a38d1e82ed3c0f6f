"""GDAL's error messages kept off stderr: within :class:`QuietGdal` they go to
``gdal.GetLastErrorMsg()``, where the caller reads them into its own message
naming the file (a user reads "ERROR 4" on a console as a failure)."""

from osgeo import gdal


class QuietGdal:
    """A block in which GDAL errors are recorded, not printed."""

    def __enter__(self):
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        gdal.ErrorReset()
        return self

    def __exit__(self, *exc):
        gdal.PopErrorHandler()
        return False
