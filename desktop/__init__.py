"""The Qt desktop app (`redact-studio`): a thin layer over the headless core."""

from desktop.qt_compat import protect_none

protect_none()
