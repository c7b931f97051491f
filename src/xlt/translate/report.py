"""The quality report of a translation: what the papers checked, per target language.

- back-translation chrF (sacrebleu) on a seeded sample of N translated segments (Lucky 52: 100),
  translated back by the same engine through the same cache, scored against the source text;
- the share of translations lingua detects as the target language (one detector, all languages);
- length ratios (characters of translation / characters of source);
- flagged segments (broken numbers, markers, empty output) with examples, and the rows left out.

Written as quality.json and quality.md under the report directory.
"""

from __future__ import annotations

import json
import random
import re
import statistics
from pathlib import Path

from xlt import languages
from xlt.store import write_atomic
from xlt.translate.cache import SegmentCache, segment_key
from xlt.translate.corpus import SegmentRecord, Translation, _Job, run_jobs
from xlt.translate.protect import Masked, unmask


def detector():
    """lingua's detector over all its languages (xlt.evaluate.lid's, built once per process); safe to
    call from a thread that warms it up while translation runs."""
    from xlt.evaluate import lid

    return lid.detector()


def _plain(masked_text: str) -> str:
    """Text without protected markers, for language identification."""
    return re.sub(r"⟦\d+⟧", " ", masked_text).strip()


def _lid_share(records: list[SegmentRecord], target: str) -> dict:
    """The share of translations detected as the target, in xlt's codes (lingua's nb and nn are `no`)."""
    from xlt.evaluate import lid

    if not lid.supported(target):
        return {"share": None, "n": 0, "note": f"lingua has no model for {target!r}"}
    lang = languages.normalize(target)
    texts = [_plain(r.translation) for r in records]
    if not texts:
        return {"share": None, "n": 0}
    detected = lid.detect(texts)
    hits = sum(d == lang for d in detected)
    others: dict[str, int] = {}
    for d in detected:
        if d != lang:
            others[d or "unknown"] = others.get(d or "unknown", 0) + 1
    return {"share": hits / len(texts), "n": len(texts), "other_languages": dict(sorted(others.items(), key=lambda kv: -kv[1]))}


def _length_ratios(records: list[SegmentRecord]) -> dict:
    ratios = [len(r.output) / len(r.source_text) for r in records if r.source_text]
    if not ratios:
        return {"n": 0}
    q = statistics.quantiles(ratios, n=20) if len(ratios) > 1 else [ratios[0]] * 19
    return {"n": len(ratios), "mean": statistics.fmean(ratios), "median": statistics.median(ratios), "p5": q[0], "p95": q[-1]}


def _back_translation(records, translation: Translation, engine, *, sample, seed, workers, cache_dir) -> dict:
    import sacrebleu

    pool = sorted(records, key=lambda r: (r.id, r.task, r.field))
    picked = random.Random(seed).sample(pool, min(sample, len(pool)))
    if not picked:
        return {"chrf": None, "n": 0}
    target, source = picked[0].target, translation.source
    jobs, keys = [], []
    for r in picked:
        back = Masked(r.translation, r.masked.spans)
        key = segment_key(engine.name, target, source, back.text)
        keys.append(key)
        jobs.append(_Job(key, target, source, back))
    cache = SegmentCache(cache_dir)
    try:
        entries = cache.get_many(keys)
        missing = list({j.key: j for j in jobs if j.key not in entries}.values())
        if missing:
            new, _ = run_jobs(engine, missing, cache, workers=workers)
            entries.update(new)
    finally:
        cache.close()
    hyps = [unmask(r.masked, entries[k].translation) for r, k in zip(picked, keys)]
    refs = [r.source_text for r in picked]
    sentence = [sacrebleu.sentence_chrf(h, [ref]).score for h, ref in zip(hyps, refs)]
    worst = sorted(range(len(picked)), key=lambda i: sentence[i])[:3]
    return {
        "chrf": sacrebleu.corpus_chrf(hyps, [refs]).score,
        "chrf_sentence_mean": statistics.fmean(sentence),
        "n": len(picked),
        "seed": seed,
        "back_translation_flagged": sum(not entries[k].ok for k in keys),
        "lowest": [
            {"id": picked[i].id, "field": picked[i].field, "source": refs[i], "translation": picked[i].output,
             "back_translation": hyps[i], "chrf": sentence[i]}
            for i in worst
        ],
    }


