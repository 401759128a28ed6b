"""Detection: find personal data in text with Presidio over an explicit spaCy pipeline.

``Detector`` loads the model once; build one per process (the CLI, the GUI's background
worker and each worker process do). Settings come from ``resources/detection.yaml``.
"""

from typing import TYPE_CHECKING

from redaction.detection.settings import DetectionSettings, ExtraModel, load_detection_settings

if TYPE_CHECKING:
    from redaction.detection.engine import Detector

__all__ = ["DetectionSettings", "Detector", "ExtraModel", "load_detection_settings"]


def __getattr__(name: str) -> object:
    # Importing the engine imports spaCy and Presidio (seconds); settings alone must stay cheap.
    if name == "Detector":
        from redaction.detection.engine import Detector

        return Detector
    raise AttributeError(name)
