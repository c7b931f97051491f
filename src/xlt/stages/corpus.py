"""The study's corpus: read as it is, or machine-translated first (a cached stage of its own in `.store/corpora/`)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from xlt import artifacts
from xlt.plan import corpus_identity
from xlt.smoke import SMOKE_ROWS, SMOKE_VERSION, cut_source
from xlt.store import content_hash
from xlt.study import Study


def load_study_corpus(study: Study, store: Path, smoke: bool = False) -> pl.DataFrame:
    """The study's corpus, machine-translated first when the study asks (a cached stage of its own);
    a smoke run translates only a few ids per task and split."""
    d = study.data
    if d.translate is None:
        return d.read_corpus()
    from xlt.translate import default_cache_dir, make_engine, translate_table

    t = d.translate
    langs = list(dict.fromkeys(study.languages.train + study.languages.eval))
    smoke_ids = SMOKE_ROWS + len(langs) * len(study.data.tasks) if smoke else None
    key = content_hash({"translate": t.model_dump(by_alias=True), "data": corpus_identity(study), "langs": [study.languages.train, study.languages.eval]}
                       | ({"smoke": [SMOKE_VERSION, smoke_ids]} if smoke else {}))
    final = store / "corpora" / key
    if not artifacts.is_complete(final):
        source = d.read_corpus(t.source)
        if smoke:
            source = cut_source(source, study.seed, smoke_ids)
        if t.to == "train":
            targets = study.languages.train
        elif t.to == "eval":
            targets = study.languages.eval
        elif t.to == "train+eval":
            targets = list(dict.fromkeys(study.languages.train + study.languages.eval))
        else:
            targets = t.to
        targets = [x for x in targets if x != t.from_]
        result = translate_table(source, t.from_, targets, make_engine(t.engine), t.fields, study.execution.workers * 8, default_cache_dir())
        tmp = artifacts.staging(final)
        result.table.write_parquet(tmp / "corpus.parquet")
        artifacts.commit(tmp, final)
    return pl.read_parquet(final / "corpus.parquet")
