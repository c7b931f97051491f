"""The report section of `xlt predict`: how well transfer is learnt from a study's own runs
(cross-validated MAE against the baselines) and the fitted transfer matrix as a heatmap."""

from __future__ import annotations

import numpy as np
import polars as pl

from xlt.errors import InputError

MIN_RUNS = 10
# The report's budget (all analyses and the page in 10 s at 1,000 runs x 52 languages) leaves this
# section a second or two: xlt's model is fitted once on all runs for the heatmap, and the error
# table cross-validates a seeded subsample of runs with few folds and a lighter GBM, as its note
# says. `xlt predict cv` runs the full cross-validation.
CV_RUNS = 250
CV_FOLDS = 3
CV_SEED = 0
CV_GBM = dict(n_estimators=40, num_leaves=15, learning_rate=0.2)  # as accurate as the full GBM on the bench study


def _main_table(results: pl.DataFrame, study: dict):
    """The runs table of the study's main (model, method, task, metric): the most common ones."""
    from xlt.analysis import tidy
    from xlt.predict import runs

    tuned = results.filter(pl.col("kind") != "reference")
    if tuned.height == 0:
        return None
    counts = tuned.group_by("model", "method").agg(pl.col("run").n_unique().alias("n")).sort("n", "model", "method", descending=[True, False, False])
    model, method = counts.row(0)[:2]
    main = tidy.main_metrics(results.filter(pl.col("model") == model))
    if not main:  # no metric has a score: nothing to learn transfer from
        return None
    task, metric = main[0]
    return runs.from_results(results, study, source="results.parquet", model=model, task=task, metric=metric, method=method), method


def transfer_section(results: pl.DataFrame, items, study: dict):
    """Learnt transfer: cross-validated prediction error and the fitted transfer matrix"""
    from xlt.analysis import plots, tidy
    from xlt.analysis.section import Figure, NotApplicable, Section
    from xlt.predict import features, validate
    from xlt.predict.models import GBM, TransferModel

    try:
        found = _main_table(results, study)
    except InputError as exc:
        return NotApplicable(f"no runs table for prediction ({exc})")
    if found is None:
        return NotApplicable("no tuned runs: transfer not learnt")
    table, method = found
    tuned = [r for r in table.runs if not r.reference]
    if len(tuned) < MIN_RUNS or len(table.eval_langs) < 2:
        return NotApplicable(f"{len(tuned)} tuned runs (fewer than {MIN_RUNS}): transfer not learnt")
    s = tidy.scale(results, table.task, table.metric)
    cv = validate.cross_validate(table, max_folds=CV_FOLDS, seed=CV_SEED, reps=1000, max_runs=CV_RUNS, gbm=CV_GBM)
    rows = []
    for scheme in ("leave_one_run_out", "leave_one_language_out"):
        block = cv[scheme]
        for name, mae in block["mae"].items():
            diff = block["difference"].get(name)
            rows.append(dict(
                held_out=scheme.removeprefix("leave_one_").removesuffix("_out"), folds=block["folds"], model=name, mae=mae * s,
                minus_xlt=diff["mean"] * s if diff else None,
                minus_xlt_low=diff["low"] * s if diff else None,
                minus_xlt_high=diff["high"] * s if diff else None))
    sp = features.table_space(table)
    model = TransferModel().fit(validate.data_of(table, sp))
    _, t = model.transfer(sp)
    train, evals = table.train_langs, table.eval_langs
    nonzero = [n for r in tuned for n in r.counts.values() if n > 0]
    n_typ = float(np.median(nonzero))
    gain = t[np.ix_(sp.index(train), sp.index(evals))] * np.log1p(n_typ / model.c) * s
    fig, (ax,) = plots.new_figure(max(5.0, 0.28 * len(evals) + 2.5), max(3.2, 0.26 * len(train) + 1.6))
    lim = float(np.abs(gain).max()) or 1.0
    im = ax.imshow(gain, cmap="RdBu", vmin=-lim, vmax=lim, aspect="auto", interpolation="nearest")
    ax.grid(False)
    small = len(evals) <= 20 and len(train) <= 20
    ax.set_xticks(range(len(evals)), evals, fontsize=7 if small else 5, rotation=0 if small else 90)
    ax.set_yticks(range(len(train)), train, fontsize=7 if small else 5)
    ax.set_xlabel("evaluation language", fontsize=8)
    ax.set_ylabel("training language", fontsize=8)
    ax.set_title(f"{table.task}: fitted transfer ({table.model}, {method})", fontsize=10)
    fig.subplots_adjust(right=0.88)
    fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    if small:
        for i in range(len(train)):
            for j in range(len(evals)):
                ax.text(j, i, f"{gain[i, j]:.1f}", ha="center", va="center", fontsize=6,
                        color="white" if abs(gain[i, j]) > 0.6 * lim else "#1f2933")
    unit = tidy.unit(s)
    figure = Figure(f"predict_transfer_{table.task}_{table.metric}", fig, (
        f"Fitted transfer matrix of xlt's model on {len(tuned)} runs: predicted gain in {table.metric} ({unit}) on the "
        f"evaluation language from {n_typ:.0f} examples (the runs' median count) of the training language, "
        f"T[L, l] * log1p(n / c) with c = {model.c:.3g}. Posterior means; the model's cross-validated error is in the table."))
    lr, ll = cv["leave_one_run_out"], cv["leave_one_language_out"]
    best_base = min(lr["mae"][k] for k in validate.BASELINES)
    sample = (f"{cv['runs']} of the {cv['sampled_from']} runs, drawn at random with seed {CV_SEED}" if "sampled_from" in cv
              else f"all {cv['runs']} runs")
    gbm = ", ".join(f"{k} {v}" for k, v in CV_GBM.items())
    full = GBM().params
    text = [
        f"Cross-validated on {sample} ({cv['rows']} scores of {table.task} {table.metric}), xlt's transfer model predicts "
        f"held-out runs with mean absolute error {lr['mae']['xlt'] * s:.2f} {unit} (best baseline {best_base * s:.2f}) "
        f"and held-out evaluation languages, from their features alone, with {ll['mae']['xlt'] * s:.2f}.",
        "minus_xlt: a baseline's MAE minus xlt's (> 0: xlt's model is better), with a 95% paired bootstrap interval "
        "over held-out runs (mixtures) or languages.",
    ]
    note = (
        f"MAE in {unit}. What was cross-validated: {sample}; each scheme in {lr['folds']} folds (held_out run: "
        f"runs of one mixture, seed replicates, held out together; held_out language: evaluation languages dealt "
        f"into folds); every model refitted on each fold's training runs; gbm is LightGBM made lighter for the "
        f"report ({gbm}; `xlt predict cv` uses n_estimators {full['n_estimators']}, num_leaves "
        f"{full['num_leaves']}, learning_rate {full['learning_rate']}). The heatmap's model is "
        f"fitted on all {len(tuned)} tuned runs. `xlt predict cv` cross-validates every run."
    )
    return Section(
        "predict", "Learnt transfer (xlt predict)", pl.DataFrame(rows), text=text, figures=[figure], table_note=note)
