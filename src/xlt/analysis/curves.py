"""A metric against the amount of multilingual data: P (pinch), examples per language (incremental),
number of languages (num_languages, progressive), with English, seen and unseen lines and the
untuned base model as a reference (Shaham Figs. 3-5, Shimabucoro Figs. 2-5, Lucky 52 Fig. 1)."""

from __future__ import annotations

import numpy as np
import polars as pl

from xlt import stats
from xlt.analysis import plots, tidy
from xlt.analysis.data import ItemScores
from xlt.analysis.section import Figure, NotApplicable, Section
from xlt.designs import DESIGNS

def axes() -> dict:
    """kind -> its Axis, for the design kinds drawn as curves (designs.DESIGNS, in its order)."""
    return {kind: row.axis for kind, row in DESIGNS.items() if row.axis is not None}


def x_value(kind: str, p: dict, counts: dict, pool_size: int) -> float | None:
    """Where a run sits on the design's axis: its params, else (a run shared with another design)
    what its mixture implies."""
    n = {k: sum(v.values()) if isinstance(v, dict) else v for k, v in counts.items()}
    return DESIGNS[kind].axis.x(p, {k: v for k, v in n.items() if v > 0}, pool_size)


def _points(results: pl.DataFrame, kind: str, instance: str):
    """The tuned runs of one design instance with their x, and the pool of languages its mixtures train on."""
    runs = tidy.tuned(tidy.with_instance(tidy.runs(results), instance))
    if runs.height == 0:
        return None, set()
    pool = {x for xs in runs["train_langs"].to_list() for x in xs}
    xs = [x_value(kind, tidy.params(p) if k == kind else {}, tidy.params(c), len(pool))
          for p, k, c in zip(runs["params"].to_list(), runs["kind"].to_list(), runs["counts"].to_list())]
    runs = runs.with_columns(pl.Series("x", xs, dtype=pl.Float64)).filter(pl.col("x").is_not_null())
    return runs, pool


def design_curves(results: pl.DataFrame, items: ItemScores, study: dict) -> list[Section] | NotApplicable:
    """Curves over the amount of multilingual data"""
    tuned = tidy.tuned(tidy.runs(results))
    kinds = list(axes())
    found = [(k, i) for k in kinds for i in tidy.instances_of(tuned, k)]
    if not found:
        return NotApplicable(f"no {', '.join(kinds[:-1])} or {kinds[-1]} runs: curves left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: curves left out")
    # A named [[design]] (e.g. Shaham's P sweep over the 6 "seen" languages) is its own curve with its own
    # seen/unseen pool, so two sweeps of one kind are never averaged together.
    return [_curve_section(results, items, study, k, i) for k, i in found]


