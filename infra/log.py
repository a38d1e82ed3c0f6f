"""The plugin's one logger, forwarded to the QGIS message log under its tag."""

import logging

from qgis.core import Qgis, QgsMessageLog

LOG_TAG = "Situation Mapper"

_LEVELS = (
    (logging.ERROR, Qgis.Critical),
    (logging.WARNING, Qgis.Warning),
    (logging.INFO, Qgis.Info),
)


class QgsMessageLogHandler(logging.Handler):
    """Send Python log records to ``QgsMessageLog`` under :data:`LOG_TAG`."""

    def emit(self, record):
        try:
            level = next((q for py, q in _LEVELS if record.levelno >= py), Qgis.Info)
            QgsMessageLog.logMessage(self.format(record), LOG_TAG, level)
        except Exception:  # a log call must never break the caller
            self.handleError(record)


def get_logger() -> logging.Logger:
    """Return the ``situation_mapper`` logger, attaching the QGIS handler once."""
    logger = logging.getLogger("situation_mapper")
    if not any(isinstance(h, QgsMessageLogHandler) for h in logger.handlers):
        handler = QgsMessageLogHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


log = get_logger()
