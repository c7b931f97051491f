"""Learn cross-lingual transfer from runs (mixtures and their scores), predict, and recommend mixtures."""
