"""The built-in micro world: a parallel SFT corpus in 18 languages and pretraining text of the same world.

`generate()` renders seeded `math` and `api` items (and `instruct`, on request: instruct.py) in every language from templates written per
language (langs/<code>.py); `pretraining_documents()` writes plain-text documents of the same world,
as much per language as its resource level says.
"""

from xlt.corpus.micro.parallel import ALL_TASKS, LANGUAGES, RESOURCE_PROFILE, TASKS, generate
from xlt.corpus.micro.pretraining import LEVELS, pretraining_documents

__all__ = ["ALL_TASKS", "LANGUAGES", "LEVELS", "RESOURCE_PROFILE", "TASKS", "generate", "pretraining_documents"]
