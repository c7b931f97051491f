"""Judges and the two judge protocols: side-by-side (Shaham et al.) and single-answer (Chen; Shimabucoro).

A judge is `rule` (gold answer through the task's scorer, plus LID), `openai:<model>` (any
OpenAI-compatible endpoint: OPENAI_BASE_URL, OPENAI_API_KEY) or `hf:<path>` (a local causal LM).
The LLM judges read one prompt rendered from a template and answer with a verdict the protocol parses
("[[A]]" / "[[B]]" / "[[C]]", or "Rating: [[n]]"). Every query is stateless: one user message, no
history, no model names. Verdicts are cached on disk by (judge, template, language, prompt, both
responses in the order shown, order, scale), so re-runs and crashed runs cost nothing twice.

Side-by-side: each item is judged twice with the responses swapped; a win needs both verdicts,
disagreement is a tie; score = (wins + ties/2) / judged items. An item whose verdict could not be
parsed (after retries) or obtained counts in `unparsed` and nowhere else.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from xlt import languages
from xlt.errors import InputError
from xlt.store import cache_dir, write_atomic

log = logging.getLogger("xlt.judge")

# ---------------------------------------------------------------------------------------------
# items


@dataclass(frozen=True)
class Item:
    """One response to judge alone (single-answer)."""

    id: str
    lang: str
    prompt: str
    response: str
    reference: str | None = None
    task: str | None = None


@dataclass(frozen=True)
class Pair:
    """Two systems' responses to one prompt (side-by-side); A is the system being scored."""

    id: str
    lang: str
    prompt: str
    response_a: str
    response_b: str
    reference: str | None = None
    task: str | None = None


# ---------------------------------------------------------------------------------------------
# templates

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


# ---------------------------------------------------------------------------------------------
# verdict parsing

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


# ---------------------------------------------------------------------------------------------
# cache


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


# ---------------------------------------------------------------------------------------------
# judges


class JudgeUnavailable(RuntimeError):
    """The judge gave no answer after every retry (network, rate limit, server errors)."""


@dataclass
class OpenAIJudge:
    """Any OpenAI-compatible chat-completions endpoint; retries 429, 5xx, time-outs with backoff."""

    model: str
    timeout: float = 60.0
    attempts: int = 6
    backoff: float = 0.5  # seconds; doubled each retry, capped at 16 s, with jitter
    max_tokens: int = 1024
    _client: object = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"openai:{self.model}"

    def client(self):
        if self._client is None:
            import openai

            key = os.environ.get("OPENAI_API_KEY")
            if not key:
                raise InputError("the openai judge needs OPENAI_API_KEY in the environment", key="OPENAI_API_KEY")
            self._client = openai.OpenAI(
                api_key=key, base_url=os.environ.get("OPENAI_BASE_URL") or None, max_retries=0, timeout=self.timeout
            )
        return self._client

    def complete(self, query: str) -> str:
        import openai

        client = self.client()
        for attempt in range(self.attempts):
            try:
                reply = client.chat.completions.create(
                    model=self.model,
                    messages=[{"role": "user", "content": query}],
                    temperature=0.0,
                    max_tokens=self.max_tokens,
                )
                return reply.choices[0].message.content or ""
            except openai.APIStatusError as exc:
                if exc.status_code != 429 and exc.status_code < 500:  # not retried; the server's body is not echoed
                    raise JudgeUnavailable(f"{self.name}: HTTP {exc.status_code} from the judge endpoint (not retried)") from None
                why = f"HTTP {exc.status_code}"
            except (openai.APITimeoutError, openai.APIConnectionError, openai.APIResponseValidationError) as exc:
                why = type(exc).__name__
            except (ValueError, AttributeError, IndexError, TypeError) as exc:  # a body that is not a completion
                why = f"malformed reply ({type(exc).__name__})"
            if attempt + 1 < self.attempts:
                delay = min(16.0, self.backoff * 2**attempt) * (0.5 + random.random() / 2)
                log.info("judge %s: %s, retrying in %.2fs", self.name, why, delay)
                time.sleep(delay)
        raise JudgeUnavailable(f"{self.name}: no answer after {self.attempts} attempts ({why})")


@dataclass
class HFJudge:
    """A local causal LM answering through the same templates and parsers (greedy, batched)."""

    path: str
    max_new_tokens: int = 256
    batch_size: int = 8
    _lm: object = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"hf:{self.path}"

    def complete_many(self, queries: list[str]) -> list[str]:
        from xlt.evaluate.generate import Decoding, generate
        from xlt.evaluate.models import load_model

        if self._lm is None:
            self._lm = load_model(self.path)
        return generate(self._lm, queries, Decoding(max_new_tokens=self.max_new_tokens), batch_size=self.batch_size)