def _curve_section(results, items: ItemScores, study: dict, kind: str, instance: str) -> Section:
    name = instance.partition(":")[2]  # "" for an unnamed design
    key_suffix, title_suffix = (f"_{name}", f" ({name})") if name else ("", "")
    runs, pool = _points(results, kind, instance)
    axis = DESIGNS[kind].axis
    xlabel, rule = axis.label, axis.seen
    bases = tidy.reference_runs(tidy.runs(results))
    rows, figures, headlines, text = [], [], [], []
    for task, metric, s, evals in tidy.each_metric(results, study):
        combos = runs.select("model", "method").unique().sort("model", "method").rows()
        fig, axes = plots.new_figure(min(5.2 * len(combos), 15), 3.8, ncols=len(combos))
        for ax, (model, method) in zip(axes, combos):
            sub = runs.filter((pl.col("model") == model) & (pl.col("method") == method)).sort("x")
            xs = sorted(set(sub["x"].to_list()))
            keys, groups = [], []
            for x in xs:
                at = sub.filter(pl.col("x") == x)
                for g in tidy.GROUPS:
                    cells = [(r, lang) for r, tl in zip(at["run"].to_list(), at["train_langs"].to_list())
                             for lang in evals if tidy.group_of(lang, pool if rule == "pool" else set(tl)) == g]
                    keys.append((x, g, at.height, len({c[1] for c in cells})))
                    groups.append(cells)
            cis = _group_ci(results, items, task, metric, groups)
            english = {x: ci.value for (x, g, _, _), ci in zip(keys, cis) if g == "English"}
            for (x, g, n_runs, n_langs), ci in zip(keys, cis):
                if n_langs == 0:
                    continue
                rel = ci.value / english[x] if english.get(x) else float("nan")
                rows.append(dict(design=kind, task=task, metric=metric, model=model, method=method, x=x, group=g,
                                 value=ci.value, ci_low=ci.low, ci_high=ci.high, relative_to_english=rel,
                                 runs=n_runs, languages=n_langs, items=ci.n))
            _draw(ax, results, task, metric, s, sub, xs, keys, cis, evals, pool, rule, kind,
                  bases.filter(pl.col("model") == model))
            ax.set_title(f"{model} · {method}" if len(combos) > 1 else f"{task}: {metric} vs {kind}{title_suffix}", fontsize=10)
            ax.set_xlabel(xlabel, fontsize=8)
            ax.set_ylabel(f"{metric} ({tidy.unit(s)})", fontsize=8)
        n_items = max((r["items"] for r in rows if r["task"] == task), default=0)
        seen_rule = ("seen = in any of this design's mixtures" if rule == "pool" else "seen = in that run's mixture")
        figures.append(Figure(
            f"curve_{kind}{key_suffix}_{task}_{metric}", fig,
            f"{metric} on {task} against {xlabel.split(':')[0]} for {runs.height} {kind} runs"
            f"{f' of the design named {name!r}' if name else ''}: English, "
            f"seen and unseen language means ({seen_rule}); thin lines are single languages; dashed lines "
            f"the untuned base model where present. Bands: 95% bootstrap over {n_items} items "
            f"(1,000 seeded resamples, items shared across languages), runs at the same x averaged."))
        h, t = _findings(results, items, evals, kind, task, metric, s, runs, pool, rule)
        headlines += h
        text += t
    return Section(key=f"curves_{kind}{key_suffix}", title=f"{kind}{title_suffix}: {xlabel.split(':')[0]}",
                   table=pl.DataFrame(rows), figures=figures, headlines=headlines, text=text,
                   table_note="value and relative_to_english are group means; ci: 95% bootstrap over items.")


def _group_ci(results, items: ItemScores, task, metric, groups):
    if items.available and items.matrix(task, metric) is not None:
        return items.group_ci(task, metric, groups)
    # Without items: the mean of the results' values, no interval.
    df = tidy.scores(results, task, metric).select("run", "eval_lang", "value")
    lookup = dict(zip(zip(df["run"].to_list(), df["eval_lang"].to_list()), df["value"].to_list()))
    nan = float("nan")
    out = []
    for cells in groups:
        v = [lookup[c] for c in cells if c in lookup]
        out.append(stats.Interval(stats.mean_present(v) if v else nan, nan, nan, 0))
    return out


def _draw(ax, results, task, metric, s, sub, xs, keys, cis, evals, pool, rule, kind, base):
    categorical = DESIGNS[kind].axis.step is not None
    pos = {x: (i if categorical else x) for i, x in enumerate(xs)}
    if len(evals) <= 20:
        m = tidy.matrix(results, task, metric, sub["run"].to_list(), evals)
        xcol = sub["x"].to_numpy()
        for j, lang in enumerate(evals):
            if lang == "en":
                continue
            ys = [stats.mean_present(m[xcol == x, j]) * s for x in xs]
            ax.plot([pos[x] for x in xs], ys, color="#9dc3e6", linewidth=0.6, alpha=0.7, zorder=1)
    for g in tidy.GROUPS:
        pts = [(pos[x], ci) for (x, gg, _, nl), ci in zip(keys, cis) if gg == g and nl and not np.isnan(ci.value)]
        if not pts:
            continue
        px = [p for p, _ in pts]
        ax.plot(px, [c.value * s for _, c in pts], marker="o", markersize=3.5, color=plots.COLORS[g], label=g, zorder=3)
        lo = np.array([c.low for _, c in pts]) * s
        if not np.isnan(lo).all():
            ax.fill_between(px, lo, np.array([c.high for _, c in pts]) * s, color=plots.COLORS[g], alpha=0.15, zorder=2)
    if base.height:
        m = tidy.matrix(results, task, metric, base["run"].to_list(), evals)[0]
        en = [v for lang, v in zip(evals, m) if lang == "en"]
        rest = [v for lang, v in zip(evals, m) if lang != "en"]
        if en and not np.isnan(en[0]):
            ax.axhline(en[0] * s, color=plots.COLORS["English"], linestyle="--", linewidth=1, label="base: English")
        if rest and not np.isnan(rest).all():
            ax.axhline(stats.mean_present(rest) * s, color=plots.COLORS["base"], linestyle="--", linewidth=1,
                       label="base: other languages")
    if categorical:
        ax.set_xticks(range(len(xs)), [f"{x:g}" for x in xs])
    ax.legend(fontsize=7, frameon=False)


