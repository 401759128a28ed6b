"""The project layer: use cases that span the store and the detection core, written once for
both fronts. ``redact`` subcommands and the desktop app turn flags or widgets into the option
dataclasses here, call these functions (the app on its work thread) and render the results.
Both open the project's store and build its detector through one ``Project``."""

from annotations.project.anonymise import AnonymiseOptions, AnonymiseResult, anonymise_project
from annotations.project.imports import ImportOptions, ImportReport, import_documents
from annotations.project.project import Project
from annotations.project.training_export import (
    TrainingExportOptions,
    TrainingExportResult,
    export_training_data,
)

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
