"""Machine translation of corpora: engines, protection of what must not change, a resumable cache,
and a quality report (docs/architecture.md).

    from xlt.translate import translate_table
    table = translate_table(table, "en", ["es", "fr"], "openai:gpt-4o-mini").table
"""

from xlt.translate.cache import SegmentCache, default_cache_dir
from xlt.translate.corpus import Translation, TranslationFailed, translate_table
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
    "translate_table",
]
