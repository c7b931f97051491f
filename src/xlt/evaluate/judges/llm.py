"""What the LLM judges (openai.py, hf.py) share: the prompt templates, the verdict parsers, the verdict
cache and the asking (cache, parse, retry, concurrency), and the two protocols written as queries.

The judge reads one prompt rendered from a template and answers with a verdict the protocol parses
("[[A]]" / "[[B]]" / "[[C]]", or "Rating: [[n]]"). Every query is stateless: one user message, no
history, no model names. Verdicts are cached on disk by (judge, template, language, prompt, both
responses in the order shown, order, scale), so re-runs and crashed runs cost nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xlt.errors import InputError
from xlt.evaluate.judges.base import Item, JudgeUnavailable, Pair, combine
from xlt.store import cache_dir, write_atomic

log = logging.getLogger("xlt.judge")


REQUIRED = {"sxs": ("{question}", "{answer_a}", "{answer_b}"), "single": ("{question}", "{answer}")}
OPTIONAL = ("{language}", "{reference}")


@dataclass(frozen=True)
class Template:
    kind: str  # "sxs" | "single"
    text: str
    source: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def render(self, **fields: str) -> str:
        """The template with its placeholders filled (plain replacement: braces elsewhere are kept)."""
        out = self.text
        for name, value in fields.items():
            out = out.replace("{" + name + "}", value)
        return out


def load_template(kind: str, path: str | Path | None = None, scale: int = 3) -> Template:
    """The shipped template (sxs.txt, single_3.txt, single_5.txt) or a study's own file, checked."""
    if kind not in REQUIRED:
        raise InputError(f"unknown judge protocol {kind!r}; expected 'sxs' or 'single'", key="protocol")
    if path is None:
        name = "sxs.txt" if kind == "sxs" else f"single_{scale}.txt"
        text = resources.files("xlt.templates").joinpath(name).read_text(encoding="utf-8")
        return Template(kind, text, f"xlt/templates/{name}")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("judge template file not found", source=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"judge template is not UTF-8 ({exc.reason} at byte {exc.start})", source=str(path)) from None
    missing = [p for p in REQUIRED[kind] if p not in text]
    if missing:
        raise InputError(
            f"a {kind} judge template needs the placeholders {', '.join(REQUIRED[kind])} "
            f"(optional: {', '.join(OPTIONAL)}); missing {', '.join(missing)}",
            source=str(path),
        )
    return Template(kind, text, str(path))


_SXS = re.compile(r"\[\[\s*([ABC])\s*\]\]")
_RATING = re.compile(r"Rating:\s*\[\[\s*(\d+(?:\.\d+)?)\s*\]\]", re.IGNORECASE)


def parse_sxs(text: str | None) -> str | None:
    """"A", "B" or "C" (tie) from the last [[X]] in a judge's answer; None when there is none."""
    found = _SXS.findall(text or "")
    return found[-1] if found else None


def parse_rating(text: str | None, scale: int) -> float | None:
    """The last "Rating: [[n]]" with 1 <= n <= scale; None otherwise."""
    found = _RATING.findall(text or "")
    if not found:
        return None
    value = float(found[-1])
    return value if 1 <= value <= scale else None


def default_cache_dir() -> Path:
    return cache_dir() / "judge"


