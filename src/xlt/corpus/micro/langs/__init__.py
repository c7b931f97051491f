"""One module per language of the micro world: vocabulary, grammar functions and templates."""
