"""The measurements behind the papers' claims, one function per claim, each over one study's results.

Every measurement is a difference of means over item scores with a paired bootstrap interval (the
same items in both groups, so item difficulty cancels; with training-seed replicates it resamples seeds,
then items), a Pearson r with a Fisher-z interval, or a mean over languages or pairs with a bootstrap
over them; all from `xlt.stats` and `data.ItemScores`.
Differences are in points: x100 for 0-1 metrics, a judge's 1-K rating as a share of its range x100,
so one margin (`MARGIN` points) reads the same on every metric. A study without what a claim needs
raises NotTestable with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from xlt import stats
from xlt.analysis import comparisons, curves, languages, tidy
from xlt.analysis.claims.core import Evidence, NotTestable
from xlt.analysis.data import Cell, ItemScores
from xlt.analysis.section import NotApplicable

MARGIN = 5.0  # points: "matches" / "at least as good" allow this much below
NO_BASE = "needs the untuned base model (reference = true)"
# a task's score metric, in docs/results.md's order of preference; IF_L is relative to another run, not a score
SCORE_METRICS = ("exact_match", "call_match", "acc_norm", "acc", "rouge_l", "chrf++_en_xx", "win_rate", "judge")


@dataclass(frozen=True)
class Study:
    """One study's results as the measurements read them."""

    results: pl.DataFrame
    items: ItemScores
    info: dict  # study.json, completed by data.complete_study
    runs: pl.DataFrame  # one row per run
    tuned: pl.DataFrame

    @property
    def evals(self) -> list[str]:
        return list(self.info["eval"])


def study_of(results: pl.DataFrame, items: ItemScores, info: dict) -> Study:
    runs = tidy.runs(results)
    return Study(results, items, info, runs, tidy.tuned(runs))


# --- shared pieces ------------------------------------------------------------------------------


def score_metric(s: Study, task: str | None = None, zero_one: bool = False) -> tuple[str, str]:
    """The first task (or `task`) with a score metric, and that metric."""
    scored = s.results.filter(pl.col("value").is_not_nan()).select("task", "metric").unique()
    tasks = [task] if task else sorted(scored["task"].unique().to_list())
    for t in tasks:
        have = set(scored.filter(pl.col("task") == t)["metric"].to_list())
        for m in SCORE_METRICS:
            if m in have and (not zero_one or tidy.scale(s.results, t, m) == 100.0):
                return t, m
    raise NotTestable(f"no scored task{' ' + task if task else ''} (metrics {', '.join(SCORE_METRICS)})")


def points(s: Study, task: str, metric: str) -> float:
    """Factor from a metric's values to points: x100 on 0-1, a judge's 1-3 or 1-5 range as 100."""
    if tidy.scale(s.results, task, metric) == 100.0:
        return 100.0
    top = tidy.scores(s.results, task, metric)["value"].drop_nans().max() or 3.0
    return 100.0 / (2.0 if top <= 3 else 4.0)


def one_grid(s: Study, frame: pl.DataFrame, method: str | None = None, model: str | None = None) -> pl.DataFrame:
    """The runs of one base model and one method (the study's first model, full fine-tuning first), so
    a comparison never mixes models or methods."""
    if method:
        frame = frame.filter(pl.col("method") == method)
    if frame.height == 0:
        return frame
    models = [m for m in s.info.get("models") or [] if m in set(frame["model"].to_list())]
    model = model or (models[0] if models else frame["model"][0])
    frame = frame.filter(pl.col("model") == model)
    methods = frame["method"].unique().to_list()
    return frame.filter(pl.col("method") == ("full" if "full" in methods else sorted(methods)[0]))


def base_run(s: Study, model: str) -> str:
    base = tidy.reference_runs(s.runs).filter(pl.col("model") == model)["run"].to_list()
    if not base:
        raise NotTestable(NO_BASE)
    return base[0]


def trains(frame: pl.DataFrame, task: str) -> pl.DataFrame:
    """Runs whose mixture holds `task` (a run tuned on api says nothing about math)."""
    keep = [task in _tasks(c) for c in frame["counts"].to_list()]
    return frame.filter(pl.Series(keep, dtype=pl.Boolean))


def _tasks(counts: str) -> set[str]:
    return {t for v in tidy.params(counts).values() if isinstance(v, dict) for t, n in v.items() if n}


