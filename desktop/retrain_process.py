"""Background retraining's own process: training a spaCy model is minutes of work that holds
the interpreter lock, so it must not run in the app's process, where every keystroke decision
would wait for it.

``python -m desktop.retrain_process DB MODEL_DIR EPOCHS [SPACY_MODEL]`` runs
``retrain_if_better`` on the project and writes one JSON object per line on stdout:
``{"epoch": 3, "epochs": 20, "f": 0.81}`` after each epoch, then ``{"done": summary,
"switched_on": bool}`` or ``{"error": message}``. Killing the process cancels the run.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def _emit(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    db, out, epochs = Path(args[0]), Path(args[1]), int(args[2])
    model = args[3] if len(args) > 3 and args[3] else None
    if hasattr(os, "nice"):  # background work: the app gets the CPU first
        os.nice(10)
    from annotations.project.learning import TrainingJob, retrain_if_better
    from annotations.training import EpochStats, TrainingConfig
    from redaction.detection import Detector
    from redaction.errors import RedactError

    def on_epoch(stats: EpochStats) -> None:
        _emit({"epoch": stats.epoch, "epochs": stats.epochs, "f": round(stats.f, 3)})

    try:
        result = retrain_if_better(
            db, TrainingJob(out, TrainingConfig(epochs=epochs)), Detector,
            on_epoch=on_epoch, model=model,
        )  # fmt: skip
    except RedactError as exc:
        _emit({"error": str(exc)})
        return 1
    _emit({"done": result.summary, "switched_on": result.switched_on, "out": str(out)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
