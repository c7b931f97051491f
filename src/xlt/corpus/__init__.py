"""Parallel corpora: readers into one table, validation, statistics (micro/ holds the built-in world)."""

from xlt.corpus.readers import (
    COLUMNS,
    SPLITS,
    CorpusReport,
    FieldMap,
    assign_splits,
    corpus_stats,
    load_corpus,
    source_fingerprint,
    validate_corpus,
    write_jsonl,
)

__all__ = [
    "COLUMNS",
    "SPLITS",
    "CorpusReport",
    "FieldMap",
    "assign_splits",
    "corpus_stats",
    "load_corpus",
    "source_fingerprint",
    "validate_corpus",
    "write_jsonl",
]
