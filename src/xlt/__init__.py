"""xlt: a cross-lingual transfer lab for LLM post-training."""

__version__ = "0.1.0"
