"""Animations of the situation over days: an animated GIF (Pillow) and, where
Debian's ``ffmpeg`` is installed, an MP4 - one frame per day, the day burnt in."""

import datetime
import io
import os
import shutil
# ffmpeg runs with a fixed argument list, never through a shell
import subprocess  # nosec B404
import tempfile
from typing import Callable, List, Sequence

from qgis.core import QgsLayoutExporter
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

from ..infra.atomic_files import AtomicFiles
from ..infra.i18n import tr
from .atlas import ExportCancelled, ExportError

# Height of the burnt-in date banner, as a share of the frame height.
BANNER_SHARE = 0.075


def ffmpeg_path() -> str:
    """The ffmpeg executable, or "" when it is not installed."""
    return shutil.which("ffmpeg") or ""


def pillow_available() -> bool:
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True


def burn_in_date(image: QImage, day: datetime.date) -> QImage:
    """``image`` with "as of YYYY-MM-DD" on a white banner in its lower left corner."""
    framed = image.convertToFormat(QImage.Format_ARGB32)
    painter = QPainter(framed)
    try:
        painter.setRenderHint(QPainter.Antialiasing)
        banner_height = max(14, int(framed.height() * BANNER_SHARE))
        font = QFont("DejaVu Sans")
        font.setBold(True)
        font.setPixelSize(int(banner_height * 0.62))
        painter.setFont(font)
        text = tr("as of {}").format(day.isoformat())
        width = painter.fontMetrics().horizontalAdvance(text) + banner_height
        box = QRectF(0, framed.height() - banner_height, width, banner_height)
        painter.fillRect(box, QColor(255, 255, 255, 230))
        painter.setPen(QColor(20, 20, 20))
        painter.drawText(box, Qt.AlignCenter, text)
    finally:
        painter.end()
    return framed


def render_frames(layout, days: Sequence[datetime.date], show_day: Callable, dpi: float,
                  feedback) -> List[QImage]:
    """One image of the layout's page per day, the day burnt in."""
    frames = []
    exporter = QgsLayoutExporter(layout)
    for index, day in enumerate(days):
        if feedback is not None:
            if feedback.isCanceled():
                raise ExportCancelled(tr("Export cancelled: no animation was written."))
            feedback.setProgress(90.0 * index / max(1, len(days)))
        show_day(day)
        image = exporter.renderPageToImage(0, dpi=dpi)
        if image.isNull():
            raise ExportError(tr("The page for {} could not be rendered at {} dpi.").format(day, dpi))
        frames.append(burn_in_date(image, day))
    return frames


def _to_pillow(image: QImage):
    from PIL import Image

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGB")


def write_gif(frames: Sequence[QImage], path: str, frame_ms: int) -> str:
    """An animated GIF looping over ``frames``, atomically; returns ``path``."""
    if not pillow_available():
        raise ExportError(tr("Animated GIF needs the Python package Pillow (Debian: python3-pil)."))
    if not frames:
        raise ExportError(tr("No frame to animate."))
    pictures = [_to_pillow(frame).quantize(colors=255) for frame in frames]
    with AtomicFiles() as files:
        temporary = files.temporary_for(path)
        pictures[0].save(temporary, format="GIF", save_all=True, append_images=pictures[1:],
                         duration=int(frame_ms), loop=0, optimize=False, disposal=1)
        return files.commit()[0]


def write_mp4(frames: Sequence[QImage], path: str, frame_ms: int) -> str:
    """An H.264 MP4 of ``frames`` through ffmpeg, atomically; returns ``path``."""
    executable = ffmpeg_path()
    if not executable:
        raise ExportError(tr("MP4 needs ffmpeg (Debian package ffmpeg), which is not installed; "
                             "export an animated GIF instead."))
    if not frames:
        raise ExportError(tr("No frame to animate."))
    with tempfile.TemporaryDirectory(prefix="situation_frames_") as folder, AtomicFiles() as files:
        for index, frame in enumerate(frames):
            if not frame.save(os.path.join(folder, f"frame_{index:05d}.png"), "PNG"):
                raise ExportError(tr("Cannot write animation frames into '{}'.").format(folder))
        temporary = files.temporary_for(path)
        fps = 1000.0 / max(1, int(frame_ms))
        command = [executable, "-y", "-loglevel", "error", "-framerate", f"{fps:.4f}",
                   "-i", os.path.join(folder, "frame_%05d.png"), "-c:v", "libx264",
                   "-pix_fmt", "yuv420p", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", temporary]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)  # nosec B603
        if done.returncode != 0:
            raise ExportError(tr("ffmpeg could not write '{}': {}").format(path, done.stderr.strip()[-400:]))
        return files.commit()[0]
