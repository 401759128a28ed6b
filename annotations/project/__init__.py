"""The project layer: use cases that span the store and the detection core, written once for
both fronts. ``redact`` subcommands and the desktop app turn flags or widgets into the option
dataclasses here, call these functions (the app on its work thread) and render the results.
Both open the project's store and build its detector through one ``Project``.

Each name is imported from its module on first use: a process that only exports training data
(the app's export process) does not pay for importing the anonymiser, and the reverse."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.project.anonymise import (
        AnonymiseOptions,
        AnonymiseResult,
        anonymise_project,
    )
    from annotations.project.imports import ImportOptions, ImportReport, import_documents
    from annotations.project.project import Project
    from annotations.project.training_export import (
        TrainingExportOptions,
        TrainingExportResult,
        export_training_data,
    )

_HOMES = {
    "AnonymiseOptions": "anonymise",
    "AnonymiseResult": "anonymise",
    "anonymise_project": "anonymise",
    "ImportOptions": "imports",
    "ImportReport": "imports",
    "import_documents": "imports",
    "Project": "project",
    "TrainingExportOptions": "training_export",
    "TrainingExportResult": "training_export",
    "export_training_data": "training_export",
}

__all__ = [
    "AnonymiseOptions",
    "AnonymiseResult",
    "ImportOptions",
    "ImportReport",
    "Project",
    "TrainingExportOptions",
    "TrainingExportResult",
    "anonymise_project",
    "export_training_data",
    "import_documents",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
