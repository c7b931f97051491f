"""Study directories generated from a known transfer model, for tests and the benchmark.

The analyses work from the study-directory contract alone (docs/results.md). This module
writes study.json, results.parquet and items.parquet that follow it, from a transfer model whose
effects are known (`TransferModel.expected`), so a test can check that an analysis recovers them:
e.g. that the pinch lifts languages unseen in SFT by `pinch_lift + diversity * log2(1 + k)`.

Item scores are 0/1 draws whose success probability is the expected score; items share a latent
difficulty across languages and runs (a Gaussian copula), as translated parallel items do, so
paired comparisons are tighter than unpaired ones. Intervals in results.parquet are normal
approximations (the generator stands in for the pipeline; the analyses recompute their own).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from xlt.results import ITEMS_SCHEMA, LID_METRIC, RESULTS_SCHEMA, SXS_METRIC
from xlt.store import write_parquet

SHAHAM = ("en", "ar", "fi", "it", "ru", "sw", "cs", "et", "he", "hi", "es", "zh")
LUCKY52 = tuple(
    "en zh af ar az bn cs de es et fa fi fr gl gu he hi hr id it ja ka kk km ko lt lv mk ml mn mr my ne "
    "nl pl ps pt ro ru si sl sv sw ta te th tl tr uk ur vi xh".split()
)
DESIGNS = ("pinch", "monolingual", "num_languages", "bilingual_pairs", "progressive", "budget", "incremental", "sets")
_RESOURCE_CYCLE = ("high", "mid", "low")
_SHARE = {"high": 0.10, "mid": 0.02, "low": 0.004}


@dataclass(frozen=True)
class TransferModel:
    """Expected score of a run in an eval language, from its mixture. Every effect is additive."""

    base: dict[str, float] = field(default_factory=lambda: {"high": 0.40, "mid": 0.25, "low": 0.12})
    english: float = 0.50
    unseen_by_base: float = 0.03  # a language the base model never saw in pretraining
    sft_gain: float = 0.08  # any SFT, every language
    direct_gain: float = 0.25  # a language in the mixture, at saturation
    saturation: float = 100.0  # examples per language for 1 - 1/e of the direct gain
    pinch_lift: float = 0.10  # languages not in the mixture, once any non-English language is in it
    diversity: float = 0.02  # per log2(1 + number of non-English languages), languages not in the mixture
    model_step: float = 0.05  # each further model in the study list scores this much higher
    lora: float = -0.03
    seed_sd: float = 0.01  # per run x language, between training seeds
    outlier_drop: float = 0.15  # every language of the run named `outlier`
    fidelity_seen: float = 0.95  # share of answers in the prompt's language, language in the mixture
    fidelity_unseen: float = 0.75
    fidelity_english_only: float = 0.55

    def base_score(self, lang: str, resource: str, exposed: bool) -> float:
        if not exposed:
            return self.unseen_by_base
        return self.english if lang == "en" else self.base[resource]

    def expected(self, counts: dict[str, int], lang: str, resource: str, *, exposed: bool = True,
                 model_index: int = 0, method: str = "full") -> float:
        """The expected score (0-1) of a run trained on `counts` ({lang: examples}) in `lang`."""
        p = self.base_score(lang, resource, exposed) + self.model_step * model_index
        trained = {k: v for k, v in counts.items() if v > 0}
        if trained:
            p += self.sft_gain + (self.lora if method == "lora" else 0.0)
            k_other = sum(1 for k in trained if k != "en")
            if lang in trained:
                p += self.direct_gain * (1 - math.exp(-trained[lang] / self.saturation))
            elif k_other:
                p += self.pinch_lift + self.diversity * math.log2(1 + k_other)
        return min(0.99, max(0.01, p))

    def fidelity(self, counts: dict[str, int], lang: str) -> float:
        trained = {k for k, v in counts.items() if v > 0}
        if not trained:
            return self.fidelity_unseen
        if lang in trained:
            return self.fidelity_seen
        return self.fidelity_english_only if trained == {"en"} else self.fidelity_unseen


def split_evenly(total: int, langs: list[str]) -> dict[str, int]:
    """Largest-remainder split of `total` over `langs` (earlier languages take the remainder)."""
    q, r = divmod(int(total), len(langs))
    return {lang: q + (1 if i < r else 0) for i, lang in enumerate(langs)}


def _add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return out


def design_runs(kind: str, train: list[str], langs: list[str], budget: int, rng: np.random.Generator) -> list[dict]:
    """The runs of one design kind (docs/study-file.md): label, params and counts {lang: n}."""
    other = [c for c in train if c != "en"]
    runs = []
    if kind == "monolingual":
        for lang in langs:
            runs.append(dict(label=f"monolingual {lang}", params={"language": lang}, counts={lang: budget}))
    elif kind == "pinch":
        for p in (0, 1, 10, 20, 50, 100):
            multi = split_evenly(round(budget * p / 100), train)
            counts = _add(multi, {"en": budget - sum(multi.values())})
            runs.append(dict(label=f"pinch P={p}", params={"percent": p}, counts=counts))
    elif kind == "num_languages":
        for perm in range(2):
            order = list(rng.permutation(train))
            for k in range(1, len(train) + 1):
                runs.append(dict(label=f"{k} languages (perm {perm})", params={"k": k, "permutation": perm},
                                 counts=split_evenly(budget, order[:k])))
    elif kind == "bilingual_pairs":
        order = list(rng.permutation(train))
        for a, b in zip(order[0::2], order[1::2]):
            runs.append(dict(label=f"pair {a}+{b}", params={"pair": [a, b]}, counts=split_evenly(budget, [a, b])))
    elif kind == "progressive":
        per = max(1, budget // 10)
        for k in range(1, len(langs) + 1):
            runs.append(dict(label=f"first {k} languages", params={"k": k, "order": langs[:k]},
                             counts={c: per for c in langs[:k]}))
    elif kind == "budget":
        per = max(1, budget // len(train))
        for lang in train:
            runs.append(dict(label=f"budget monolingual {lang}", params={"variant": "monolingual", "language": lang},
                             counts={lang: per}))
        runs.append(dict(label="budget multilingual", params={"variant": "multilingual"}, counts={c: per for c in train}))
        runs.append(dict(label="budget english_only", params={"variant": "english_only"}, counts={"en": per}))
        runs.append(dict(label="budget downsampled", params={"variant": "downsampled"}, counts=split_evenly(per, train)))
    elif kind == "incremental":
        for n in (0, 10, 50, 100, 200, 400):
            runs.append(dict(label=f"+{n} per language", params={"per_language": n},
                             counts={"en": budget, **{c: n for c in other}}))
    elif kind == "sets":
        half = max(1, len(other) // 2)
        for name, members in (("first", ["en", *other[:half]]), ("second", ["en", *other[half:2 * half]])):
            runs.append(dict(label=f"set {name}", params={"set": name}, counts=split_evenly(budget, members)))
    else:
        raise ValueError(f"unknown design kind {kind!r}; expected one of {DESIGNS}")
    for r in runs:
        r["kind"] = kind
    return runs


def _padding_runs(n: int, langs: list[str], budget: int, rng: np.random.Generator) -> list[dict]:
    """Extra num_languages permutations over all eval languages, to reach a requested run count."""
    runs = []
    for j in range(n):
        k = int(rng.integers(1, len(langs) + 1))
        order = list(rng.permutation(langs))
        runs.append(dict(kind="num_languages", label=f"{k} languages (perm {j + 100})",
                         params={"k": k, "permutation": j + 100}, counts=split_evenly(budget, order[:k])))
    return runs


def _merge_duplicates(runs: list[dict]) -> list[dict]:
    """Runs with the same mixture are one run listing every design that produced it (as plan does)."""
    merged: dict[str, dict] = {}
    for r in runs:
        key = json.dumps(sorted((k, v) for k, v in r["counts"].items() if v > 0))
        if key in merged:
            if r["kind"] not in merged[key]["designs"]:
                merged[key]["designs"].append(r["kind"])
        else:
            merged[key] = {**r, "designs": list(r.get("designs", [r["kind"]]))}
    return list(merged.values())


def make_study_dir(
    path: str | os.PathLike,
    *,
    n_runs: int | None = None,
    langs: tuple[str, ...] | list[str] = SHAHAM,
    designs: tuple[str, ...] | list[str] = ("pinch", "monolingual", "num_languages"),
    seed: int = 0,
    train: list[str] | None = None,
    seeds: tuple[int, ...] = (0,),
    models: tuple[str, ...] = ("micro",),
    methods: tuple[str, ...] = ("full",),
    reference: bool = True,
    judged: bool = False,
    base_unseen: tuple[str, ...] = (),
    outlier: str | None = None,
    n_items: int = 60,
    budget: int = 1000,
    truth: TransferModel = TransferModel(),
    name: str = "synthetic",
) -> Path:
    """Write a study directory at `path` and return it.

    `langs` are the eval languages (English first is usual), `train` the study's SFT languages
    (default: the first six). `n_runs` pads the grid with num_languages permutations over all eval
    languages up to that many mixtures (per model, method and seed). `judged` adds an `instruct`
    task scored with IF_L against the monolingual run of each eval language; `base_unseen` are
    languages the base model never saw (exposure 0); `outlier` is the label of a run whose scores
    drop by `truth.outlier_drop` everywhere (Lucky 52's Korean checkpoint).
    """
    from scipy.special import ndtr

    rng = np.random.default_rng(seed)
    langs = list(langs)
    train = list(train) if train is not None else langs[: min(6, len(langs))]
    if "en" not in train or "en" not in langs:
        raise ValueError("the synthetic transfer model needs English in both train and eval languages")
    mixtures = _merge_duplicates([r for kind in designs for r in design_runs(kind, train, langs, budget, rng)])
    if n_runs is not None:
        while len(mixtures) < n_runs:
            mixtures = _merge_duplicates(mixtures + _padding_runs(n_runs - len(mixtures), langs, budget, rng))
        mixtures = mixtures[:n_runs]

    resource = {c: _micro_resource(c, i) for i, c in enumerate(langs)}
    exposed = {c: c not in base_unseen for c in langs}
    shares = {c: (_SHARE[resource[c]] if exposed[c] else 0.0) for c in langs}
    shares["en"] = 0.5 if exposed["en"] else 0.0
    total_share = sum(shares.values()) or 1.0
    exposure = {m: {c: round(s / total_share, 6) for c, s in shares.items()} for m in models}

    # One row per run (model x method x seed x mixture), plus one base run per model.
    runs = []
    for mi, model in enumerate(models):
        if reference:
            runs.append(dict(run=f"base-{model}", model=model, method="none", seed=seed, designs=["reference"],
                             kind="reference", label="base", params={}, counts={}, model_index=mi))
        for method in methods:
            for s in seeds:
                for j, mix in enumerate(mixtures):
                    suffix = "" if len(models) == 1 else f"-{model}"
                    suffix += "" if len(methods) == 1 else f"-{method}"
                    runs.append(dict(run=f"{mix['kind']}-{j:04d}{suffix}-s{s}", model=model, method=method, seed=s,
                                     designs=mix["designs"], kind=mix["kind"], label=mix["label"],
                                     params=mix["params"], counts=mix["counts"], model_index=mi))

    n_r, n_l = len(runs), len(langs)
    mu = np.empty((n_r, n_l))
    fid = np.empty((n_r, n_l))
    for i, r in enumerate(runs):
        for j, lang in enumerate(langs):
            mu[i, j] = truth.expected(r["counts"], lang, resource[lang], exposed=exposed[lang],
                                      model_index=r["model_index"], method=r["method"])
            fid[i, j] = truth.fidelity(r["counts"], lang)
        if outlier is not None and r["label"] == outlier:
            mu[i] -= truth.outlier_drop
    seed_noise = rng.normal(0.0, truth.seed_sd, size=mu.shape) * np.array([r["method"] != "none" for r in runs])[:, None]
    mu = np.clip(mu + seed_noise, 0.01, 0.99)

    # 0/1 items whose latent difficulty is shared across runs and languages (rho = 0.5).
    rho = 0.5
    z = rng.standard_normal(n_items)
    u = ndtr(rho * z[None, None, :] + math.sqrt(1 - rho**2) * rng.standard_normal((n_r, n_l, n_items)))
    correct = (u < mu[:, :, None]).astype(np.float64)
    lid = (rng.random((n_r, n_l, n_items)) < fid[:, :, None]).astype(np.float64)
    per_metric = {"exact_match": correct, "exact_match_gated": correct * lid, LID_METRIC: lid}
    tables = [("math", metric, values) for metric, values in per_metric.items()]
    if judged:
        tables.append(("instruct", SXS_METRIC, _if_l_items(runs, langs, mu, n_items, rng)))

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    study = dict(
        name=name, seed=seed, seeds=list(seeds), train=train, eval=langs, seen=train,
        unseen=[c for c in langs if c not in train], tasks=sorted({t for t, _, _ in tables}),
        designs=[{"kind": k} for k in designs], models=list(models), exposure=exposure, resource=resource,
    )
    _write_json(out / "study.json", study)
    results, items = _tables(runs, langs, tables, n_items)
    _write_parquet(out / "results.parquet", results)
    _write_parquet(out / "items.parquet", items)
    return out


def _micro_resource(code: str, i: int) -> str:
    from xlt.languages import MICRO_RESOURCE

    return MICRO_RESOURCE.get(code) or ("high" if code == "en" else _RESOURCE_CYCLE[i % 3])


def _if_l_items(runs: list[dict], langs: list[str], mu: np.ndarray, n_items: int, rng) -> np.ndarray:
    """Side-by-side outcomes (1 win, 0.5 tie, 0 loss) against the monolingual run of each eval
    language: the mean is 0.5 + (score - monolingual score) / 2; NaN where no monolingual run."""
    mono = {}
    for i, r in enumerate(runs):
        if r["counts"] and len(r["counts"]) == 1 and r["method"] != "none":
            mono.setdefault((r["model"], r["method"], r["seed"], next(iter(r["counts"]))), i)
    out = np.full((len(runs), len(langs), n_items), np.nan)
    for i, r in enumerate(runs):
        for j, lang in enumerate(langs):
            m = mono.get((r["model"], r["method"], r["seed"], lang))
            if m is None:
                continue
            d = float(np.clip(mu[i, j] - mu[m, j], -0.5, 0.5))
            p_win, p_loss = 0.25 + max(d, 0.0), 0.25 + max(-d, 0.0)
            x = rng.random(n_items)
            out[i, j] = np.where(x < p_win, 1.0, np.where(x < p_win + p_loss, 0.0, 0.5))
    return out


def _tables(runs: list[dict], langs: list[str], tables, n_items: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    n_r, n_l = len(runs), len(langs)
    run_cols = dict(
        run=[r["run"] for r in runs], model=[r["model"] for r in runs], method=[r["method"] for r in runs],
        seed=[r["seed"] for r in runs], designs=[r["designs"] for r in runs], kind=[r["kind"] for r in runs],
        label=[r["label"] for r in runs], params=[json.dumps(r["params"]) for r in runs],
        counts=[json.dumps({k: {"math": v} for k, v in r["counts"].items()}) for r in runs],
        train_langs=[sorted(k for k, v in r["counts"].items() if v > 0) for r in runs],
        total=[int(sum(r["counts"].values())) for r in runs],
    )
    run_frame = pl.DataFrame(run_cols, schema_overrides={"seed": pl.Int64, "total": pl.Int64}).with_row_index("_r")
    result_parts, item_parts = [], []
    item_ids = np.array([f"item-{i:05d}" for i in range(n_items)])
    for task, metric, values in tables:
        with np.errstate(invalid="ignore"):
            n = (~np.isnan(values)).sum(axis=2)
            mean = np.nanmean(np.where(n[:, :, None] > 0, values, 0.0), axis=2)
            sd = np.nanstd(np.where(n[:, :, None] > 0, values, 0.0), axis=2)
        half = 1.96 * sd / np.sqrt(np.maximum(n, 1))
        r_idx, l_idx = np.nonzero(n > 0)
        result_parts.append(pl.DataFrame({
            "_r": r_idx.astype(np.uint32), "task": task, "eval_lang": np.array(langs)[l_idx], "metric": metric,
            "value": mean[r_idx, l_idx], "n": n[r_idx, l_idx].astype(np.int64),
            "ci_low": mean[r_idx, l_idx] - half[r_idx, l_idx], "ci_high": mean[r_idx, l_idx] + half[r_idx, l_idx],
        }))
        rr, ll, ii = np.nonzero(~np.isnan(values))
        item_parts.append(pl.DataFrame({
            "run": np.array(run_cols["run"])[rr], "task": task, "eval_lang": np.array(langs)[ll], "metric": metric,
            "item": item_ids[ii], "value": values[rr, ll, ii],
        }))
    results = pl.concat(result_parts).join(run_frame, on="_r").drop("_r").with_columns(pl.col("designs").alias("instances"))
    # the pipeline's contract (xlt.results): its columns, in its order, of its types
    return (results.select([pl.col(c).cast(t) for c, t in RESULTS_SCHEMA.items()]),
            pl.concat(item_parts).select([pl.col(c).cast(t) for c, t in ITEMS_SCHEMA.items()]))


def _write_json(path: Path, obj) -> None:
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
    os.replace(f.name, path)


def _write_parquet(path: Path, frame: pl.DataFrame) -> None:
    write_parquet(frame, path)
