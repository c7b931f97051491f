"""Evaluation: datasets (benchmarks.py), outputs (generate.py, options.py), scorers (scorers.py, lid.py,
judges/), and the entry the run pipeline calls (pipeline.evaluate). Submodules import torch lazily
through their own imports; import what you need from them."""