def _findings(results, items: ItemScores, evals, kind, task, metric, s, runs, pool, rule):
    """Headline sentences: the smallest step against none (pinch, incremental), or the correlation
    between the number of languages and scores outside the mixture (num_languages, progressive).
    `evals`: the evaluation languages with scores on this task and metric."""
    headlines, text = [], []
    axis = DESIGNS[kind].axis
    combos = runs.select("model", "method").unique().sort("model", "method").rows()
    for model, method in combos[:1]:
        sub = runs.filter((pl.col("model") == model) & (pl.col("method") == method))
        where = "" if len(combos) == 1 else f" ({model}, {method})"
        if axis.step is not None:
            xs = sorted(set(sub["x"].to_list()))
            if len(xs) < 2 or xs[0] != 0:
                continue
            step = xs[1]
            a_runs = sub.filter(pl.col("x") == step)["run"].to_list()
            b_runs = sub.filter(pl.col("x") == 0)["run"].to_list()
            parts, missing = [], []
            for g in ("unseen", "seen", "English"):
                langs = [c for c in evals if tidy.group_of(c, pool) == g]
                if not langs:
                    continue
                pair = ([(r, c) for r in a_runs for c in langs], [(r, c) for r in b_runs for c in langs])
                d = items.paired(task, metric, [pair])[0] if items.available else None
                if d is None or np.isnan(d.diff):
                    diff = stats.mean_present(tidy.matrix(results, task, metric, a_runs, langs)) - \
                        stats.mean_present(tidy.matrix(results, task, metric, b_runs, langs))
                    d = stats.Paired(float(diff), float("nan"), float("nan"), float("nan"), 0)
                if np.isnan(d.diff):  # no scores at one of the two steps
                    missing.append(g)
                else:
                    parts.append((g, len(langs), d))
            if not parts:
                continue
            what, against = axis.step.format(step=step), axis.against
            g0, k0, d0 = parts[0]
            head = f"{what[0].upper()}{what[1:]}{where}"
            if tidy.same(d0.diff * s, 0.0):
                sent = (f"{head} did not change {g0} languages ({k0}) on average on {task} {metric} against {against} "
                        f"({d0.diff * s:+.1f} {tidy.unit(s)}{_ci(d0, s)})")
            else:
                verb = "lifted" if d0.diff > 0 else "lowered"
                sent = (f"{head} {verb} {g0} languages ({k0}) on {task} {metric} by {abs(d0.diff) * s:.1f} "
                        f"{tidy.unit(s)}{_ci(d0, s)} against {against}")
            rest = [f"{g} {d.diff * s:+.1f}{_ci(d, s)}" for g, _, d in parts[1:]]
            rest += [f"{g} languages not compared (no scores at both steps)" for g in missing]
            sent += (f"; {', '.join(rest)}." if rest else ".")
            headlines.append(sent)
            text.append(sent + f" Paired bootstrap over {parts[0][2].n} items (the same items in both runs).")
        else:
            per_run = []
            for r, tl in zip(sub["run"].to_list(), sub["train_langs"].to_list()):
                langs = [c for c in evals if c != "en" and c not in set(tl)]
                per_run.append(stats.mean_present(tidy.matrix(results, task, metric, [r], langs)) if langs else np.nan)
            c = stats.pearson(sub["x"].to_numpy(), np.array(per_run))
            if not np.isnan(c.r):
                sent = (f"Across {c.n} {kind} runs{where}, the number of training languages correlates with the "
                        f"mean {metric} on languages outside the mixture at {c.fmt()} (Fisher z interval).")
                headlines.append(sent)
                text.append(sent)
    return headlines, text


def _ci(d: stats.Paired, s: float) -> str:
    if np.isnan(d.low):
        return ""
    return f" [95% CI {d.low * s:+.1f}, {d.high * s:+.1f}; p = {d.p:.3g}]"
