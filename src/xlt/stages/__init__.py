"""The stages `xlt run` goes through before and around the runs, one module each:

- corpus.py: the study's corpus, machine-translated first when the study asks;
- items.py: the evaluation items, the judge check, and what a run's evaluation is computed with;
- mixtures.py: each distinct training mixture and its validation rows;
- sxs.py: IF_L, each run judged side by side against the monolingual run of the evaluation language.

Training and evaluating one run is job.py; the results table is results.py; run.py orders them.
"""
