"""Per-language tables of the micro `instruct` task: category words, prompt phrasings, response frames, prose."""