def contrast(s: Study, task: str, metric: str, plus: list[list[Cell]], minus: list[list[Cell]], detail: str) -> Evidence:
    """sum(plus groups) - sum(minus groups), item by item, with a paired bootstrap interval (points); with
    training-seed replicates, one difference per seed and an interval that resamples seeds, then items, so the
    seed-to-seed spread widens it (one seed: the paired bootstrap over items)."""
    groups = plus + minus
    if any(not g for g in groups):
        raise NotTestable(f"no runs for one side of the comparison ({detail})")
    diffs = []
    for replicate in seed_replicates(s, groups):
        x = s.items.group_items(task, metric, replicate)
        if x is None:
            raise NotTestable(f"no item scores for {task} {metric} (items.parquet)")
        diffs.append(x[: len(plus)].sum(axis=0) - x[len(plus):].sum(axis=0))
    d = stats.seeds_items_ci(np.array(diffs))
    if math.isnan(d.value):
        raise NotTestable(f"the groups share no scored item ({detail})")
    f = points(s, task, metric)
    n = int((~np.isnan(np.array(diffs))).any(axis=0).sum())
    seeds = f" x {len(diffs)} seeds (resampling seeds, then items)" if len(diffs) > 1 else ""
    return Evidence(d.value * f, d.low * f, d.high * f, "points", f"{detail}; {task} {metric}, {n} items{seeds}")


REPLICATE = ("model", "method", "label", "params", "counts")  # runs that differ only in their seed


def seed_replicates(s: Study, groups: list[list[Cell]]) -> list[list[list[Cell]]]:
    """The groups once per training seed of their tuned runs. Replicate k keeps, from each group, the cells of
    runs at seed k and of runs with no replicate at seed k in that group (the untuned base, a design trained
    at fewer seeds), so each replicate compares runs of one seed. Fewer than 2 seeds: the groups as they are."""
    tuned = dict(zip(s.tuned["run"].to_list(), zip(s.tuned["seed"].to_list(), s.tuned.select(REPLICATE).rows())))
    seeds = sorted({tuned[r][0] for g in groups for r, _ in g if r in tuned})
    if len(seeds) < 2:
        return [groups]

    def keep(group: list[Cell], seed: int) -> list[Cell]:
        at_seed = {tuned[r][1] for r, _ in group if r in tuned and tuned[r][0] == seed}
        return [(r, c) for r, c in group if r not in tuned or tuned[r][0] == seed or tuned[r][1] not in at_seed]

    return [[keep(g, x) for g in groups] for x in seeds]