@dataclass
class RuleJudge:
    """The offline judge: a response is good when the task's scorer accepts it against the gold answer
    (or a registered checker accepts it) and it is written in the prompt's language (lingua)."""

    lid: bool = True
    name: str = "rule"

    def good(self, items: list[Item]) -> list[bool]:
        return [g == 2 for g in self.grade(items)]

    def grade(self, items: list[Item]) -> list[int]:
        """2: the check passes in the prompt's language; 1: the prompt's language, check failed; 0: another language.

        Side by side, the higher grade wins: an answer in the question's language beats one in another
        language even when neither meets the request, as the shipped judge templates tell an LLM judge.
        Without LID a response is graded 2 or 0 by the check alone.
        """
        from xlt.evaluate import lid as lidmod

        ok = [_rule_check(it) for it in items]
        if not self.lid:
            return [2 if o else 0 for o in ok]
        found = lidmod.detect([it.response for it in items])
        same = [d == languages.normalize(it.lang) for d, it in zip(found, items, strict=True)]
        return [2 if o and m else 1 if m else 0 for o, m in zip(ok, same, strict=True)]


# task -> checker(item) -> bool, for tasks judged without a gold response (e.g. the micro `instruct`
# constraints); tasks with a gold response use their scorer from xlt.evaluate.tasks.
RULE_CHECKS: dict[str, Callable[[Item], bool]] = {}
# task -> why the task's checker cannot check an item (one line), or None when it can
RULE_CANNOT: dict[str, Callable[[Item], str | None]] = {}


def register_rule_check(task: str, check: Callable[[Item], bool], cannot: Callable[[Item], str | None] | None = None) -> None:
    """The rule judge's checker for a task; `cannot(item)` says why an item is out of its reach (None: it can check it)."""
    RULE_CHECKS[task] = check
    if cannot is not None:
        RULE_CANNOT[task] = cannot


# task -> module that registers its checker when imported (kept lazy: it loads the micro world's tables)
LAZY_RULE_CHECKS = {"instruct": "xlt.evaluate.constraints"}


def _rule_cannot(item: Item) -> str | None:
    """Why the rule judge cannot check this item (one line), or None: it needs the task's checker to accept
    the item, or a reference answer and a scorer for the task."""
    from xlt.evaluate.tasks import RESPONSE_METRICS, TASK_METRICS

    if item.task in LAZY_RULE_CHECKS and item.task not in RULE_CHECKS:
        import importlib

        importlib.import_module(LAZY_RULE_CHECKS[item.task])
    if item.task in RULE_CHECKS:
        return RULE_CANNOT[item.task](item) if item.task in RULE_CANNOT else None
    if item.reference is None:
        return f"it needs a reference answer or a checker for task {item.task!r}, and item {item.id!r} has no reference answer"
    if not any(m in RESPONSE_METRICS for m in TASK_METRICS.get(item.task or "", ())):
        scorable = ", ".join(t for t, ms in TASK_METRICS.items() if any(m in RESPONSE_METRICS for m in ms))
        return f"no scorer for task {item.task!r} (it scores {scorable})"
    return None


def can_judge(spec: str, items: list[Item]) -> str | None:
    """Why the judge `spec` cannot judge these items (one line, the first item it cannot), or None when it can.

    An LLM judge (openai:, hf:) reads any prompt; the rule judge only what a checker or a gold answer decides."""
    if spec != "rule":
        return None
    return next((why for why in map(_rule_cannot, items) if why), None)


def _rule_check(item: Item) -> bool:
    from xlt.evaluate.tasks import RESPONSE_METRICS, TASK_METRICS

    why = _rule_cannot(item)
    if why:
        raise InputError(f"the rule judge cannot judge it: {why}; judge such items with openai:<model> or hf:<path>",
                         key=f"id {item.id}")
    if item.task in RULE_CHECKS:
        return bool(RULE_CHECKS[item.task](item))
    metric = next(m for m in TASK_METRICS[item.task] if m in RESPONSE_METRICS)
    try:
        return RESPONSE_METRICS[metric](item.response, item.reference) == 1.0
    except ValueError as exc:
        raise InputError(str(exc), key=f"id {item.id}") from None


def make_judge(spec: str, **options):
    """`rule`, `openai:<model>` or `hf:<path>`."""
    if spec == "rule":
        return RuleJudge(**options)
    kind, _, target = spec.partition(":")
    if kind == "openai" and target:
        return OpenAIJudge(model=target, **options)
    if kind == "hf" and target:
        return HFJudge(path=target, **options)
    raise InputError(f"unknown judge {spec!r}; expected 'rule', 'openai:<model>' or 'hf:<path>'", key="judge")


