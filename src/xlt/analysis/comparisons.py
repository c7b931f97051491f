"""Run-level comparisons: seen vs unseen (and relative to English), IF_L (Shaham), LID robustness
(Chen), bilingual pairs (Shaham Fig. 6), budget variants (Chen), training seeds, paired differences
against the base model, and which recipe wins each language x model cell (Chen §3.5)."""

from __future__ import annotations

import numpy as np
import polars as pl

from xlt import stats
from xlt.analysis import plots, tidy
from xlt.analysis.data import ItemScores
from xlt.analysis.section import Figure, NotApplicable, Section


def _group_cells(runs: pl.DataFrame, evals: list[str], group: str):
    return [[(r, c) for c in evals if tidy.group_of(c, set(tl)) == group]
            for r, tl in zip(runs["run"].to_list(), runs["train_langs"].to_list())]


def seen_unseen(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Seen vs unseen languages: means, gap, relative to English and correlation across runs"""
    runs = tidy.tuned(tidy.runs(results))
    if runs.height == 0:
        return NotApplicable("no tuned runs: seen vs unseen left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: seen vs unseen left out")
    rows, figures, headlines = [], [], []
    for task, metric, s, evals in tidy.each_metric(results, study):
        m = tidy.matrix(results, task, metric, runs["run"].to_list(), evals)
        tl = [set(x) for x in runs["train_langs"].to_list()]
        grp = np.array([[tidy.group_of(c, t) for c in evals] for t in tl])
        means = {g: stats.mean_present(np.where(grp == g, m, np.nan), axis=1) for g in tidy.GROUPS}
        for i, r in enumerate(runs.iter_rows(named=True)):
            e, se, un = means["English"][i], means["seen"][i], means["unseen"][i]
            rows.append(dict(task=task, metric=metric, run=r["run"], label=r["label"], model=r["model"],
                             method=r["method"], english=e * s, seen=se * s, unseen=un * s, gap=(se - un) * s,
                             seen_rel_english=se / e if e else np.nan, unseen_rel_english=un / e if e else np.nan))
        both = ~(np.isnan(means["seen"]) | np.isnan(means["unseen"]))
        if both.sum() == 0:
            continue
        c = stats.pearson(means["seen"], means["unseen"])
        sub = runs.filter(pl.Series(both))
        seen_v, unseen_v, d = _seen_unseen_means(items, task, metric, sub, evals, means, both)
        gap = seen_v - unseen_v  # the gap is the difference of the two numbers the sentence shows
        ci = f" [95% CI {d.low * s:.1f}, {d.high * s:.1f}]" if not np.isnan(d.low) else ""
        lead = f"Across {int(both.sum())} runs with both kinds of languages, languages"
        if tidy.same(seen_v * s, unseen_v * s):
            scored = f"in the SFT mixture and outside it scored the same on {task} {metric} ({seen_v * s:.1f})"
        else:
            scored = (f"in the SFT mixture scored {seen_v * s:.1f} and languages outside it {unseen_v * s:.1f} on "
                      f"{task} {metric}")
        corr = (f"seen and unseen means correlate across runs at {c.fmt()}" if not np.isnan(c.r) else
                "no correlation across runs (fewer than 3 runs, or means that do not vary)")
        headlines.append(f"{lead} {scored}: a gap of {gap * s:.1f} {tidy.unit(s)}{ci}; {corr}.")
        fig, (ax,) = plots.new_figure(4.8, 4.0)
        ax.scatter(means["seen"] * s, means["unseen"] * s, s=10, color=plots.COLORS["unseen"], alpha=0.6)
        lim = [np.nanmin([means["seen"], means["unseen"]]) * s, np.nanmax([means["seen"], means["unseen"]]) * s]
        ax.plot(lim, lim, color="#bbb", linewidth=0.8, linestyle=":")
        ax.set_xlabel(f"mean {metric}, languages in the mixture", fontsize=8)
        ax.set_ylabel(f"mean {metric}, languages outside it", fontsize=8)
        ax.set_title(f"{task}: seen vs unseen per run ({c.fmt()})", fontsize=9)
        figures.append(Figure(f"seen_unseen_{task}_{metric}", fig, (
            f"Each point is one of {int(both.sum())} tuned runs: mean {metric} over its non-English training languages "
            f"(x) against languages it was not tuned on (y). r with a Fisher-z interval; the gap's interval is a "
            f"paired bootstrap over items (1,000 resamples).")))
    return Section("seen_unseen", "Seen vs unseen languages", pl.DataFrame(rows), figures=figures,
                   headlines=headlines, table_note="Per run: group means (points for 0-1 metrics), gap = seen - "
                   "unseen, and each group relative to English (ratio).")


def _seen_unseen_means(items: ItemScores, task, metric, runs, evals, means, both):
    """Seen and unseen means computed one way: over the items both groups have (item scores), so the paired
    bootstrap's difference is their difference; without item scores, the mean of the per-run means."""
    seen = sum(_group_cells(runs, evals, "seen"), [])
    unseen = sum(_group_cells(runs, evals, "unseen"), [])
    d = items.paired(task, metric, [(seen, unseen)])[0]
    if not np.isnan(d.diff):
        a, b = items.group_items(task, metric, [seen, unseen])
        ok = ~(np.isnan(a) | np.isnan(b))
        return float(a[ok].mean()), float(b[ok].mean()), d
    return stats.mean_present(means["seen"][both]), stats.mean_present(means["unseen"][both]), d


def if_l(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Instruction following relative to the monolingual model, IF_L (Shaham)"""
    pairs = results.filter(pl.col("metric") == "if_l").select("task").unique()["task"].to_list()
    if not pairs:
        return NotApplicable("no if_l rows (side-by-side against the monolingual model): IF_L left out")
    runs = tidy.tuned(tidy.runs(results))
    evals = study["eval"]
    rows, headlines = [], []
    for task in pairs:
        groups, keys = [], []
        for r in runs.iter_rows(named=True):
            for g in tidy.GROUPS:
                cells = [(r["run"], c) for c in evals if tidy.group_of(c, set(r["train_langs"])) == g]
                groups.append(cells)
                keys.append((r, g))
        cis = items.group_ci(task, "if_l", groups)
        for (r, g), ci in zip(keys, cis):
            if not np.isnan(ci.value):
                rows.append(dict(task=task, run=r["run"], label=r["label"], group=g, if_l=ci.value * 100,
                                 ci_low=ci.low * 100, ci_high=ci.high * 100, items=ci.n))
    table = pl.DataFrame(rows)
    if not table.height:
        return NotApplicable("no if_l item scores (no scores, or no items.parquet): IF_L left out")
    if table.height:
        best = table.filter(pl.col("group") == "unseen").sort("if_l", descending=True)
        if best.height:
            b = best.row(0, named=True)
            tied = [x for x in best["if_l"].to_list() if tidy.same(x, b["if_l"])]
            who = f"{b['label']} comes" if len(tied) == 1 else f"{len(tied)} runs tie as"
            headlines.append(f"On languages outside the mixture, {who} closest to each language's own "
                             f"monolingual model: IF_L = {tidy.fmt_ci(b['if_l'], b['ci_low'], b['ci_high'])} "
                             f"(50 = on par).")
    return Section("if_l", "IF_L: side by side against the monolingual model (Shaham)", table, headlines=headlines,
                   table_note="IF_L x 100 (50 = as good as the model tuned on the evaluation language); 95% bootstrap "
                   "over items.")


def robustness(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Language robustness: score before and after the LID gate (Chen)"""
    metrics = set(results["metric"].unique().to_list())
    gated = [(t, m) for t, m in tidy.main_metrics(results) if f"{m}_gated" in metrics]
    if not gated:
        return NotApplicable("no <metric>_gated rows: language robustness left out")
    runs = tidy.tuned(tidy.runs(results))
    evals = study["eval"]
    rows, figures, headlines = [], [], []
    for task, metric in gated:
        s = tidy.scale(results, task, metric)
        cells = [[(r, c) for c in evals if c in set(tl)] for r, tl in zip(runs["run"].to_list(), runs["train_langs"].to_list())]
        ds = items.paired(task, metric, [(c, c) for c in cells], metric_b=f"{metric}_gated")
        sc = items.group_ci(task, metric, cells)
        for r, d, ci in zip(runs.iter_rows(named=True), ds, sc):
            if not np.isnan(ci.value):
                rows.append(dict(task=task, metric=metric, run=r["run"], label=r["label"], kind=r["kind"],
                                 model=r["model"], method=r["method"], score=ci.value * s,
                                 drop=d.diff * s, ci_low=d.low * s, ci_high=d.high * s))
        table = pl.DataFrame(rows)
        if not table.height:
            continue
        table = table.filter(pl.col("task") == task).drop_nans("drop")
        if not table.height:
            continue
        by = table.group_by("kind", "method").agg(pl.col("drop").mean(), pl.len().alias("runs")).sort("drop", "kind")
        cost = f"The LID gate costs {table['drop'].mean():.1f} {tidy.unit(s)} on average on {task} (languages in the mixture)"
        if tidy.same(by["drop"][0], by["drop"][-1]):
            headlines.append(f"{cost}; every recipe loses the same ({by['drop'][0]:.1f}).")
        else:
            headlines.append(f"{cost}; most robust recipe: {by['kind'][0]} ({by['method'][0]}, {by['drop'][0]:.1f}), "
                             f"least: {by['kind'][-1]} ({by['method'][-1]}, {by['drop'][-1]:.1f}).")
        fig, (ax,) = plots.new_figure(6.0, 0.3 * by.height + 1.4)
        names = [f"{k} · {m}" for k, m in zip(by["kind"], by["method"])]
        ax.barh(range(by.height), by["drop"].to_list(), color=plots.PALETTE[0])
        ax.set_yticks(range(by.height), names, fontsize=8)
        ax.set_xlabel(f"{metric} minus {metric}_gated ({tidy.unit(s)})", fontsize=8)
        ax.set_title(f"{task}: score lost to answers in the wrong language", fontsize=10)
        fig.subplots_adjust(left=0.3)
        figures.append(Figure(f"robustness_{task}_{metric}", fig, (
            f"Mean drop from {metric} to its LID-gated version over the training languages of each run, averaged "
            f"over the runs of each design kind and method ({table.height} runs). Per-run paired 95% bootstrap "
            f"intervals over items are in the table.")))
    if not rows:
        return NotApplicable("no scored items before and after the LID gate: language robustness left out")
    return Section("robustness", "Language robustness before and after the LID gate (Chen)", pl.DataFrame(rows),
                   figures=figures, headlines=headlines, table_note="drop = score - gated score on the same items; "
                   "paired 95% bootstrap over items.")


def bilingual_pairs(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Bilingual pairs against their two monolingual models (Shaham Fig. 6)"""
    runs = tidy.tuned(tidy.runs(results))
    pairs = tidy.with_design(runs, "bilingual_pairs").filter(pl.col("train_langs").list.len() == 2)
    mono = tidy.with_design(runs, "monolingual").filter(pl.col("train_langs").list.len() == 1)
    if pairs.height == 0 or mono.height == 0:
        return NotApplicable("no bilingual_pairs runs with matching monolingual runs: pair comparison left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: pair comparison left out")
    task, metric = tidy.main_metrics(results)[0]
    s = tidy.scale(results, task, metric)
    evals = tidy.scored_languages(results, task, metric, study["eval"])
    rows, comps = [], []
    for p in pairs.iter_rows(named=True):
        a, b = p["train_langs"]
        ma = mono.filter((pl.col("train_langs").list.first() == a) & (pl.col("model") == p["model"]) &
                         (pl.col("method") == p["method"]) & (pl.col("seed") == p["seed"]))["run"].to_list()
        mb = mono.filter((pl.col("train_langs").list.first() == b) & (pl.col("model") == p["model"]) &
                         (pl.col("method") == p["method"]) & (pl.col("seed") == p["seed"]))["run"].to_list()
        if not ma or not mb:
            continue
        langs = [c for c in evals if c not in (a, b)]
        vals = [stats.mean_present(tidy.matrix(results, task, metric, [r], langs)) for r in (p["run"], ma[0], mb[0])]
        if not langs or np.isnan(vals).any():
            continue
        better = ma[0] if vals[1] >= vals[2] else mb[0]
        comps.append(([(p["run"], c) for c in langs], [(better, c) for c in langs]))
        rows.append(dict(task=task, metric=metric, pair=f"{a}+{b}", seed=p["seed"], bilingual=vals[0] * s,
                         **{f"mono_first": vals[1] * s, "mono_second": vals[2] * s}, languages=len(langs)))
    if not rows:
        return NotApplicable("no bilingual run has both monolingual runs of its languages: pair comparison left out")
    ds = items.paired(task, metric, comps)
    for r, d in zip(rows, ds):
        r.update(vs_better_mono=d.diff * s, ci_low=d.low * s, ci_high=d.high * s, p=d.p)
    table = pl.DataFrame(rows)
    better = np.maximum(table["mono_first"].to_numpy(), table["mono_second"].to_numpy())
    tie = np.array([tidy.same(x, y) for x, y in zip(table["bilingual"].to_numpy(), better)], dtype=bool)
    wins = int(((table["bilingual"].to_numpy() > better) & ~tie).sum())
    tied = f" and tied the better one in {int(tie.sum())}" if tie.any() else ""
    vs = table["vs_better_mono"].drop_nans()
    mean = f" (mean {vs.mean():+.1f} {tidy.unit(s)} over the better one)" if vs.len() else ""
    head = (f"On languages outside the pair, the bilingual model beat both of its monolingual models in {wins} of "
            f"{table.height} pairs{tied}{mean}.")
    fig, (ax,) = plots.new_figure(max(5.0, 0.7 * table.height + 2), 3.6)
    x = np.arange(table.height)
    for k, (col, name) in enumerate([("mono_first", "monolingual (first)"), ("mono_second", "monolingual (second)"),
                                     ("bilingual", "bilingual 50/50")]):
        ax.bar(x + (k - 1) * 0.27, table[col].to_list(), width=0.26, color=plots.PALETTE[k], label=name)
    ax.set_xticks(x, table["pair"].to_list(), fontsize=8)
    ax.set_ylabel(f"{metric}, other languages ({tidy.unit(s)})", fontsize=8)
    ax.set_title(f"{task}: bilingual vs monolingual tuning", fontsize=10)
    ax.legend(fontsize=7, frameon=False)
    fig_ = Figure(f"bilingual_{task}_{metric}", fig, (
        f"{table.height} bilingual runs and the two monolingual runs of their languages, scored by mean {metric} over "
        f"the {table['languages'][0]} languages outside the pair. vs_better_mono in the table: paired 95% bootstrap "
        f"over items."))
    return Section("bilingual", "Bilingual pairs (Shaham Fig. 6)", table, figures=[fig_], headlines=[head])


def budget_variants(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Budget variants: monolingual vs multilingual vs English-only vs downsampled (Chen)"""
    runs = tidy.tuned(tidy.with_design(tidy.runs(results), "budget"))
    runs = runs.with_columns(pl.col("params").map_elements(lambda p: tidy.params(p).get("variant"),
                                                           return_dtype=pl.String).alias("variant"))
    runs = runs.filter(pl.col("variant").is_not_null())
    if runs["variant"].n_unique() < 2:
        return NotApplicable("fewer than two budget variants: budget comparison left out")
    rows = []
    for task, metric, s, evals in tidy.each_metric(results, study):
        for (variant, method), sub in runs.group_by("variant", "method", maintain_order=True):
            for g in ("seen", "unseen", "English"):
                if variant == "monolingual":  # each monolingual model in its own language only
                    cells = [(r, tl[0]) for r, tl in zip(sub["run"].to_list(), sub["train_langs"].to_list())
                             if tidy.group_of(tl[0], set(tl)) == g]
                else:
                    cells = sum(_group_cells(sub, evals, g), [])
                ci = items.group_ci(task, metric, [cells])[0] if cells else None
                if ci is not None and not np.isnan(ci.value):
                    rows.append(dict(task=task, metric=metric, variant=variant, method=method, group=g,
                                     value=ci.value * s, ci_low=ci.low * s, ci_high=ci.high * s, runs=sub.height))
    if not rows:
        return NotApplicable("no budget variant has item scores: budget comparison left out")
    table = pl.DataFrame(rows)
    headlines = []
    for g in ("seen", "unseen"):
        t = table.filter((pl.col("group") == g) & (pl.col("task") == table["task"][0])).sort("value", descending=True)
        if t.height >= 2:
            b = t.row(0, named=True)
            tied = [f"{v} ({m})" for v, m, x in t.select("variant", "method", "value").rows() if tidy.same(x, b["value"])]
            if len(tied) == t.height:
                headlines.append(f"Under a fixed budget, every variant scores the same on {g} languages: "
                                 f"{tidy.fmt_ci(b['value'], b['ci_low'], b['ci_high'])} on {b['task']}.")
                continue
            who = (f"the {b['variant']} variant ({b['method']}) scores" if len(tied) == 1
                   else f"the variants {tidy.names(tied)} tie")
            headlines.append(f"Under a fixed budget, {who} best on {g} "
                             f"languages: {tidy.fmt_ci(b['value'], b['ci_low'], b['ci_high'])} on {b['task']}.")
    return Section("budget", "Budget variants (Chen)", table, headlines=headlines, table_note=(
        "Monolingual variants are scored in their own language only (as in Chen et al.); 95% bootstrap over items."))


def seeds(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Training-seed variance: intervals over seeds and items"""
    runs = tidy.tuned(tidy.runs(results))
    configs = runs.group_by("model", "method", "label", "params").agg(pl.col("run"), pl.col("train_langs").first())
    configs = configs.filter(pl.col("run").list.len() >= 2).sort("label")
    if configs.height == 0:
        return NotApplicable("one training seed per configuration: seed variance left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: seed variance left out")
    task, metric = tidy.main_metrics(results)[0]
    evals = tidy.scored_languages(results, task, metric, study["eval"])
    s = tidy.scale(results, task, metric)
    m = items.matrix(task, metric)
    rows = []
    for c in configs.iter_rows(named=True):
        for g in tidy.GROUPS:
            langs = [x for x in evals if tidy.group_of(x, set(c["train_langs"])) == g]
            if not langs:
                continue
            per_seed = items.group_items(task, metric, [[(r, x) for x in langs] for r in c["run"]])
            if per_seed is None or m is None or np.isnan(per_seed).all():
                continue
            iv = stats.seeds_items_ci(per_seed)
            item_only = stats.bootstrap_ci(stats.mean_present(per_seed, axis=0)[None, :])
            seed_means = stats.mean_present(per_seed, axis=1)
            seed_means = seed_means[~np.isnan(seed_means)]
            sd = float(np.std(seed_means, ddof=1)) if seed_means.size >= 2 else float("nan")
            rows.append(dict(task=task, metric=metric, label=c["label"], model=c["model"], method=c["method"],
                             group=g, seeds=len(c["run"]), value=iv.value * s, seed_sd=sd * s,
                             ci_low=iv.low * s, ci_high=iv.high * s,
                             items_only_low=float(item_only[1][0]) * s, items_only_high=float(item_only[2][0]) * s))
    if not rows:
        return NotApplicable("no item scores for runs with several seeds: seed variance left out")
    table = pl.DataFrame(rows)
    width = table["items_only_high"] - table["items_only_low"]
    widen = ((table["ci_high"] - table["ci_low"]) / width).filter(width > 0).drop_nans().median()
    sd = table["seed_sd"].drop_nans().median()
    head = (f"With {table['seeds'].max()} training seeds, the median seed-to-seed SD of a group mean is "
            f"{sd:.1f} {tidy.unit(s)}" + (f"; intervals over seeds and items are {widen:.1f}x as wide as over items "
            f"alone." if widen is not None else "; the item scores do not vary, so no interval is wider than another."))
    headlines = [head] if sd is not None else []
    return Section("seeds", "Training seeds", table, headlines=headlines, table_note=(
        "ci: 95% bootstrap resampling seeds, then items; items_only: items alone with seeds averaged."))


def paired_differences(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Paired differences against the untuned base model on the same items"""
    runs = tidy.runs(results)
    base = tidy.reference_runs(runs)
    if base.height == 0:
        return NotApplicable("no untuned base model run: paired differences against it left out")
    if not items.available:
        return NotApplicable("no items.parquet: paired differences need item scores")
    tuned = tidy.tuned(runs)
    evals = study["eval"]
    rows = []
    for task, metric in tidy.main_metrics(results):
        s = tidy.scale(results, task, metric)
        comps, keys = [], []
        for r in tuned.iter_rows(named=True):
            b = base.filter(pl.col("model") == r["model"])["run"].to_list()
            if not b:
                continue
            for g in tidy.GROUPS:
                langs = [c for c in evals if tidy.group_of(c, set(r["train_langs"])) == g]
                if langs:
                    comps.append(([(r["run"], c) for c in langs], [(b[0], c) for c in langs]))
                    keys.append((r, g, len(langs)))
        for (r, g, nl), d in zip(keys, items.paired(task, metric, comps)):
            rows.append(dict(task=task, metric=metric, run=r["run"], label=r["label"], group=g, languages=nl,
                             diff=d.diff * s, ci_low=d.low * s, ci_high=d.high * s, p=d.p, items=d.n))
    rows = [r for r in rows if not np.isnan(r["diff"])]
    if not rows:
        return NotApplicable("no tuned run shares a model and scored items with a base run: paired differences left out")
    table = pl.DataFrame(rows).sort(pl.col("diff").abs(), descending=True)
    sig = table.filter(pl.col("p") < 0.05)
    text = [f"{sig.height} of {table.height} run x group differences against the base model have p < 0.05 "
            f"(paired bootstrap, not corrected for multiple comparisons)."]
    return Section("paired", "Paired differences against the base model", table, text=text, table_note=(
        "diff = run - base on the same items, averaged over the group's languages; paired 95% bootstrap over items, "
        "two-sided bootstrap p. Sorted by |diff|."))


def recipe_tally(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Which recipe wins each language x model cell (Chen §3.5)"""
    runs = tidy.tuned(tidy.runs(results))
    if runs["model"].n_unique() < 2 and runs["method"].n_unique() < 2:
        return NotApplicable("one model and one method: recipe tally left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: recipe tally left out")
    task, metric = tidy.main_metrics(results)[0]
    df = tidy.scores(results, task, metric).filter(pl.col("run").is_in(runs["run"].implode()) & pl.col("value").is_not_nan())
    df = df.with_columns(
        pl.col("params").map_elements(lambda p: tidy.params(p).get("variant") or "", return_dtype=pl.String).alias("v"))
    df = df.with_columns(pl.concat_str(pl.col("method"), pl.lit(" · "),
                                       pl.when(pl.col("v") != "").then(pl.col("v")).otherwise(pl.col("kind"))).alias("recipe"))
    # a monolingual model only competes in its own language
    df = df.filter(~pl.col("kind").is_in(["monolingual"]) | (pl.col("train_langs").list.first() == pl.col("eval_lang")))
    if df.height == 0:
        return NotApplicable("no tuned run has a score: recipe tally left out")
    cell = df.group_by("model", "eval_lang", "recipe").agg(pl.col("value").mean())
    # a cell whose best score (as printed, x100 for 0-1 metrics) is shared by several recipes is a tie, won by none
    s = tidy.scale(results, task, metric)
    cell = cell.with_columns(shown=(pl.col("value") * s).round(1))
    top = cell.group_by("model", "eval_lang").agg(pl.col("shown").max().alias("top"))
    at_top = cell.join(top, on=["model", "eval_lang"]).filter(pl.col("shown") == pl.col("top"))
    n_top = at_top.group_by("model", "eval_lang").agg(pl.len().alias("n_top"))
    winners = (at_top.join(n_top, on=["model", "eval_lang"])
               .with_columns(pl.when(pl.col("n_top") == 1).then(pl.col("recipe")).otherwise(pl.lit("tie")).alias("recipe"))
               .unique(["model", "eval_lang"], keep="first").drop("shown", "top", "n_top"))
    tally = winners.group_by("recipe").agg(pl.len().alias("wins")).sort("wins", "recipe", descending=[True, False])
    cells = winners.height
    won = tally.filter(pl.col("recipe") != "tie")
    ties = cells - int(won["wins"].sum())
    tie_note = f"; {ties} cells are ties" if ties else ""
    if won.height:
        head = (f"Across {cells} language x model cells on {task} {metric}, {won['recipe'][0]} wins "
                f"{won['wins'][0]} ({100 * won['wins'][0] / cells:.0f}%){tie_note}.")
    else:
        head = f"Across {cells} language x model cells on {task} {metric}, every recipe ties for the best score."
    table = winners.sort("model", "eval_lang").rename({"recipe": "winner", "value": "score"})
    return Section("tally", "Recipe tally (Chen §3.5)", table, text=[
        f"{r}: {w} {'cells' if r == 'tie' else 'wins'}" for r, w in tally.rows()], headlines=[head], table_note=(
        "Recipe = method · design variant (or kind); seeds averaged within a recipe."))
