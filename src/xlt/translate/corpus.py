"""Translate a corpus table: mask, look up the cache, send what is missing, check, assemble rows.

A *segment* is one field (prompt or response) of one source row for one target language, masked
(protect.py). Identical masked texts are sent once. Results are appended to the cache as they come
back, one durable transaction per batch of finished requests, so a killed run resumes where it
stopped and a finished run, run again, makes no request at all.

A translated row is written only when every translated field passed the checks. A row with a
flagged field (after the retries) is left out of the output and counted in `Translation.dropped`
and in the quality report, with the failing text: a broken number or api call is never kept.
Rows already present in the input for a target language are kept and not translated again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from xlt import languages
from xlt.errors import InputError
from xlt.translate.cache import Entry, SegmentCache, segment_key
from xlt.translate.engines import EngineError
from xlt.translate.protect import Masked, check, mask, unmask

MAX_ATTEMPTS = 3  # a translation that fails the checks is asked for twice more, then flagged
NOT_TRANSLATED = ("id", "lang", "task", "split")


class TranslationFailed(RuntimeError):
    """The engine failed for good (after its retries); finished segments are in the cache."""


@dataclass(frozen=True)
class SegmentRecord:
    """One field of one row in one target language, as translated (or copied, when nothing to translate)."""

    id: str
    task: str
    field: str
    target: str
    source_text: str
    masked: Masked
    translation: str  # masked form, as the engine returned it (stripped)
    problems: tuple[str, ...] = ()
    attempts: int = 0  # engine calls the cached result took; 0 when copied verbatim

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def output(self) -> str:
        return unmask(self.masked, self.translation)


@dataclass
class Translation:
    """The translated table plus what the quality report and the CLI summary need."""

    table: pl.DataFrame
    source: str
    targets: list[str]
    engine: str
    fields: list[str]
    records: list[SegmentRecord]
    requested: int = 0  # engine calls made by this run (retries included)
    cached: int = 0  # distinct segments found in the cache
    added: dict[str, int] = field(default_factory=dict)  # rows written per target
    dropped: dict[str, int] = field(default_factory=dict)  # rows left out per target (a flagged field)

    def summary(self) -> dict:
        return {
            "engine": self.engine,
            "source": self.source,
            "targets": self.targets,
            "fields": self.fields,
            "rows": self.table.height,
            "added": self.added,
            "dropped": self.dropped,
            "segments": len(self.records),
            "flagged_segments": sum(not r.ok for r in self.records),
            "requested": self.requested,
            "cached": self.cached,
        }


@dataclass(frozen=True)
class _Job:
    key: str
    source: str
    target: str
    masked: Masked


def _languages(source: str, targets: list[str]) -> tuple[str, list[str]]:
    try:
        src = languages.normalize(source)
    except languages.UnknownLanguage as exc:
        raise InputError(str(exc), key="from") from None
    tgts = []
    for t in targets:
        try:
            code = languages.normalize(t)
        except languages.UnknownLanguage as exc:
            raise InputError(str(exc), key="to") from None
        if code == src:
            raise InputError(f"target {t!r} is the source language", key="to")
        if code not in tgts:
            tgts.append(code)
    if not tgts:
        raise InputError("no target language; expected e.g. --to es,fr", key="to")
    return src, tgts


def _check_fields(table: pl.DataFrame, fields: list[str]) -> list[str]:
    if not fields:
        raise InputError("no field to translate; expected e.g. prompt,response", key="fields")
    text_columns = [c for c in table.columns if c not in NOT_TRANSLATED]
    for f in fields:
        if f not in text_columns:
            raise InputError(f"no field {f!r} to translate; the corpus has {', '.join(text_columns)}", key="fields")
    return list(dict.fromkeys(fields))


def run_jobs(
    engine,
    jobs: list[_Job],
    cache: SegmentCache,
    *,
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, Entry], int]:
    """Send each job (a distinct masked text) to the engine, check, retry, and cache each result.

    At most `workers` calls are outstanding at once (one thread for engines that batch on their own,
    like hf), each of `engine.batch_size` texts. The driver commits every finished result to the
    cache before it sends the next request, so a crash loses at most the calls outstanding at that
    moment. Returns the entries and the number of texts sent (retries included).
    """
    results: dict[str, Entry] = {}
    calls = 0
    error: BaseException | None = None
    slots = max(1, workers) if engine.parallel else 1
    queue: deque[tuple[list[_Job], int]] = deque()
    by_pair: dict[tuple[str, str], list[_Job]] = {}
    for job in jobs:
        by_pair.setdefault((job.source, job.target), []).append(job)
    for batch in by_pair.values():
        queue.extend((batch[i : i + engine.batch_size], 0) for i in range(0, len(batch), engine.batch_size))

    with ThreadPoolExecutor(max_workers=slots, thread_name_prefix="xlt-translate") as pool:
        futures: dict = {}
        try:
            while queue or futures:
                while queue and len(futures) < slots and error is None:
                    chunk, attempt = queue.popleft()
                    calls += len(chunk)
                    texts = [j.masked.text for j in chunk]
                    futures[pool.submit(engine.translate, texts, chunk[0].source, chunk[0].target, attempt)] = (chunk, attempt)
                if not futures:
                    break
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                finished = []
                for fut in done:
                    chunk, attempt = futures.pop(fut)
                    if fut.exception() is not None:
                        error = error or fut.exception()
                        continue
                    for job, out in zip(chunk, fut.result()):
                        out = out.strip()
                        problems = tuple(check(job.masked, out))
                        if problems and attempt + 1 < MAX_ATTEMPTS:
                            queue.appendleft(([job], attempt + 1))  # retried next; dropped if the run stops
                            continue
                        entry = Entry(out, problems, attempt + 1)
                        results[job.key] = entry
                        finished.append((job.key, engine.name, job.source, job.target, job.masked.text, entry))
                cache.put_many(finished)
                if progress and finished:
                    progress(len(finished))
                if error is not None:
                    queue.clear()  # let the outstanding calls finish (and be cached), send nothing new
        except BaseException:  # Ctrl-C: do not wait for queued calls
            for fut in futures:
                fut.cancel()
            raise
    if error is not None:
        if isinstance(error, InputError):
            raise error
        detail = str(error) if isinstance(error, EngineError) else f"{type(error).__name__}: {error}"
        raise TranslationFailed(
            f"translation stopped: {detail}; {len(results)} of {len(jobs)} segments finished and cached "
            f"under {cache.directory}; run the same command again to resume"
        ) from error
    return results, calls


def translate_table(
    table: pl.DataFrame,
    source_lang: str,
    targets: list[str],
    engine,
    fields: list[str] | tuple[str, ...] = ("prompt", "response"),
    workers: int = 8,
    cache_dir: str | Path | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Translation:
    """Translate every `source_lang` row of `table` into each target; see the module docstring."""
    from xlt.translate.engines import make_engine

    if isinstance(engine, str):
        engine = make_engine(engine)
    source, targets = _languages(source_lang, list(targets))
    fields = _check_fields(table, list(fields))
    engine.check_languages(source, targets)

    src_rows = table.filter(pl.col("lang") == source).to_dicts()
    if not src_rows:
        present = sorted(table["lang"].unique().to_list())
        raise InputError(f"no rows in the source language {source!r}; the corpus has {', '.join(present)}", key="from")
    existing = set(zip(table["id"].to_list(), table["lang"].to_list(), table["task"].to_list()))

    # One record per (target, row, field); jobs are the distinct texts the cache does not hold.
    engine_name = engine.name
    plan: list[tuple[str, dict, str, Masked, str | None]] = []
    for target in targets:
        for row in src_rows:
            if (row["id"], target, row["task"]) in existing:
                continue
            for f in fields:
                if row[f] is None:
                    plan.append((target, row, f, None, None))
                    continue
                m = mask(row[f])
                key = segment_key(engine_name, source, target, m.text) if m.translatable else None
                plan.append((target, row, f, m, key))

    cache = SegmentCache(cache_dir)
    try:
        keys = list(dict.fromkeys(k for *_, k in plan if k))
        entries = cache.get_many(keys)
        cached = len(entries)
        jobs, seen = [], set()
        for target, _row, _f, m, key in plan:
            if key and key not in entries and key not in seen:
                seen.add(key)
                jobs.append(_Job(key, source, target, m))
        calls = 0
        if jobs:
            total = len(jobs)
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress(done[0], total)

            new, calls = run_jobs(engine, jobs, cache, workers=workers, progress=tick)
            entries.update(new)
    finally:
        cache.close()

    records: list[SegmentRecord] = []
    out_rows: dict[str, list[dict]] = {t: [] for t in targets}
    dropped = {t: 0 for t in targets}
    current: dict | None = None
    for i, (target, row, f, m, key) in enumerate(plan):
        if current is None:
            current = {**row, "lang": target}
            ok = True
        if m is None:
            current[f] = None
        else:
            e = entries[key] if key else Entry(m.text, (), 0)
            rec = SegmentRecord(row["id"], row["task"], f, target, row[f], m, e.translation, e.problems, e.attempts)
            records.append(rec)
            ok = ok and rec.ok
            current[f] = rec.output
        last_of_row = i + 1 == len(plan) or plan[i + 1][1] is not row or plan[i + 1][0] != target
        if last_of_row:
            if ok:
                out_rows[target].append(current)
            else:
                dropped[target] += 1
            current = None

    new_rows = [r for t in targets for r in out_rows[t]]
    out = pl.concat([table, pl.DataFrame(new_rows, schema=table.schema)]) if new_rows else table
    return Translation(
        table=out,
        source=source,
        targets=targets,
        engine=engine.name,
        fields=fields,
        records=records,
        requested=calls,
        cached=cached,
        added={t: len(out_rows[t]) for t in targets},
        dropped=dropped,
    )
