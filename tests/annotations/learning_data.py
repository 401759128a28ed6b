"""Synthetic annotated CVs and one tiny trained model, shared by the learning tests.

The model is trained once per test process (2 epochs on 40 Faker CVs, a few seconds) and kept in
a temporary directory removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from faker import Faker

from annotations.training import TrainingConfig, build_meta, save_model, train_ner
from redaction.evaluation import GoldDoc, GoldSpan
from tests.factories import make_cv_text

#: Small chunks and batches: many updates per epoch, so 2 epochs learn the CV template.
TINY = TrainingConfig(epochs=2, seed=3, chunk_chars=150, batch_start=2, batch_stop=8)


def synthetic_cvs(n: int, seed: int = 1234) -> list[GoldDoc]:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    docs = []
    for i in range(n):
        text, spans = make_cv_text(fake)
        docs.append(
            GoldDoc(f"cv-{i:03d}", text, tuple(GoldSpan(s.start, s.end, s.label) for s in spans))
        )
    return docs


@lru_cache(maxsize=1)
def trained_model_dir() -> Path:
    """A model trained on 40 synthetic CVs (labels: the PII labels of ``make_cv_text``)."""
    root = Path(tempfile.mkdtemp(prefix="redact-test-model-"))
    atexit.register(shutil.rmtree, root, True)
    docs = synthetic_cvs(40)
    nlp, report = train_ner(docs, TINY, source="synthetic")
    meta = build_meta(report, TINY, docs, {"kind": "test"})
    return save_model(nlp, root / "cv-model", meta)
