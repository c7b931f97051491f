"""Machine translation of corpora: engines, protection of what must not change, a resumable cache,
and a quality report (docs/architecture.md).

    from xlt.translate import translate_corpus
    table = translate_corpus(table, "en", ["es", "fr"], "openai:gpt-4o-mini")
"""

from xlt.translate.cache import SegmentCache, default_cache_dir
from xlt.translate.corpus import Translation, TranslationFailed, translate_corpus, translate_table
from xlt.translate.engines import EngineError, HFEngine, OpenAIEngine, make_engine

__all__ = [
    "EngineError",
    "HFEngine",
    "OpenAIEngine",
    "SegmentCache",
    "Translation",
    "TranslationFailed",
    "default_cache_dir",
    "make_engine",
    "translate_corpus",
    "translate_table",
]