# ---------------------------------------------------------------------------------------------
# asking: cache, parse, retry, concurrency (shared by both protocols)


@dataclass(frozen=True)
class Query:
    key: str
    text: str


def ask(judge, queries: list[Query], parse: Callable[[str], object], cache: VerdictCache | None,
        workers: int = 8, parse_attempts: int = 3) -> list[object | None]:
    """The parsed verdict of each query (None: unparsed after `parse_attempts` answers, or no answer).

    Cached verdicts are read without a request; every answered query is cached, unparsed ones too
    (with the judge's raw text), so they are counted the same way on a re-run. A query the judge never
    answered is not cached: when any is left, JudgeUnavailable says how many, and the next run asks them.
    A damaged cache entry (unreadable, or a verdict that no longer parses) is asked again.
    """
    out: list[object | None] = [None] * len(queries)
    todo = []
    for i, q in enumerate(queries):
        hit = cache.get(q.key) if cache else None
        verdict = parse(hit["raw"]) if hit is not None and hit["parsed"] else None
        if hit is not None and (verdict is not None or not hit["parsed"]):
            out[i] = verdict
        else:
            todo.append(i)

    def record(i: int, raw: str, verdict) -> None:
        if cache:
            cache.put(queries[i].key, {"judge": judge.name, "raw": raw, "parsed": verdict is not None})
        out[i] = verdict

    if hasattr(judge, "complete_many"):  # local model: batched, deterministic (one answer suffices)
        for i, raw in zip(todo, judge.complete_many([queries[i].text for i in todo]), strict=True):
            record(i, raw, parse(raw))
        return out

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

    if todo and hasattr(judge, "client"):
        judge.client()  # build the shared client once, before the threads
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(one, todo))
    if unanswered:
        raise JudgeUnavailable(f"{judge.name}: {len(unanswered)} of {len(queries)} judge queries got no answer "
                               f"({len(todo) - len(unanswered)} answered now are cached; run again to ask the rest)")
    return out


# ---------------------------------------------------------------------------------------------
# side-by-side


@dataclass(frozen=True)
class SxsResult:
    n: int
    wins: int
    ties: int
    losses: int
    unparsed: int
    score: float  # (wins + ties / 2) / (n - unparsed)
    outcomes: tuple  # per item: "win" | "tie" | "loss" | None (unparsed)

    def summary(self) -> dict:
        return {k: getattr(self, k) for k in ("n", "wins", "ties", "losses", "unparsed", "score")}


def _combine(first: str | None, second: str | None) -> str | None:
    """Verdicts of (A shown first) and (B shown first, mapped back to A/B) -> A's outcome."""
    if first is None or second is None:
        return None
    if first == second == "A":
        return "win"
    if first == second == "B":
        return "loss"
    return "tie"


def judge_sxs(pairs: list[Pair], judge, template: Template | None = None, workers: int = 8,
              cache: VerdictCache | None = None) -> SxsResult:
    """Shaham et al.'s side-by-side protocol: A's wins, ties and losses against B."""
    if isinstance(judge, RuleJudge):
        items_a = [Item(p.id, p.lang, p.prompt, p.response_a, p.reference, p.task) for p in pairs]
        items_b = [Item(p.id, p.lang, p.prompt, p.response_b, p.reference, p.task) for p in pairs]
        grade_a, grade_b = judge.grade(items_a), judge.grade(items_b)
        # the rule looks at each response alone, so both orders give the same verdict
        verdict = ["A" if a > b else "B" if b > a else "C" for a, b in zip(grade_a, grade_b, strict=True)]
        outcomes = [_combine(v, v) for v in verdict]
    else:
        template = template or load_template("sxs")
        cache = cache or VerdictCache(default_cache_dir())
        queries = []
        for p in pairs:
            for order, (x, y) in (("ab", (p.response_a, p.response_b)), ("ba", (p.response_b, p.response_a))):
                fields = _fields(p, answer_a=x, answer_b=y)
                key = cache_key(judge.name, template.digest, "sxs", p.lang, p.prompt, x, y, order, p.reference)
                queries.append(Query(key, template.render(**fields)))
        verdicts = ask(judge, queries, parse_sxs, cache, workers)
        swap = {"A": "B", "B": "A", "C": "C", None: None}
        outcomes = [_combine(verdicts[2 * i], swap[verdicts[2 * i + 1]]) for i in range(len(pairs))]
    wins, ties, losses = (outcomes.count(k) for k in ("win", "tie", "loss"))
    judged = wins + ties + losses
    score = (wins + ties / 2) / judged if judged else float("nan")
    return SxsResult(len(pairs), wins, ties, losses, len(pairs) - judged, score, tuple(outcomes))


