"""Per-language views: the per-language table, the monolingual heatmap (Shaham Fig. 1), exposure
groups (Lucky 52), similarity correlations (Lucky 52 Tables 1-3), pretraining share (Shaham Fig. 8),
resource levels and zero-shot vs direct inclusion (Dhaliwal)."""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl

from xlt import stats
from xlt.analysis import plots, tidy
from xlt.analysis.data import ItemScores
from xlt.analysis.section import Figure, NotApplicable, Section
from xlt.store import write_via


def per_language(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Per evaluation language: base model, mean and best tuned run"""
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: per-language table left out")
    runs = tidy.runs(results)
    tuned, base = tidy.tuned(runs), tidy.reference_runs(runs)
    model = (study.get("models") or [None])[0]
    exposure = (study.get("exposure") or {}).get(model, {}) if model else {}
    rows, unscored = [], []
    for task, metric in tidy.main_metrics(results):
        s = tidy.scale(results, task, metric)
        langs = tidy.scored_languages(results, task, metric, study["eval"])
        unscored += [f"{c} ({task})" for c in study["eval"] if c not in langs]
        df = tidy.scores(results, task, metric).filter(pl.col("run").is_in(tuned["run"].implode())
                                                       & pl.col("value").is_not_nan())
        best = df.sort("value", descending=True).unique("eval_lang", keep="first")
        agg = df.group_by("eval_lang").agg(pl.col("value").mean().alias("mean"), pl.len().alias("runs"))
        b = tidy.scores(results, task, metric).filter(pl.col("run").is_in(base["run"].implode())
                                                      & pl.col("value").is_not_nan())
        b = b.group_by("eval_lang").agg(pl.col("value").mean().alias("base"))
        for lang in langs:
            br = best.filter(pl.col("eval_lang") == lang)
            ar = agg.filter(pl.col("eval_lang") == lang)
            basev = b.filter(pl.col("eval_lang") == lang)["base"]
            rows.append(dict(
                task=task, metric=metric, language=lang,
                resource=(study.get("resource") or {}).get(lang, ""), pretraining_share=exposure.get(lang),
                in_sft="yes" if lang in set(study["seen"]) else "no",
                base=basev[0] * s if basev.len() else None,
                mean_tuned=ar["mean"][0] * s if ar.height else None,
                best=br["value"][0] * s if br.height else None,
                best_ci=tidy.fmt_ci(br["value"][0], br["ci_low"][0], br["ci_high"][0], s) if br.height else "",
                best_run=br["label"][0] if br.height else "", runs=ar["runs"][0] if ar.height else 0))
    text = [f"Left out, no scores: {', '.join(unscored)}."] if unscored else []
    return Section("per_language", "Per language", pl.DataFrame(rows), text=text, table_note=(
        "Values in points (x100) for 0-1 metrics; best_ci: the run's own 95% bootstrap interval over items "
        "from results.parquet; in_sft: in the study's training languages."))


def monolingual_heatmap(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Monolingual runs: train language x eval language (Shaham Fig. 1)"""
    runs = tidy.tuned(tidy.with_design(tidy.runs(results), "monolingual"))
    runs = runs.filter(pl.col("train_langs").list.len() == 1)
    if runs.height < 2:
        return NotApplicable("fewer than two monolingual runs: heatmap left out")
    model, method = runs.select("model", "method").row(0)
    runs = runs.filter((pl.col("model") == model) & (pl.col("method") == method))
    train = sorted({x[0] for x in runs["train_langs"].to_list()}, key=lambda c: (study["eval"] + [c]).index(c))
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: heatmap left out")
    rows, figures, headlines = [], [], []
    for task, metric, s, evals in tidy.each_metric(results, study):
        grid = np.full((len(train), len(evals)), np.nan)
        for i, lang in enumerate(train):
            ids = runs.filter(pl.col("train_langs").list.first() == lang)["run"].to_list()  # seeds averaged
            # a column without scores (a language no run of this model was scored in) stays NaN
            grid[i] = stats.mean_present(tidy.matrix(results, task, metric, ids, evals), axis=0) if ids else np.nan
        for i, a in enumerate(train):
            for j, b in enumerate(evals):
                rows.append(dict(task=task, metric=metric, train_lang=a, eval_lang=b, value=grid[i, j] * s))
        off = grid.copy()
        for i, a in enumerate(train):
            if a in evals:
                off[i, evals.index(a)] = np.nan
        transfer = stats.mean_present(off, axis=1)
        if not np.isnan(transfer).all():
            headlines.append(_transfer_finding(train, transfer * s, task, metric, tidy.unit(s)))
        fig, (ax,) = plots.new_figure(max(5.0, 0.26 * len(evals) + 2), max(3.2, 0.26 * len(train) + 1.6))
        present = ~np.isnan(off)
        lo = np.min(np.where(present, off, np.inf), axis=0, initial=np.inf)
        hi = np.max(np.where(present, off, -np.inf), axis=0, initial=-np.inf)
        shade = (off - lo) / np.where(hi > lo, hi - lo, 1)  # each column its own scale, diagonal uncoloured
        ax.imshow(shade, cmap="Blues", aspect="auto", vmin=0, vmax=1.15, interpolation="nearest")
        ax.grid(False)
        ax.set_xticks(range(len(evals)), evals, fontsize=7 if len(evals) <= 20 else 5, rotation=90 if len(evals) > 20 else 0)
        ax.set_yticks(range(len(train)), train, fontsize=7 if len(train) <= 20 else 5)
        ax.set_xlabel("evaluation language", fontsize=8)
        ax.set_ylabel("tuned on", fontsize=8)
        ax.set_title(f"{task}: {metric} of monolingual models ({model}, {method})", fontsize=10)
        if len(evals) <= 20 and len(train) <= 20:
            for i in range(len(train)):
                for j in range(len(evals)):
                    if not np.isnan(grid[i, j]):
                        ax.text(j, i, f"{grid[i, j] * s:.0f}", ha="center", va="center", fontsize=6.5,
                                color="white" if shade[i, j] > 0.6 else "#1f2933")
        figures.append(Figure(f"heatmap_{task}_{metric}", fig, (
            f"{metric} on {task} of {runs.height} monolingual runs ({len(train)} training languages x {len(evals)} "
            f"evaluation languages; seeds averaged). Each column is coloured on its own scale, as in Shaham et al. "
            f"Fig. 1, and the diagonal (a language's own model) is left uncoloured; per-cell 95% bootstrap "
            f"intervals over items are in results.parquet.")))
    return Section("heatmap", "Monolingual transfer heatmap", pl.DataFrame(rows), figures=figures, headlines=headlines)


def _transfer_finding(train: list[str], transfer: np.ndarray, task: str, metric: str, unit: str) -> str:
    """Best and worst monolingual model by mean transfer; models that print the same score are a tie."""
    scored = [(lang, float(v)) for lang, v in zip(train, transfer) if not np.isnan(v)]
    hi, lo = max(v for _, v in scored), min(v for _, v in scored)
    head = f"Of {len(scored)} monolingual models on {task} {metric}"
    if tidy.same(hi, lo):
        return f"{head}, all transfer alike: mean {hi:.1f} {unit} over the other languages."
    best = [lang for lang, v in scored if tidy.same(v, hi)]
    worst = [lang for lang, v in scored if tidy.same(v, lo)]
    return (f"{head}, tuning on {tidy.names(best)} transfers best (mean {hi:.1f} {unit} over the other languages) "
            f"and on {tidy.names(worst)} worst ({lo:.1f}).")


def exposure_groups(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Language exposure groups: seen or not by the base model x seen or not in SFT (Lucky 52)"""
    exposure = study.get("exposure") or {}
    if not exposure:
        return NotApplicable("study.json has no pretraining exposure for any model: exposure groups left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: exposure groups left out")
    runs = tidy.tuned(tidy.runs(results))
    rows = []
    for task, metric in tidy.main_metrics(results):
        s = tidy.scale(results, task, metric)
        for model, shares in exposure.items():
            sub = runs.filter(pl.col("model") == model)
            base = tidy.reference_runs(tidy.runs(results)).filter(pl.col("model") == model)["run"].to_list()
            keys, groups, base_groups = [], [], []
            for pre in ("seen", "unseen"):
                langs = [c for c in study["eval"] if (shares.get(c, 0) > 0) == (pre == "seen")]
                for sft in ("seen", "unseen"):
                    cells = [(r, c) for r, tl in zip(sub["run"].to_list(), sub["train_langs"].to_list())
                             for c in langs if (c in set(tl)) == (sft == "seen")]
                    keys.append((pre, sft, len({c for _, c in cells})))
                    groups.append(cells)
                    base_groups.append([(b, c) for b in base for c in {c for _, c in cells}])
            cis = items.group_ci(task, metric, groups)
            bcis = items.group_ci(task, metric, base_groups) if base else [None] * len(keys)
            for (pre, sft, nl), ci, bci in zip(keys, cis, bcis):
                if nl == 0 or np.isnan(ci.value):
                    continue
                rows.append(dict(task=task, metric=metric, model=model, base_model=pre, sft=sft, languages=nl,
                                 cells=len(groups[keys.index((pre, sft, nl))]),
                                 value=ci.value * s, ci_low=ci.low * s, ci_high=ci.high * s,
                                 base=(bci.value * s if bci else None)))
    table = pl.DataFrame(rows)
    text = [f"{r['base_model']} by the base model, {r['sft']} in SFT ({r['model']}, {r['languages']} languages): "
            f"{tidy.fmt_ci(r['value'], r['ci_low'], r['ci_high'])}"
            + (f", untuned base {r['base']:.1f}" if r["base"] is not None and not np.isnan(r["base"]) else "") + "."
            for r in rows]
    return Section("exposure", "Exposure groups (Lucky 52)", table, text=text[:8], table_note=(
        "Seen by the base model: pretraining share > 0 in study.json exposure. value: mean over tuned runs and "
        "languages of the group, 95% bootstrap over items."))


def resource_gains(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Gains over the untuned base model by resource level (Dhaliwal)"""
    resource = study.get("resource") or {}
    runs = tidy.runs(results)
    base = tidy.reference_runs(runs)
    if not resource:
        return NotApplicable("study.json gives no resource levels: gains by resource level left out")
    if base.height == 0:
        return NotApplicable("no untuned base model run: gains by resource level left out")
    tuned = tidy.tuned(runs)
    rows, pairs, keys = [], [], []
    for task, metric in tidy.main_metrics(results):
        for model in tuned["model"].unique().sort().to_list():
            sub = tuned.filter(pl.col("model") == model)
            b = base.filter(pl.col("model") == model)["run"].to_list()
            if not b:
                continue
            for level in ("high", "mid", "low"):
                langs = [c for c in study["eval"] if resource.get(c) == level and c != "en"]
                for sft in ("in mixture", "not in mixture"):
                    cells = [(r, c) for r, tl in zip(sub["run"].to_list(), sub["train_langs"].to_list())
                             for c in langs if (c in set(tl)) == (sft == "in mixture")]
                    if not cells:
                        continue
                    # base cells repeated per tuned cell so both sides weigh languages alike
                    pairs.append((cells, [(b[0], c) for _, c in cells]))
                    keys.append((task, metric, model, level, sft, len({c for _, c in cells})))
    if not pairs:
        return NotApplicable("no non-English evaluation language has a resource level: gains left out")
    by_task: dict = {}
    for k, p in zip(keys, pairs):
        by_task.setdefault(k[:2], []).append((k, p))
    headlines = []
    for (task, metric), entries in by_task.items():
        s = tidy.scale(results, task, metric)
        ds = items.paired(task, metric, [p for _, p in entries])
        for (k, _), d in zip(entries, ds):
            rows.append(dict(task=task, metric=metric, model=k[2], resource=k[3], sft=k[4], languages=k[5],
                             gain=d.diff * s, ci_low=d.low * s, ci_high=d.high * s, p=d.p, items=d.n))
    rows = [r for r in rows if not np.isnan(r["gain"])]
    if not rows:
        return NotApplicable("no tuned run and base run share scored items: gains by resource level left out")
    table = pl.DataFrame(rows)
    first = table["task"][0]
    unseen = table.filter((pl.col("sft") == "not in mixture") & (pl.col("task") == first))
    unseen = unseen.sort("gain", descending=True)
    if unseen.height >= 2 and tidy.same(unseen["gain"][0], unseen["gain"][-1]):
        headlines.append(f"Outside the mixture, languages of every resource level gained alike over the base model "
                         f"({unseen['gain'][0]:+.1f}), on {first}.")
    elif unseen.height >= 2:
        top, bottom = unseen.row(0, named=True), unseen.row(-1, named=True)
        headlines.append(f"Outside the mixture, {top['resource']}-resource languages gained most over the base model "
                         f"({tidy.fmt_ci(top['gain'], top['ci_low'], top['ci_high'])}) and {bottom['resource']}-resource "
                         f"least ({tidy.fmt_ci(bottom['gain'], bottom['ci_low'], bottom['ci_high'])}), on {top['task']}.")
    return Section("resource", "Gains by resource level (Dhaliwal)", table, headlines=headlines, table_note=(
        "gain: tuned runs minus the untuned base model in the same languages, averaged over runs and languages; "
        "paired 95% bootstrap over items."))


def zero_shot_vs_direct(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Zero-shot from a diverse mixture vs direct inclusion in a low-diversity mixture (Dhaliwal)"""
    runs = tidy.tuned(tidy.runs(results))
    k = runs["train_langs"].list.len()
    if k.n_unique() < 2:
        return NotApplicable("every run has the same number of training languages: zero-shot vs direct left out")
    rows = []
    for task, metric in tidy.main_metrics(results):
        s = tidy.scale(results, task, metric)
        pairs, keys = [], []
        for model, method in runs.select("model", "method").unique().sort("model", "method").rows():
            sub = runs.filter((pl.col("model") == model) & (pl.col("method") == method))
            tl = [set(x) for x in sub["train_langs"].to_list()]
            ids = sub["run"].to_list()
            for lang in study["eval"]:
                if lang == "en":
                    continue
                direct = [(len(t), r) for r, t in zip(ids, tl) if lang in t]
                zero = [(len(t), r) for r, t in zip(ids, tl) if lang not in t]
                if not direct or not zero:
                    continue
                kd, kz = min(d[0] for d in direct), max(z[0] for z in zero)
                if kz <= kd:
                    continue
                a = [(r, lang) for kk, r in zero if kk == kz]
                b = [(r, lang) for kk, r in direct if kk == kd]
                pairs.append((a, b))
                keys.append((model, method, lang, kz, len(a), kd, len(b)))
        if not pairs:
            continue
        ds = items.paired(task, metric, pairs)
        for key, d, (a, b) in zip(keys, ds, pairs):
            za = stats.mean_present(tidy.matrix(results, task, metric, [r for r, _ in a], [key[2]]))
            db = stats.mean_present(tidy.matrix(results, task, metric, [r for r, _ in b], [key[2]]))
            if np.isnan(d.diff):
                continue  # the language has no scores on one side
            rows.append(dict(task=task, metric=metric, model=key[0], method=key[1], language=key[2],
                             zero_shot_k=key[3], zero_shot_runs=key[4], zero_shot=za * s,
                             direct_k=key[5], direct_runs=key[6], direct=db * s,
                             difference=d.diff * s, ci_low=d.low * s, ci_high=d.high * s, p=d.p))
    if not rows:
        return NotApplicable("no language is both left out of a more diverse mixture and included in a less "
                             "diverse one: zero-shot vs direct left out")
    table = pl.DataFrame(rows)
    first = table.filter(pl.col("task") == rows[0]["task"])
    wins = int((first["difference"] >= 0).sum())
    head = (f"Zero-shot transfer from the most diverse mixture without the language matched or beat direct "
            f"inclusion in the least diverse mixture with it in {wins} of {first.height} languages on "
            f"{rows[0]['task']} (mean difference {first['difference'].mean():+.1f} {tidy.unit(tidy.scale(results, rows[0]['task'], rows[0]['metric']))}).")
    return Section("zero_shot", "Zero-shot vs direct inclusion (Dhaliwal)", table, headlines=[head], table_note=(
        "zero_shot: runs with the most training languages that leave the language out; direct: runs with the "
        "fewest that include it; difference: paired 95% bootstrap over items."))


# --- similarity (Lucky 52 Tables 1-3) ---------------------------------------------------------


def similarity_matrix(codes: list[str], kind: str) -> np.ndarray:
    """URIEL similarity for one kind, cached on disk: lang2vec reloads its files on every call and
    takes seconds per kind, while the matrix only depends on the languages and the URIEL version."""
    from importlib.metadata import version

    from xlt import languages

    from xlt.store import cache_dir

    root = cache_dir() / "similarity"
    key = hashlib.sha256(f"{version('lang2vec')}|{kind}|{','.join(codes)}".encode()).hexdigest()[:24]
    path = root / f"{kind}-{key}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    m = languages.similarity_matrix(list(codes), kind)
    write_via(path, lambda fh: np.save(fh, m, allow_pickle=False))
    return m


def find_outlier(xs: np.ndarray, ys: np.ndarray) -> int | None:
    """The run furthest from the linear fit of mean score on number of languages, if its residual is
    beyond 3.5 robust standard deviations (median absolute deviation)."""
    ok = ~(np.isnan(xs) | np.isnan(ys))
    if ok.sum() < 6 or np.ptp(xs[ok]) == 0:
        return None
    coef = np.polyfit(xs[ok], ys[ok], 1)
    res = np.where(ok, ys - np.polyval(coef, xs), 0.0)
    mad = np.median(np.abs(res[ok] - np.median(res[ok]))) * 1.4826
    i = int(np.argmax(np.abs(res)))
    return i if mad > 0 and abs(res[i]) > 3.5 * mad else None


def similarity_correlations(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Correlation with aggregated language similarity and number of languages (Lucky 52 Tables 1-3)"""
    from xlt import languages

    runs = tidy.tuned(tidy.runs(results))
    for kind in ("progressive", "num_languages"):
        sub = tidy.with_design(runs, kind)
        if sub.height >= 4:
            break
    else:
        sub = runs
    if sub["train_langs"].list.len().n_unique() < 2 or sub.height < 4:
        return NotApplicable("fewer than four runs with varying training languages: similarity correlations left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: similarity correlations left out")
    model, method = sub.select("model", "method").row(0)
    sub = sub.filter((pl.col("model") == model) & (pl.col("method") == method))
    evals = study["eval"]
    codes = sorted(set(evals) | {x for xs in sub["train_langs"].to_list() for x in xs})
    index = {c: i for i, c in enumerate(codes)}
    member = np.zeros((sub.height, len(codes)))
    for i, tl in enumerate(sub["train_langs"].to_list()):
        member[i, [index[c] for c in tl]] = 1.0
    eval_idx = [index[c] for c in evals]
    features = {"num. languages": member.sum(axis=1)[:, None].repeat(len(evals), axis=1)}
    for kind in languages.SIMILARITY_FEATURES:
        sim = np.nan_to_num(similarity_matrix(codes, kind), nan=0.0)
        features[f"lang2vec {kind}"] = member @ sim[:, eval_idx]  # sum over training languages
    named = set(study.get("outliers") or [])
    rows, figures, headlines = [], [], []
    for task, metric in tidy.main_metrics(results)[:1]:
        y = tidy.matrix(results, task, metric, sub["run"].to_list(), evals)
        mean_y = stats.mean_present(y, axis=1)
        out_i = [i for i, (r, lab) in enumerate(zip(sub["run"].to_list(), sub["label"].to_list()))
                 if r in named or lab in named]
        auto = find_outlier(member.sum(axis=1), mean_y) if not out_i else None
        out_i = out_i or ([auto] if auto is not None else [])
        out_label = ", ".join(sub["label"][i] for i in out_i)
        keep = np.ones(sub.height, dtype=bool)
        keep[out_i] = False
        variants = [("all runs", np.ones(sub.height, dtype=bool))] + ([(f"without {out_label}", keep)] if out_i else [])
        for variant, mask in variants:
            for feat, x in features.items():
                for j, lang in enumerate(evals):
                    c = stats.pearson(x[mask, j], y[mask, j])
                    rows.append(dict(task=task, metric=metric, runs=variant, feature=feat, eval_lang=lang,
                                     r=c.r, ci_low=c.low, ci_high=c.high, p=c.p, n=c.n))
        table = pl.DataFrame(rows)
        main = table.filter(pl.col("runs") == variants[-1][0])
        mean_r = main.group_by("feature").agg(pl.col("r").mean()).sort("r", descending=True)
        if mean_r.height and mean_r["r"].is_not_null().any():
            best = mean_r.drop_nans().row(0, named=True) if mean_r.drop_nans().height else None
            nl = mean_r.filter(pl.col("feature") == "num. languages")["r"]
            if best:
                headlines.append(
                    f"Over {sub.height} runs ({variants[-1][0]}), {best['feature']} similarity to the training "
                    f"languages correlates best with {metric} on average over {len(evals)} evaluation languages "
                    f"(mean r = {best['r']:.2f}; number of languages: {nl[0]:.2f}).")
        feats = list(features)
        grid = np.array([[main.filter((pl.col("feature") == f) & (pl.col("eval_lang") == c))["r"][0] for c in evals]
                         for f in feats], dtype=float)
        fig, (ax,) = plots.new_figure(max(6.0, 0.24 * len(evals) + 2.5), 3.4)
        fig.subplots_adjust(left=0.2)
        im = ax.imshow(grid, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
        ax.grid(False)
        ax.set_xticks(range(len(evals)), evals, fontsize=7 if len(evals) <= 20 else 5, rotation=90 if len(evals) > 20 else 0)
        ax.set_yticks(range(len(feats)), feats, fontsize=7)
        fig.colorbar(im, ax=ax, fraction=0.03, pad=0.01).ax.tick_params(labelsize=7)
        ax.set_title(f"Pearson r: {metric} vs aggregated similarity ({variants[-1][0]})", fontsize=10)
        if len(evals) <= 16:
            for i in range(len(feats)):
                for j in range(len(evals)):
                    if not np.isnan(grid[i, j]):
                        ax.text(j, i, f"{grid[i, j]:.2f}", ha="center", va="center", fontsize=6)
        figures.append(Figure(f"similarity_{task}_{metric}", fig, (
            f"Pearson r across {int(variants[-1][1].sum())} {model}/{method} runs between {metric} on {task} in each "
            f"evaluation language l and the aggregated similarity sum over training languages L of sim(L, l), for "
            f"lang2vec's six kinds (URIEL cosine similarity; languages URIEL lacks count 0), and the number of "
            f"languages. Intervals (Fisher z) in the table." + (f" Outlier left out: {out_label}"
            f"{' (named in study.json)' if named else ' (detected: residual beyond 3.5 robust SD)'}." if out_i else ""))))
    return Section("similarity", "Similarity and number of languages (Lucky 52 Tables 1-3)", table,
                   figures=figures, headlines=headlines, table_note="r with a Fisher-z 95% interval; one row per "
                   "feature x evaluation language, with and without the outlier run.")


def pretraining_share(results: pl.DataFrame, items: ItemScores, study: dict) -> Section | NotApplicable:
    """Correlation with the base model's pretraining share (Shaham Fig. 8)"""
    exposure = study.get("exposure") or {}
    if not exposure:
        return NotApplicable("study.json has no pretraining shares: correlation with pretraining share left out")
    if not tidy.main_metrics(results):
        return NotApplicable(f"{tidy.NO_SCORES}: correlation with pretraining share left out")
    runs = tidy.runs(results)
    rows, text = [], []
    for task, metric in tidy.main_metrics(results)[:1]:
        for model, shares in exposure.items():
            evals = [c for c in study["eval"] if c != "en" and c in shares]
            share = np.array([shares[c] for c in evals], dtype=float)
            tuned = tidy.tuned(runs).filter(pl.col("model") == model)
            y = stats.mean_present(tidy.matrix(results, task, metric, tuned["run"].to_list(), evals), axis=0)
            c = stats.pearson(share, y)
            rows.append(dict(task=task, metric=metric, model=model, relation="eval language score vs its share",
                             r=c.r, ci_low=c.low, ci_high=c.high, p=c.p, n=c.n))
            mono = tidy.with_design(tuned, "monolingual").filter(pl.col("train_langs").list.len() == 1)
            if mono.height >= 3:
                langs = [tl[0] for tl in mono["train_langs"].to_list()]
                m = tidy.matrix(results, task, metric, mono["run"].to_list(), study["eval"])
                for i, lang in enumerate(langs):
                    if lang in study["eval"]:
                        m[i, study["eval"].index(lang)] = np.nan
                transfer = stats.mean_present(m, axis=1)
                keep = [i for i, lang in enumerate(langs) if lang != "en" and lang in shares]
                c2 = stats.pearson(np.array([shares[langs[i]] for i in keep]), transfer[keep])
                rows.append(dict(task=task, metric=metric, model=model,
                                 relation="monolingual model's cross-lingual score vs its training language's share",
                                 r=c2.r, ci_low=c2.low, ci_high=c2.high, p=c2.p, n=c2.n))
    text = [f"{r['model']}: {r['relation']} (English excluded): "
            f"{stats.Correlation(r['r'], r['ci_low'], r['ci_high'], r['p'], r['n']).fmt()}." for r in rows]
    return Section("pretraining", "Pretraining share (Shaham Fig. 8)", pl.DataFrame(rows), text=text,
                   table_note="Pearson r with Fisher-z 95% intervals; tuned runs averaged per language.")