def over_units(values: list[float], lows: list[float], highs: list[float], unit: str, detail: str) -> Evidence:
    """The mean over languages or pairs: one unit keeps its own interval, several are bootstrapped over."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        raise NotTestable(f"nothing to average ({detail})")
    if v.size == 1:
        return Evidence(float(v[0]), float(lows[0]), float(highs[0]), unit, f"{detail} (1)")
    ci = stats.mean_ci(v)
    return Evidence(ci.value, ci.low, ci.high, unit, f"{detail} ({v.size}; bootstrap over them)")


def correlation(x, y, detail: str) -> Evidence:
    c = stats.pearson(x, y)
    if math.isnan(c.r):
        raise NotTestable(f"fewer than 3 points or no variation ({detail})")
    if abs(c.r) == 1 and c.n > 3:  # a perfect line: Fisher z is infinite, the interval is the point
        return Evidence(c.r, c.r, c.r, "r", f"{detail}; n = {c.n}, a perfect correlation")
    return Evidence(c.r, c.low, c.high, "r", f"{detail}; n = {c.n}, Fisher z")


def section_table(fn, s: Study) -> pl.DataFrame:
    """The table of an existing report analysis, or NotTestable with its reason."""
    out = fn(s.results, s.items, s.info)
    if isinstance(out, NotApplicable):
        raise NotTestable(out.reason)
    return out.table


def cells_where(runs: pl.DataFrame, langs: list[str], keep) -> list[Cell]:
    """(run, lang) for every run and language where keep(lang, the run's training languages) holds."""
    return [(r, c) for r, tl in zip(runs["run"].to_list(), runs["train_langs"].to_list()) for c in langs
            if keep(c, set(tl))]


def at(runs: pl.DataFrame, x: float) -> pl.DataFrame:
    return runs.filter(pl.col("x") == x)


def design_points(s: Study, kind: str, instance: str | None = None) -> pl.DataFrame:
    """The tuned runs of a design (one grid) with their x on its axis (curves' P, n per language, k)."""
    instance = instance or (tidy.instances_of(s.tuned, kind) or [kind])[0]
    runs, _ = curves._points(s.results, kind, instance)
    if runs is None or runs.height == 0:
        raise NotTestable(f"needs the {kind} design")
    return one_grid(s, runs)


def unseen(c: str, tl: set) -> bool:
    return c not in tl


def seen(c: str, tl: set) -> bool:
    return c in tl and c != "en"


def anywhere(c: str, tl: set) -> bool:
    return True


def concavity(s: Study, kind: str, keep, where: str, task: str | None = None, mid: tuple = (),
              instance: str | None = None) -> Evidence:
    """Gain from the first step to the middle of the axis minus the gain from the middle to the end:
    above 0 when the curve rises and then flattens (diminishing returns). keep(lang, languages) picks the
    cells: with the run's own training languages for `kind`s whose runs differ in them (num_languages),
    with the design's pool (every run's languages together) for those that grow counts (incremental)."""
    t, m = score_metric(s, task)
    runs = design_points(s, kind, instance)
    runs = trains(runs, t) if task else runs
    if kind == "incremental":
        pool = sorted({x for xs in runs["train_langs"].to_list() for x in xs})
        runs = runs.with_columns(pl.Series("train_langs", [pool] * runs.height, dtype=pl.List(pl.String)))
    xs = sorted(set(runs["x"].to_list()))
    if len(xs) < 3:
        raise NotTestable(f"needs a {kind} design with at least 3 points on its axis")
    lo, hi = xs[0], xs[-1]
    middle = [x for x in xs if x in mid] or [xs[len(xs) // 2]]
    g = {name: cells_where(at(runs, x) if name != "mid" else runs.filter(pl.col("x").is_in(middle)), s.evals, keep)
         for name, x in (("lo", lo), ("mid", None), ("hi", hi))}
    label = "/".join(f"{x:g}" for x in middle)
    return contrast(s, t, m, [g["mid"], g["mid"]], [g["lo"], g["hi"]],
                    f"{kind} on {where}: (x={label}) - (x={lo:g}) minus (x={hi:g}) - (x={label})")


# --- Shaham et al. ---------------------------------------------------------------------------------


def monolingual_runs(s: Study) -> pl.DataFrame:
    mono = one_grid(s, tidy.with_design(s.tuned, "monolingual").filter(pl.col("train_langs").list.len() == 1))
    if mono.height == 0:
        raise NotTestable("needs a monolingual design")
    return mono


def runs_by_language(mono: pl.DataFrame) -> dict[str, list[str]]:
    """Monolingual runs by their language: one run per training seed."""
    out: dict[str, list[str]] = {}
    for r, tl in zip(mono["run"].to_list(), mono["train_langs"].to_list()):
        out.setdefault(tl[0], []).append(r)
    return out


def sh1_transfer(s: Study) -> Evidence:
    t, m = score_metric(s)
    mono = monolingual_runs(s)
    base = base_run(s, mono["model"][0])
    a = cells_where(mono, s.evals, unseen)
    return contrast(s, t, m, [a], [[(base, c) for _, c in a]],
                    f"{mono.height} monolingual models minus the untuned base, in the languages they were not tuned on")


def _pinch_lift(s: Study, keep, need: str, where: str) -> Evidence:
    """The smallest P > 0 minus P = 0 of the first pinch design with languages where keep() holds."""
    t, m = score_metric(s)
    for inst in tidy.instances_of(s.tuned, "pinch"):
        runs = design_points(s, "pinch", inst)
        small = sorted(x for x in set(runs["x"].to_list()) if x > 0)
        if not small or not at(runs, 0.0).height:
            continue
        low = at(runs, small[0])
        langs = [c for c in s.evals if keep(c, set(low["train_langs"][0]))]
        if langs:
            p = tidy.params(low["params"][0]).get("percent", small[0])
            return contrast(s, t, m, [cells_where(low, langs, anywhere)], [cells_where(at(runs, 0.0), langs, anywhere)],
                            f"P = {p:g} minus P = 0 (English only) on the {len(langs)} {where}")
    raise NotTestable(f"needs a pinch design with P = 0 and a P > 0{need}")


def sh2_pinch_seen(s: Study) -> Evidence:
    return _pinch_lift(s, seen, "", "non-English languages in the mixture")


def sh3_pinch_unseen(s: Study) -> Evidence:
    return _pinch_lift(s, unseen, " that leaves evaluation languages out", "languages outside the mixture")


def sh4_english_falls(s: Study) -> Evidence:
    t, m = score_metric(s)
    runs = design_points(s, "pinch")
    top = max(runs["x"].to_list())
    if top <= 0 or not at(runs, 0.0).height or "en" not in s.evals:
        raise NotTestable("needs a pinch design with P = 0 and P > 0, evaluated in English")
    return contrast(s, t, m, [cells_where(at(runs, top), ["en"], anywhere)], [cells_where(at(runs, 0.0), ["en"], anywhere)],
                    f"English: P = {top:g} minus P = 0")


def sh5_full_pinch_matches(s: Study) -> Evidence:
    t, m = score_metric(s)
    runs = design_points(s, "pinch")
    top = at(runs, max(runs["x"].to_list()))
    own = runs_by_language(monolingual_runs(s))
    langs = [c for c in top["train_langs"][0] if c in own and c in s.evals]
    if not langs:
        raise NotTestable("needs monolingual runs in the languages of the largest pinch")
    a = [(r, c) for c in langs for r in top["run"].to_list()]  # every seed's run
    return contrast(s, t, m, [a], [[(r, c) for c in langs for r in own[c]]],
                    f"P = {top['x'][0]:g} minus each language's monolingual model, in {len(langs)} languages")


def sh6_unseen_saturate(s: Study) -> Evidence:
    return concavity(s, "num_languages", unseen, "languages outside each mixture", mid=(3.0, 4.0))


def sh7_bilingual(s: Study) -> Evidence:
    tab = section_table(comparisons.bilingual_pairs, s)
    return over_units(tab["vs_better_mono"].to_list(), tab["ci_low"].to_list(), tab["ci_high"].to_list(),
                      "points", "bilingual model minus the better of its two monolingual models, languages outside "
                      "the pair, mean over pairs")


def sh8_script_family(s: Study) -> Evidence:
    from xlt.languages import get

    t, m = score_metric(s)
    mono = monolingual_runs(s)

    def related(a: str, b: str) -> bool:
        la, lb = get(a), get(b)
        return la.script == lb.script or (la.family is not None and la.family == lb.family)

    pairs = [(r, tl[0]) for r, tl in zip(mono["run"].to_list(), mono["train_langs"].to_list())]
    near = [(r, c) for r, a in pairs for c in s.evals if c != a and related(a, c)]
    far = [(r, c) for r, a in pairs for c in s.evals if c != a and not related(a, c)]
    return contrast(s, t, m, [near], [far], "monolingual transfer to languages of the same script or family "
                    "minus to the others")


def sh9_pretraining_share(s: Study) -> Evidence:
    t, m = score_metric(s)
    model = one_grid(s, s.tuned)["model"][0] if s.tuned.height else None
    shares = (s.info.get("exposure") or {}).get(model) or {}
    if not shares:
        raise NotTestable("study.json has no pretraining shares for the base model")
    base = base_run(s, model)
    langs = [c for c in s.evals if c != "en" and c in shares]
    tuned = one_grid(s, s.tuned)["run"].to_list()
    gain = (stats.mean_present(tidy.matrix(s.results, t, m, tuned, langs), axis=0)
            - tidy.matrix(s.results, t, m, [base], langs)[0])
    return correlation([shares[c] for c in langs], gain, "per non-English language, the mean gain of the tuned runs "
                       "over the base against its pretraining share")


# --- Lucky 52 ------------------------------------------------------------------------------------------


def lk1_more_languages(s: Study) -> Evidence:
    return concavity(s, "progressive", anywhere, "all evaluation languages")


def most_extreme(s: Study, task: str, metric: str, comparisons: list[tuple[list[Cell], list[Cell]]], keys: list,
                 what: str) -> Evidence:
    """The comparison (a - b) with the lowest upper bound among many, its interval widened for having been
    picked among them (Bonferroni: level 1 - 0.05/k), so noise in one of k cells does not pass for a finding.
    With training-seed replicates each comparison's interval resamples seeds, then items, as in `contrast`."""
    xs = [s.items.group_items(task, metric, r) for r in seed_replicates(s, [c for pair in comparisons for c in pair])]
    if any(x is None for x in xs):
        raise NotTestable(f"no item scores for {task} {metric}")
    ok = [i for i in range(len(comparisons)) if all(not np.isnan(x[2 * i]).all() and not np.isnan(x[2 * i + 1]).all()
                                                    for x in xs)]
    if not ok:
        raise NotTestable(f"no comparison has item scores on both sides ({what})")
    level = 1 - (1 - stats.LEVEL) / len(ok)
    if len(xs) == 1:
        ds = [(d.diff, d.low, d.high) for d in stats.paired_bootstrap(xs[0][[2 * i for i in ok]], xs[0][[2 * i + 1 for i in ok]], level=level)]
    else:
        ivs = [stats.seeds_items_ci(np.stack([x[2 * i] - x[2 * i + 1] for x in xs]), level=level) for i in ok]
        ds = [(iv.value, iv.low, iv.high) for iv in ivs]
    j = min(range(len(ok)), key=lambda i: (ds[i][2], ds[i][0]))
    (diff, low, high), f = ds[j], points(s, task, metric)
    seeds = f", {len(xs)} seeds (resampling seeds, then items)" if len(xs) > 1 else ""
    return Evidence(diff * f, low * f, high * f, "points",
                    f"{what}: {keys[ok[j]]}, the clearest of {len(ok)} (interval at {100 * level:.2f}%, Bonferroni{seeds}); "
                    f"{task} {metric}")


def lk2_drops(s: Study) -> Evidence:
    t, m = score_metric(s)
    runs = design_points(s, "progressive")
    xs = sorted(set(runs["x"].to_list()))
    if len(xs) < 2:
        raise NotTestable("needs a progressive design with at least 2 steps")
    steps, keys = [], []
    for prev, x in zip(xs, xs[1:]):
        a, b = at(runs, x), at(runs, prev)
        added = "+".join(sorted(set(a["train_langs"][0]) - set(b["train_langs"][0]))) or "a language"
        for c in s.evals:
            steps.append(([(r, c) for r in a["run"].to_list()], [(r, c) for r in b["run"].to_list()]))
            keys.append(f"{c} when {added} is added (k = {x:g})")
    return most_extreme(s, t, m, steps, keys, "a language's change from one progressive step to the next")


def lk3_below_base(s: Study) -> Evidence:
    mc = [(t, m) for t, m in tidy.main_metrics(s.results) if m in ("acc", "acc_norm")]
    if not mc:
        raise NotTestable("no multiple-choice task (acc, acc_norm) in the results")
    t, m = mc[0]
    runs = one_grid(s, s.tuned)
    base = base_run(s, runs["model"][0])
    pairs = [([(r, c) for c in s.evals], [(base, c) for c in s.evals]) for r in runs["run"].to_list()]
    return most_extreme(s, t, m, pairs, runs["label"].to_list(), "a tuned run minus the base")


def lk4_exposure_order(s: Study) -> Evidence:
    t, m = score_metric(s)
    runs = one_grid(s, s.tuned)
    shares = (s.info.get("exposure") or {}).get(runs["model"][0] if runs.height else "") or {}
    if not shares:
        raise NotTestable("study.json has no pretraining shares for the base model")
    pre = {c for c in s.evals if shares.get(c, 0) > 0}
    if not set(s.evals) - pre:
        raise NotTestable("every evaluation language was in the base model's pretraining (no exposure share is 0)")
    both = cells_where(runs, s.evals, lambda c, tl: c in pre and c in tl)
    base_only = cells_where(runs, s.evals, lambda c, tl: c in pre and c not in tl)
    neither = cells_where(runs, s.evals, lambda c, tl: c not in pre and c not in tl)
    first = contrast(s, t, m, [both], [base_only], "seen in both minus seen by the base only")
    second = contrast(s, t, m, [base_only], [neither], "seen by the base only minus unseen")
    return min(first, second, key=lambda e: e.low)


def lk5_genetic_vs_count(s: Study) -> Evidence:
    tab = section_table(languages.similarity_correlations, s)
    tab = tab.filter(pl.col("runs") == tab["runs"][-1])
    gen = tab.filter(pl.col("feature") == "lang2vec genetic").select("eval_lang", pl.col("r").alias("g"))
    num = tab.filter(pl.col("feature") == "num. languages").select("eval_lang", pl.col("r").alias("k"))
    d = gen.join(num, on="eval_lang").with_columns((pl.col("g") - pl.col("k")).alias("d"))["d"].drop_nans().to_list()
    return over_units(d, [float("nan")], [float("nan")], "r",
                      "Pearson r with genetic similarity minus r with the number of languages, mean over evaluation "
                      "languages")


# --- Chen et al. ----------------------------------------------------------------------------------------


BUDGET_VARIANTS = ("monolingual", "multilingual", "english_only", "downsampled")


def budget_runs(s: Study, method: str | None = None, model: str | None = None) -> dict[str, pl.DataFrame]:
    """The budget design's runs by variant. A run two variants share (English-only is the monolingual English
    run) carries the first one's params, so its labels ("budget monolingual en; budget english_only") count too."""
    runs = one_grid(s, tidy.with_design(s.tuned, "budget"), method=method, model=model)
    found = [{tidy.params(p).get("variant")} | {v for v in BUDGET_VARIANTS if f"budget {v}" in label}
             for p, label in zip(runs["params"].to_list(), runs["label"].to_list())]
    by = {v: runs.filter(pl.Series([v in f for f in found], dtype=pl.Boolean)) for v in BUDGET_VARIANTS}
    return {v: r for v, r in by.items() if r.height}


def _own_language(s: Study, by: dict, a: str, b: str, what: str, method: str, model: str | None = None) -> Evidence:
    if a not in by or b not in by:
        raise NotTestable(f"needs budget {a} and {b} runs ({method})")
    t, m = score_metric(s)
    own = runs_by_language(by["monolingual"])
    langs = [c for c in own if c in s.evals]
    multi = by["multilingual"]["run"].to_list()  # every seed's run
    pick = {"monolingual": lambda c: own[c], "multilingual": lambda c: multi}
    return contrast(s, t, m, [[(r, c) for c in langs for r in pick[a](c)]], [[(r, c) for c in langs for r in pick[b](c)]], what)


def ch1_lora_multi(s: Study) -> Evidence:
    by = budget_runs(s, "lora")
    return _own_language(s, by, "multilingual", "monolingual", "LoRA: multilingual minus monolingual, each "
                         "language scored by its own monolingual model", "lora")


def ch2_full_mono(s: Study) -> Evidence:
    models = [m for m in s.info.get("models") or [] if m in set(s.tuned["model"].to_list())]
    by = budget_runs(s, "full", models[0] if models else None)
    return _own_language(s, by, "monolingual", "multilingual", f"full fine-tuning of the smallest model "
                         f"({models[0] if models else '?'}): monolingual minus multilingual in its own language", "full")


def _variants(s: Study, a: str, b: str, keep, where: str) -> Evidence:
    by = budget_runs(s)
    if a not in by or b not in by:
        raise NotTestable(f"needs budget {a} and {b} runs")
    t, m = score_metric(s)
    pool = set(by.get("multilingual", by[a])["train_langs"][0]) | set(by[a]["train_langs"][0])
    langs = [c for c in s.evals if keep(c, pool)]
    if not langs:
        raise NotTestable(f"no evaluation language {where}")
    return contrast(s, t, m, [cells_where(by[a], langs, anywhere)], [cells_where(by[b], langs, anywhere)],
                    f"{a} minus {b} on {len(langs)} {where}")


def ch3_downsampled_vs_english(s: Study) -> Evidence:
    return _variants(s, "downsampled", "english_only", seen, "non-English languages of the budget")


def ch4_downsampled_unseen(s: Study) -> Evidence:
    return _variants(s, "downsampled", "multilingual", unseen, "languages outside the budget's languages")


def ch5_english_least_robust(s: Study) -> Evidence:
    by = budget_runs(s)
    have = set(s.results["metric"].unique().to_list())
    fid = next((f for f in ("fidelity", "lid_fidelity") if f in have), None)
    if fid is None or "english_only" not in by or len(by) < 2:
        raise NotTestable("needs budget english_only and other variants with a language-fidelity metric ([eval] lid)")
    t = s.results.filter(pl.col("metric") == fid)["task"][0]
    langs = [c for c in s.evals if c != "en"]
    eng = cells_where(by["english_only"], langs, anywhere)
    others = [(v, contrast(s, t, fid, [cells_where(r, langs, anywhere)], [eng], f"{v} minus english_only"))
              for v, r in sorted(by.items()) if v != "english_only"]
    v, e = min(others, key=lambda ve: ve[1].low)
    return Evidence(e.value, e.low, e.high, e.unit, f"language fidelity on non-English prompts: the closest variant, "
                    f"{e.detail}")


def ch6_judge_human(s: Study) -> Evidence:
    from pathlib import Path

    from xlt import human

    root = Path(s.items.source).parent
    if not (root / "human" / "ratings.parquet").exists():
        raise NotTestable("no human ratings (xlt human export, then xlt human import)")
    _, r, n = human.agreement(root)
    if r is None:
        raise NotTestable(f"fewer than 3 rated systems with varying scores ({n})")
    lo, hi = stats.fisher_interval(r, n)
    return Evidence(r, lo, hi, "r", f"system-level Pearson r between judge and human scores; n = {n}, Fisher z")


# --- Shimabucoro et al. ------------------------------------------------------------------------------------


def pg1_plateau(s: Study) -> Evidence:
    for inst in tidy.instances_of(s.tuned, "incremental"):
        runs = design_points(s, "incremental", inst)
        tasks = set().union(*(_tasks(c) for c in runs["counts"].to_list()))
        if len(tasks) == 1 and len(set(runs["x"].to_list())) >= 3:
            return concavity(s, "incremental", seen, f"the non-English languages of {inst}", task=tasks.pop(),
                             instance=inst)
    return concavity(s, "incremental", seen, "the non-English languages of the mixtures")


def pg2_larger_transfers_more(s: Study) -> Evidence:
    models = [m for m in s.info.get("models") or [] if m in set(s.tuned["model"].to_list())]
    if len(models) < 2:
        raise NotTestable("needs two base models (models listed smallest first)")
    t, m = score_metric(s)
    small, large = (one_grid(s, s.tuned, model=x) for x in (models[0], models[-1]))
    sb, lb = base_run(s, models[0]), base_run(s, models[-1])
    sc, lc = cells_where(small, s.evals, unseen), cells_where(large, s.evals, unseen)
    return contrast(s, t, m, [lc, [(sb, c) for _, c in sc]], [[(lb, c) for _, c in lc], sc],
                    f"gain over its base on languages outside the mixture: {models[-1]} minus {models[0]}")


def _gain_items(s: Study, task: str, metric: str) -> np.ndarray:
    runs = trains(one_grid(s, s.tuned), task)
    if runs.height == 0:
        raise NotTestable(f"no run trains {task}")
    base = base_run(s, runs["model"][0])
    langs = [c for c in s.evals if c != "en"]
    x = s.items.group_items(task, metric, [cells_where(runs, langs, anywhere), [(base, c) for c in langs]])
    if x is None:
        raise NotTestable(f"no item scores for {task} {metric}")
    return x[0] - x[1]


def pg3_math_gains_most(s: Study) -> Evidence:
    tasks = {t: m for t, m in (score_metric(s, t, zero_one=True) for t in _scored_tasks(s))}
    if "math" not in tasks or len(tasks) < 2:
        raise NotTestable("needs math and another task scored on 0-1, with the untuned base model")
    gains = {t: _gain_items(s, t, m) for t, m in tasks.items()}
    other = max((t for t in gains if t != "math"), key=lambda t: stats.mean_present(gains[t]))
    d = stats.unpaired_bootstrap(gains["math"], gains[other])
    return Evidence(d.diff * 100, d.low * 100, d.high * 100, "points",
                    f"gain over the base on non-English languages, math minus {other} (the larger of the others); "
                    "independent bootstraps")


def _scored_tasks(s: Study) -> list[str]:
    out = []
    for t in sorted(s.results["task"].unique().to_list()):
        try:
            score_metric(s, t, zero_one=True)
            out.append(t)
        except NotTestable:
            pass
    return out


def pg4_multitask_costs_math(s: Study) -> Evidence:
    t, m = score_metric(s, "math") if "math" in set(s.results["task"].to_list()) else (None, None)
    if t is None:
        raise NotTestable("no math task in the results")
    runs = trains(one_grid(s, tidy.with_design(s.tuned, "incremental")), "math")
    tasks = [_tasks(c) for c in runs["counts"].to_list()]
    single = runs.filter(pl.Series([x == {"math"} for x in tasks], dtype=pl.Boolean))
    multi = runs.filter(pl.Series([len(x) > 1 for x in tasks], dtype=pl.Boolean))
    if single.height == 0 or multi.height == 0:
        raise NotTestable("needs incremental runs that train math alone and runs that mix it with other tasks")
    return contrast(s, t, m, [cells_where(multi, s.evals, anywhere)], [cells_where(single, s.evals, anywhere)],
                    f"math: {multi.height} multi-task runs minus {single.height} math-only runs")


def pg5_seen_unseen_correlate(s: Study) -> Evidence:
    t, m = score_metric(s)
    runs = one_grid(s, s.tuned)
    if runs.height < 3:
        raise NotTestable("needs at least 3 tuned runs")
    y = tidy.matrix(s.results, t, m, runs["run"].to_list(), s.evals)
    try:
        y = y - tidy.matrix(s.results, t, m, [base_run(s, runs["model"][0])], s.evals)
    except NotTestable:
        pass  # without a base model: scores, not gains
    tl = [set(x) for x in runs["train_langs"].to_list()]
    mask = lambda keep: np.array([[keep(c, t_) for c in s.evals] for t_ in tl])  # noqa: E731
    seen_g = stats.mean_present(np.where(mask(seen), y, np.nan), axis=1)
    unseen_g = stats.mean_present(np.where(mask(unseen), y, np.nan), axis=1)
    return correlation(seen_g, unseen_g, "per tuned run, mean gain on its non-English training languages against "
                       "mean gain on languages outside it")


def pg6_latin_math(s: Study) -> Evidence:
    from xlt.languages import get

    if "math" not in set(s.results["task"].to_list()):
        raise NotTestable("no math task in the results")
    t, m = score_metric(s, "math")
    runs = trains(one_grid(s, s.tuned), "math").filter(pl.col("train_langs").list.len() > 1)
    latin = [all(get(c).script == "Latn" for c in tl) for tl in runs["train_langs"].to_list()]
    a, b = runs.filter(pl.Series(latin, dtype=pl.Boolean)), runs.filter(~pl.Series(latin, dtype=pl.Boolean))
    if a.height == 0 or b.height == 0:
        raise NotTestable("needs math mixtures of Latin-script languages only and mixtures with other scripts")
    return contrast(s, t, m, [cells_where(a, s.evals, anywhere)], [cells_where(b, s.evals, anywhere)],
                    f"math: {a.height} Latin-only mixtures minus {b.height} mixed-script mixtures, all languages")


# --- Dhaliwal et al. ------------------------------------------------------------------------------------------


def on_some_task(s: Study, measure) -> Evidence:
    """measure(task) on the first scored task it can test (a sets design per task: the api sets may lack
    what the math sets have); NotTestable with the first task's reason when none can."""
    reasons = []
    for t in sorted(s.results.filter(pl.col("value").is_not_nan())["task"].unique().to_list()):
        try:
            return measure(t)
        except NotTestable as why:
            reasons.append(str(why))
    raise NotTestable(reasons[0] if reasons else "no scored task")


def _sets(s: Study, task: str) -> tuple[str, str, pl.DataFrame]:
    t, m = score_metric(s, task)
    runs = trains(one_grid(s, tidy.with_design(s.tuned, "sets")), t)
    if runs.height < 2:
        raise NotTestable("needs a sets design (language coverage levels)")
    return t, m, runs.with_columns(pl.col("train_langs").list.len().alias("k"))


def _only_english(runs: pl.DataFrame) -> pl.DataFrame:
    return runs.filter(pl.Series([tl == ["en"] for tl in runs["train_langs"].to_list()], dtype=pl.Boolean))


def en1_low_resource_most(s: Study) -> Evidence:
    resource = s.info.get("resource") or {}
    low = [c for c in s.evals if c != "en" and resource.get(c) == "low"]
    high = [c for c in s.evals if c != "en" and resource.get(c) == "high"]

    def measure(task: str) -> Evidence:
        t, m, runs = _sets(s, task)
        english, top = _only_english(runs), runs.filter(pl.col("k") == runs["k"].max())
        if not low or not high or english.height == 0 or top["k"][0] < 2:
            raise NotTestable("needs low- and high-resource evaluation languages, an English-only set and a wider set")
        g = {(w, lv): cells_where(r, langs, anywhere) for w, r in (("top", top), ("en", english))
             for lv, langs in (("low", low), ("high", high))}
        return contrast(s, t, m, [g["top", "low"], g["en", "high"]], [g["en", "low"], g["top", "high"]],
                        f"gain of the widest coverage ({top['k'][0]} languages) over English-only: low-resource "
                        f"minus high-resource languages")

    return on_some_task(s, measure)


def en2_english_helped(s: Study) -> Evidence:
    def measure(task: str) -> Evidence:
        t, m, runs = _sets(s, task)
        english = _only_english(runs)
        plus_one = runs.filter((pl.col("k") == 2) & pl.col("train_langs").list.contains("en"))
        if english.height == 0 or plus_one.height == 0 or "en" not in s.evals:
            raise NotTestable("needs an English-only set and sets of English plus one language")
        return contrast(s, t, m, [cells_where(plus_one, ["en"], anywhere)], [cells_where(english, ["en"], anywhere)],
                        f"English: {plus_one.height} sets of English plus one language minus English only")

    return on_some_task(s, measure)


def en3_zero_shot_vs_direct(s: Study) -> Evidence:
    tab = section_table(languages.zero_shot_vs_direct, s)
    tab = tab.filter(pl.col("task") == tab["task"][0])
    return over_units(tab["difference"].to_list(), tab["ci_low"].to_list(), tab["ci_high"].to_list(), "points",
                      f"zero-shot from the most diverse mixture without the language minus direct inclusion in the "
                      f"least diverse with it, {tab['task'][0]}, mean over languages")