def quality_report(
    translation: Translation,
    engine,
    *,
    sample: int = 100,
    seed: int = 0,
    examples: int = 5,
    workers: int = 8,
    cache_dir: str | Path | None = None,
    lid: bool = True,
) -> dict:
    """Per target language: back-translation chrF, LID share, length ratios, flagged segments.

    `lid=False` skips language identification (lingua takes 10-40 s to load its models)."""
    out = {"engine": translation.engine, "source": translation.source, "fields": translation.fields,
           "sample": sample, "seed": seed, "targets": {}}
    for target in translation.targets:
        recs = [r for r in translation.records if r.target == target]
        sent = [r for r in recs if r.attempts > 0]  # translated by the engine (not copied verbatim)
        ok = [r for r in sent if r.ok]
        flagged = [r for r in sent if not r.ok]
        out["targets"][target] = {
            "rows_added": translation.added.get(target, 0),
            "rows_dropped": translation.dropped.get(target, 0),
            "segments": len(recs),
            "copied_verbatim": len(recs) - len(sent),
            "translated": len(sent),
            "retried": sum(r.attempts > 1 for r in sent),
            "flagged": len(flagged),
            "flagged_examples": [
                {"id": r.id, "task": r.task, "field": r.field, "source": r.source_text, "translation": r.translation,
                 "problems": list(r.problems)}
                for r in flagged[:examples]
            ],
            "lid": _lid_share(ok, target) if lid else {"share": None, "n": 0, "note": "not measured"},
            "length_ratio": _length_ratios(ok),
            "back_translation": _back_translation(ok, translation, engine, sample=sample, seed=seed,
                                                  workers=workers, cache_dir=cache_dir),
        }
    return out


def _fmt(x, spec=".2f") -> str:
    return "–" if x is None else format(x, spec)


def markdown(report: dict) -> str:
    lines = [
        f"# Translation quality: {report['source']} → {', '.join(report['targets'])}",
        "",
        f"Engine `{report['engine']}`, fields {', '.join(report['fields'])}. Back-translation chrF on a sample of "
        f"{report['sample']} segments per language (seed {report['seed']}); LID by lingua; length = characters "
        "of translation / source. Rows with a flagged field are left out of the corpus.",
        "",
        "| language | rows added | rows dropped | translated | flagged | retried | LID share | back-translation chrF (n) | length ratio median [p5, p95] |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for lang, t in report["targets"].items():
        bt, lr = t["back_translation"], t["length_ratio"]
        lines.append(
            f"| {lang} | {t['rows_added']} | {t['rows_dropped']} | {t['translated']} | {t['flagged']} | {t['retried']} | "
            f"{_fmt(t['lid']['share'], '.1%')} | {_fmt(bt['chrf'], '.1f')} ({bt['n']}) | "
            f"{_fmt(lr.get('median'))} [{_fmt(lr.get('p5'))}, {_fmt(lr.get('p95'))}] |"
        )
    for lang, t in report["targets"].items():
        if t["flagged_examples"]:
            lines += ["", f"## Flagged in {lang}", ""]
            for ex in t["flagged_examples"]:
                lines.append(f"- `{ex['id']}` {ex['field']}: {'; '.join(ex['problems'])}")
                lines.append(f"  - source: {json.dumps(ex['source'], ensure_ascii=False)}")
                lines.append(f"  - translation: {json.dumps(ex['translation'], ensure_ascii=False)}")
        if t["back_translation"].get("lowest"):
            lines += ["", f"## Lowest back-translation chrF in {lang}", ""]
            for ex in t["back_translation"]["lowest"]:
                lines.append(f"- `{ex['id']}` {ex['field']} (chrF {ex['chrf']:.1f}): "
                             f"{json.dumps(ex['source'], ensure_ascii=False)} → {json.dumps(ex['translation'], ensure_ascii=False)} → "
                             f"{json.dumps(ex['back_translation'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"




def write_report(report: dict, directory: str | Path) -> Path:
    """quality.json and quality.md in `directory`, each written atomically."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    write_atomic(d / "quality.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    write_atomic(d / "quality.md", markdown(report))
    return d