@dataclass(frozen=True)
class VerdictCache:
    """One JSON file per verdict, written atomically (store.write_atomic): safe across threads."""

    root: Path

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The cached record, or None when there is none or it is damaged (then the query is asked again)."""
        try:
            record = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (FileNotFoundError, UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not (isinstance(record, dict) and isinstance(record.get("raw"), str) and isinstance(record.get("parsed"), bool)):
            return None
        return record

    def put(self, key: str, record: dict) -> None:
        write_atomic(self._path(key), json.dumps(record, ensure_ascii=False))


def cache_key(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Query:
    key: str
    text: str


def _cached(queries: list[Query], parse: Callable[[str], object], cache: VerdictCache | None):
    """The verdicts the cache holds (None elsewhere) and the indices still to ask. A damaged entry (unreadable,
    or a verdict that no longer parses) is asked again; an unparsed answer is cached and counts as unparsed."""
    out: list[object | None] = [None] * len(queries)
    todo = []
    for i, q in enumerate(queries):
        hit = cache.get(q.key) if cache else None
        verdict = parse(hit["raw"]) if hit is not None and hit["parsed"] else None
        if hit is not None and (verdict is not None or not hit["parsed"]):
            out[i] = verdict
        else:
            todo.append(i)
    return out, todo


def _recorder(judge, queries: list[Query], cache: VerdictCache | None, out: list):
    def record(i: int, raw: str, verdict) -> None:
        if cache:
            cache.put(queries[i].key, {"judge": judge.name, "raw": raw, "parsed": verdict is not None})
        out[i] = verdict

    return record


def ask(judge, queries: list[Query], parse: Callable[[str], object], cache: VerdictCache | None,
        workers: int = 8, parse_attempts: int = 3) -> list[object | None]:
    """The parsed verdict of each query from a judge that answers one query at a time (`judge.complete`),
    in `workers` threads (None: unparsed after `parse_attempts` answers, or no answer).

    Cached verdicts are read without a request; every answered query is cached, unparsed ones too
    (with the judge's raw text), so they are counted the same way on a re-run. A query the judge never
    answered is not cached: when any is left, JudgeUnavailable says how many, and the next run asks them.
    """
    out, todo = _cached(queries, parse, cache)
    record = _recorder(judge, queries, cache, out)
    unanswered = []

    def one(i: int) -> None:
        raw = ""
        for _ in range(parse_attempts):
            try:
                raw = judge.complete(queries[i].text)
            except JudgeUnavailable as exc:
                log.warning("%s", exc)
                unanswered.append(i)
                return
            verdict = parse(raw)
            if verdict is not None:
                return record(i, raw, verdict)
        record(i, raw, None)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(one, todo))
    if unanswered:
        raise JudgeUnavailable(f"{judge.name}: {len(unanswered)} of {len(queries)} judge queries got no answer "
                               f"({len(todo) - len(unanswered)} answered now are cached; run again to ask the rest)",
                               endpoint=getattr(judge, "endpoint", None), unanswered=len(unanswered),
                               queries=len(queries), missing=sorted(unanswered))
    return out


def ask_batched(judge, queries: list[Query], parse: Callable[[str], object], cache: VerdictCache | None) -> list[object | None]:
    """The same from a judge that answers a batch at once (`judge.complete_many`): a local model, greedy,
    so one answer per query suffices."""
    out, todo = _cached(queries, parse, cache)
    record = _recorder(judge, queries, cache, out)
    for i, raw in zip(todo, judge.complete_many([queries[i].text for i in todo]), strict=True):
        record(i, raw, parse(raw))
    return out


def language_name(code: str) -> str:
    """English name of a language for the judge prompt (langcodes/CLDR; the code itself if unknown)."""
    import langcodes

    try:
        return langcodes.Language.get(code).display_name()
    except (ValueError, LookupError):
        return code


def _fields(item, **answers) -> dict[str, str]:
    language = language_name(item.lang)
    return {"question": item.prompt, "language": language, "reference": item.reference or "(none)", **answers}



class LLMJudge:
    """The protocols written as queries; a subclass answers them (`answers`) and names itself (`name`)."""

    def answers(self, queries: list[Query], parse: Callable[[str], object], cache: VerdictCache,
                workers: int) -> list[object | None]:
        raise NotImplementedError

    def cannot_judge(self, items: list[Item]) -> str | None:
        return None  # an LLM reads any prompt

    def compare(self, pairs: list[Pair], template: Template | None, cache: VerdictCache | None,
                workers: int) -> list[str | None]:
        """Shaham et al.: each pair asked twice with the responses swapped."""
        template = template or load_template("sxs")
        queries = []
        for p in pairs:
            for order, (x, y) in (("ab", (p.response_a, p.response_b)), ("ba", (p.response_b, p.response_a))):
                key = cache_key(self.name, template.digest, "sxs", p.lang, p.prompt, x, y, order, p.reference)
                queries.append(Query(key, template.render(**_fields(p, answer_a=x, answer_b=y))))
        try:
            verdicts = self.answers(queries, parse_sxs, cache or VerdictCache(default_cache_dir()), workers)
        except JudgeUnavailable as exc:  # an item is judged when both of its orders are
            exc.items_missing, exc.items = len({i // 2 for i in exc.missing}), len(pairs)
            raise
        swap = {"A": "B", "B": "A", "C": "C", None: None}
        return [combine(verdicts[2 * i], swap[verdicts[2 * i + 1]]) for i in range(len(pairs))]

    def rate(self, items: list[Item], scale: int, template: Template | None, cache: VerdictCache | None,
             workers: int) -> list[float | None]:
        """Chen; Shimabucoro: one rating per item from the single-answer template of the scale."""
        template = template or load_template("single", scale=scale)
        queries = [
            Query(cache_key(self.name, template.digest, "single", scale, it.lang, it.prompt, it.response, it.reference),
                  template.render(**_fields(it, answer=it.response)))
            for it in items
        ]
        try:
            return self.answers(queries, lambda raw: parse_rating(raw, scale), cache or VerdictCache(default_cache_dir()), workers)
        except JudgeUnavailable as exc:  # one query per item
            exc.items_missing, exc.items = len(exc.missing), len(items)
            raise