# ---------------------------------------------------------------------------------------------
# single answer


@dataclass(frozen=True)
class SingleResult:
    n: int
    mean: float  # over parsed items
    sum: float  # Chen's total over items (e.g. 0-150 for 50 prompts on 1-3)
    unparsed: int
    gated_mean: float  # rating x [response language = prompt language], over parsed items
    ratings: tuple  # per item: rating or None
    lids: tuple  # per item: detected language or None

    def summary(self) -> dict:
        return {k: getattr(self, k) for k in ("n", "mean", "sum", "unparsed", "gated_mean")}


def judge_single(items: list[Item], judge, scale: int = 3, template: Template | None = None, workers: int = 8,
                 cache: VerdictCache | None = None, lid: bool = True) -> SingleResult:
    """Single-answer ratings on 1-3 (Chen) or 1-5 (Shimabucoro: a wrong-language answer scores 1)."""
    from xlt.evaluate import lid as lidmod

    if scale not in (3, 5):
        raise InputError(f"scale must be 3 or 5, got {scale}", key="scale")
    lids = lidmod.detect([it.response for it in items]) if lid else [None] * len(items)
    if isinstance(judge, RuleJudge):
        good = judge.good(items)
        ratings = [float(scale) if g else 1.0 for g in good]
    else:
        template = template or load_template("single", scale=scale)
        cache = cache or VerdictCache(default_cache_dir())
        queries = [
            Query(
                cache_key(judge.name, template.digest, "single", scale, it.lang, it.prompt, it.response, it.reference),
                template.render(**_fields(it, answer=it.response)),
            )
            for it in items
        ]
        ratings = ask(judge, queries, lambda raw: parse_rating(raw, scale), cache, workers)
    langs = [languages.normalize(it.lang) for it in items]
    if lid and scale == 5:  # Shimabucoro: an answer in the wrong language scores 1
        ratings = [None if r is None else (r if d == l else 1.0) for r, d, l in zip(ratings, lids, langs)]
    parsed = [(r, d, l) for r, d, l in zip(ratings, lids, langs) if r is not None]
    total = sum(r for r, _, _ in parsed)
    mean = total / len(parsed) if parsed else float("nan")
    gated = sum(r * (d == l) for r, d, l in parsed) / len(parsed) if parsed and lid else float("nan")
    return SingleResult(len(items), mean, total, len(items) - len(parsed), gated, tuple(ratings), tuple(lids))


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


# ---------------------------------------------------------------------------------------------
# files (the `xlt judge` commands)


def read_responses(path: str | Path) -> list[dict]:
    """JSONL rows with id, lang, prompt, response (optional reference, task); errors name file and line."""
    from xlt.evaluate.bench_files import read_jsonl

    rows = read_jsonl(Path(path), required=("id", "lang", "prompt", "response"))
    for line, row in rows:
        try:
            row["lang"] = languages.normalize(str(row["lang"]))
        except languages.UnknownLanguage:
            raise InputError(f"unknown language code {row['lang']!r}", source=str(path), key=f"line {line}") from None
        row["id"] = str(row["id"])
    return [row for _, row in rows]


def pairs_from_files(path_a: str | Path, path_b: str | Path) -> list[Pair]:
    """Pairs matched on (id, lang); both files must hold the same items."""
    a, b = read_responses(path_a), read_responses(path_b)
    b_by = {(r["id"], r["lang"]): r for r in b}
    missing = [(r["id"], r["lang"]) for r in a if (r["id"], r["lang"]) not in b_by]
    if missing or len(a) != len(b):
        raise InputError(
            f"the two files must hold the same (id, lang) items; {len(missing)} of A's are missing from B "
            f"(first: {missing[:1]}), A has {len(a)} rows and B {len(b)}",
            source=str(path_b),
        )
    out = []
    for r in a:
        o = b_by[(r["id"], r["lang"])]
        if o["prompt"] != r["prompt"]:
            raise InputError(f"item {r['id']} ({r['lang']}) has different prompts in the two files", source=str(path_b))
        out.append(Pair(r["id"], r["lang"], r["prompt"], str(r["response"]), str(o["response"]),
                        r.get("reference"), r.get("task")))
    return out


def items_from_file(path: str | Path) -> list[Item]:
    return [Item(r["id"], r["lang"], r["prompt"], str(r["response"]), r.get("reference"), r.get("task"))
            for r in read_responses(path)]
