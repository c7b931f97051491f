"""The `xlt` command line: one small function per command, no logic.

Commands import their modules lazily so that `xlt --help` stays fast (torch is slow to import).
Exit codes: 0 success, 1 a failure while running, 2 bad input (InputError, one line on stderr), 3 the judge
endpoint did not answer (`xlt run`, `xlt judge`: finished stages kept, run again), 130 interrupted.
"""

from __future__ import annotations

import json
import sys
from functools import wraps

import typer

from xlt.errors import InputError, JudgeUnavailable

app = typer.Typer(help="xlt: cross-lingual transfer lab for multilingual SFT.", no_args_is_help=True, add_completion=False)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


EXIT_UNAVAILABLE = 3  # a service the study needs (the judge endpoint) did not answer: run again when it is up


def handles_input_errors(fn):
    """Turn InputError into one line on stderr and exit code 2, and a judge endpoint that stayed down
    (JudgeUnavailable: nothing cached for the unjudged items, finished stages kept) into its line and exit 3."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            sys.stderr.write(f"error: {exc}\n")
            raise typer.Exit(2) from None
        except JudgeUnavailable as exc:
            sys.stderr.write(f"error: {exc.line()}\n")
            raise typer.Exit(EXIT_UNAVAILABLE) from None

    return wrapper


SET_HELP = "KEY=VALUE: set a study key (dotted, list items by number: eval.sets.0.data), VALUE read as TOML else as a string; repeatable."


@app.command()
@handles_input_errors
def languages(
    codes: list[str] = typer.Argument(None, help="Codes to show (default: every language in the registry)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """List the language registry: code, ISO 639-3, name, script, family, resource level."""
    from dataclasses import asdict

    from xlt import languages as langs

    try:
        entries = [langs.get(c) for c in (codes or langs.all_codes())]
    except langs.UnknownLanguage as exc:
        raise InputError(str(exc), key="codes") from None
    if json_out:
        _print_json([asdict(e) for e in entries])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("code", "iso639-3", "name", "script", "family", "resource")
    for e in entries:
        table.add_row(e.code, e.alpha3, e.name, e.script or "", e.family or "", e.resource or "")
    Console().print(table)


@app.command()
@handles_input_errors
def plan(
    study: str = typer.Argument(..., help="Study file (TOML)."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list, one object per run."),
    check_corpus: bool = typer.Option(None, "--check-corpus/--no-check-corpus", help="Load the corpus to check budgets (default: when it is local)."),
    overrides: list[str] = typer.Option(None, "--set", help=SET_HELP),
    smoke: bool = typer.Option(False, "--smoke", help="The cut plan of `xlt run --smoke`."),
):
    """Print a study's run grid: one row per run with exact counts per language and task."""
    from xlt.plan import load_and_plan
    from xlt.smoke import smoke_plan, with_smoke

    spec, runs, corpus = load_and_plan(study, check_corpus=check_corpus, overrides=with_smoke(study, overrides or (), smoke))
    if corpus is not None:  # with the corpus at hand, the evaluation items and the judge are checked as `xlt run` would
        from xlt.stages.items import check_judge, eval_items

        try:
            check_judge(spec, eval_items(spec, corpus))
        except InputError as exc:
            raise InputError(str(exc), source=study) from None
    if smoke:
        runs = smoke_plan(runs)
    if json_out:
        _print_json([r.as_dict() for r in runs])
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{spec.name}: {len(runs)} runs", show_lines=False)
    for col in ("id", "model", "method", "seed", "design", "run", "languages", "total"):
        table.add_column(col)
    for r in runs:
        langs = " ".join(f"{x}:{sum(per.values())}" for x, per in r.counts.items())
        table.add_row(r.id[:10], r.model, r.method, str(r.seed), ",".join(r.design), "; ".join(dict.fromkeys(r.labels)), langs, str(r.total))
    console.print(table)
    if corpus is None:
        console.print(f"[yellow]corpus {spec.data.corpus} not loaded: counts not checked against it (use --check-corpus)[/]")


def _fields_option(value: str | None) -> str | dict | None:
    """--fields: a preset name, or a table written as TOML's inline table."""
    if value is None or not value.lstrip().startswith("{"):
        return value
    import tomllib

    try:
        return tomllib.loads(f"fields = {value}")["fields"]
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not a TOML inline table ({exc})", key="--fields") from None


@app.command()
@handles_input_errors
def corpus(
    source: str = typer.Argument(..., help="builtin:micro | jsonl:<path> | parquet:<path> | hf:<id>[:<config glob>]"),
    stats: bool = typer.Option(False, "--stats", help="Ids per language and task."),
    validate: bool = typer.Option(False, "--validate", help="Duplicates, empty fields, unknown codes, ids missing in some languages."),
    sample: int = typer.Option(0, "--sample", help="Print N rows."),
    lang: str = typer.Option(None, "--lang", help="Only this language (with --sample)."),
    task: str = typer.Option(None, "--task", help="Only this task (with --sample)."),
    split: str = typer.Option(None, "--split", help="Only this split."),
    fields: str = typer.Option(None, "--fields", help='Field mapping: a preset (alpaca, bactrian-x, aya) or a TOML table, e.g. \'{ prompt = "instruction", response = "output", lang_value = "en", task_value = "instruct" }\'.'),
    seed: int = typer.Option(0, "--seed", help="Sampling seed (with --sample)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Inspect a parallel corpus: statistics, validation, or a sample of rows."""
    import polars as pl

    from xlt import languages as langs
    from xlt.corpus import corpus_stats, load_corpus, validate_corpus

    table = load_corpus(source, fields=_fields_option(fields))
    if split:
        table = table.filter(pl.col("split") == split)
    if not (stats or validate or sample):
        stats = True
    out: dict = {}
    if stats:
        out["stats"] = corpus_stats(table)
    if validate:
        out["validation"] = validate_corpus(table).as_dict()
    if sample:
        if lang:
            try:
                lang = langs.normalize(lang)
            except langs.UnknownLanguage as exc:
                raise InputError(str(exc), key="--lang") from None
            table = table.filter(pl.col("lang") == lang)
        if task:
            table = table.filter(pl.col("task") == task)
        if table.height == 0:
            raise InputError(f"no rows for lang={lang!r} task={task!r}", source=source)
        out["sample"] = table.sample(n=min(sample, table.height), seed=seed).to_dicts()
    if json_out:
        # --stats alone prints {lang: {task: n}}; --sample alone prints the list of rows.
        _print_json(out[next(iter(out))] if len(out) == 1 else out)
        return
    from rich.console import Console

    console = Console()
    for key, value in out.items():
        console.rule(key)
        console.print_json(data=value)


@app.command()
@handles_input_errors
def translate(
    source: str = typer.Argument(..., help="Corpus to translate: jsonl:<path>, parquet:<path>, hf:<id>[:<config>], builtin:micro."),
    to: str = typer.Option(..., "--to", help="Target languages, comma-separated, e.g. es,fr."),
    engine: str = typer.Option(..., "--engine", help="openai:<model> (OPENAI_BASE_URL, OPENAI_API_KEY) or hf:<path>."),
    out: str = typer.Option(..., "--out", help="Output JSONL corpus: the source rows plus the translations."),
    from_lang: str = typer.Option("en", "--from", help="Source language."),
    fields: str = typer.Option("prompt,response", "--fields", help="Fields to translate, comma-separated."),
    workers: int = typer.Option(8, "--workers", min=1, help="Concurrent requests (openai engines)."),
    report: str = typer.Option(None, "--report", help="Directory for the quality report (quality.json, quality.md)."),
    sample: int = typer.Option(100, "--sample", min=1, help="Segments per language for back-translation chrF."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds per request (openai)."),
    retries: int = typer.Option(4, "--retries", min=0, help="Retries per request on errors and time-outs (openai)."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
):
    """Translate a corpus into other languages, cached and resumable, with an optional quality report."""
    from xlt.corpus import load_corpus, write_jsonl
    from xlt.translate import TranslationFailed, make_engine, translate_table
    from xlt.translate.cache import default_cache_dir

    eng = make_engine(engine, timeout=timeout, max_retries=retries)
    table = load_corpus(source)
    targets = [t.strip() for t in to.split(",") if t.strip()]
    field_list = [f.strip() for f in fields.split(",") if f.strip()]
    cache_dir = default_cache_dir()
    if report:  # load lingua's models while the translation runs
        import threading

        from xlt.translate.report import detector

        threading.Thread(target=detector, daemon=True).start()
    try:
        result = translate_table(table, from_lang, targets, eng, field_list, workers, cache_dir)
        write_jsonl(result.table, out)
        summary = {**result.summary(), "out": out}
        if report:
            from xlt.translate.report import quality_report, write_report

            rep = quality_report(result, eng, sample=sample, workers=workers, cache_dir=cache_dir)
            summary["report"] = str(write_report(rep, report))
            summary["quality"] = {
                lang: {"lid_share": t["lid"]["share"], "back_translation_chrf": t["back_translation"]["chrf"]}
                for lang, t in rep["targets"].items()
            }
    except TranslationFailed as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise typer.Exit(1) from None
    if json_out:
        _print_json(summary)
        return
    for lang in result.targets:
        line = f"{lang}: {result.added[lang]} rows added, {result.dropped[lang]} left out (flagged)"
        if report:
            q = summary["quality"][lang]
            chrf = "–" if q["back_translation_chrf"] is None else f"{q['back_translation_chrf']:.1f}"
            lid = "–" if q["lid_share"] is None else f"{q['lid_share']:.0%}"
            line += f", back-translation chrF {chrf}, LID {lid}"
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"{summary['requested']} requests, {summary['cached']} segments from the cache; wrote {out}\n")


@app.command("eval")
@handles_input_errors
def eval_(
    model: str = typer.Argument(..., help='"micro", a local model directory or a Hugging Face id.'),
    benchmark: str = typer.Option(..., "--benchmark", help="mgsm, xcopa, xstorycloze, xwinograd, belebele, xlsum, flores, prompts."),
    data: str = typer.Option(..., "--data", help="Directory (or file, for prompts) of the benchmark, or hf:<dataset id>."),
    langs: str = typer.Option(None, "--langs", help="Comma-separated languages (default: every one found)."),
    limit: int = typer.Option(None, "--limit", help="At most N items per language."),
    split: str = typer.Option(None, "--split", help="Split (default: the benchmark's test split)."),
    option_format: str = typer.Option("chat", "--format", help="Multiple choice: chat (the SFT prompt format) or raw (lm-eval's)."),
    max_new_tokens: int = typer.Option(128, "--max-new-tokens"),
    batch_size: int = typer.Option(32, "--batch-size"),
    judge: str = typer.Option("rule", "--judge", help="Judge for open-ended items: rule, openai:<model>, hf:<path>."),
    items_out: str = typer.Option(None, "--items", help="Write per-item rows to this Parquet file."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Evaluate a model on a benchmark in every language: {"results": {lang: {metric: value, "n": items}}}."""
    from xlt.logs import no_library_bars

    no_library_bars()  # before transformers is imported: its weight-loading bar would land on stderr
    from xlt.evaluate.benchmarks import load_benchmark
    from xlt.evaluate.generate import Decoding
    from xlt.evaluate.pipeline import benchmark_items, evaluate, summarize, write_items

    items = load_benchmark(benchmark, data, langs=langs.split(",") if langs else None, split=split, limit=limit)
    if benchmark == "prompts" and all(it.reference is None for it in items):
        metrics = {it.task: () for it in items}  # no gold and no second system: generate, LID only
    else:
        metrics = None
    scored = evaluate(model, benchmark_items(items), metrics=metrics, judge=judge, option_format=option_format,
                      decoding=Decoding(max_new_tokens=max_new_tokens), batch_size=batch_size)
    if items_out:
        write_items(scored, items_out)
    result = {"results": summarize(scored)}
    if json_out:
        _print_json(result)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("lang", "metric", "value")
    for lang, values in result["results"].items():
        for metric, value in values.items():
            table.add_row(lang, metric, f"{value:.4f}" if isinstance(value, float) else str(value))
    Console().print(table)


judge_app = typer.Typer(help="Judge responses side by side or one at a time (rule, openai:<model>, hf:<path>).")
app.add_typer(judge_app, name="judge")


@judge_app.command("sxs")
@handles_input_errors
def judge_sxs(
    a: str = typer.Argument(..., help="JSONL: id, lang, prompt, response (optional reference, task) of system A."),
    b: str = typer.Argument(..., help="The same items answered by system B."),
    judge: str = typer.Option("rule", "--judge"),
    template: str = typer.Option(None, "--template", help="Own template file with {question}, {answer_a}, {answer_b}."),
    workers: int = typer.Option(8, "--workers", help="Concurrent judge requests."),
    json_out: bool = typer.Option(False, "--json"),
):
    """A against B, both orders; score = (wins + ties/2) / judged items (unparsed items left out)."""
    from xlt.evaluate import judges

    pairs = judges.pairs_from_files(a, b)
    tpl = judges.load_template("sxs", template) if template else None
    summary = judges.judge_sxs(pairs, judges.make_judge(judge), template=tpl, workers=workers).summary()
    _print_json(summary) if json_out else sys.stdout.write(_judge_line(summary))


@judge_app.command("single")
@handles_input_errors
def judge_single(
    a: str = typer.Argument(..., help="JSONL: id, lang, prompt, response (optional reference, task)."),
    judge: str = typer.Option("rule", "--judge"),
    scale: int = typer.Option(3, "--scale", help="3 (Chen et al.) or 5 (Shimabucoro et al.)."),
    template: str = typer.Option(None, "--template", help="Own template file with {question}, {answer}."),
    workers: int = typer.Option(8, "--workers"),
    json_out: bool = typer.Option(False, "--json"),
):
    """Rate each response 1..scale; mean, Chen's sum, and the LID-gated mean (over parsed items)."""
    from xlt.evaluate import judges

    items = judges.items_from_file(a)
    tpl = judges.load_template("single", template, scale=scale) if template else None
    summary = judges.judge_single(items, judges.make_judge(judge), scale=scale, template=tpl, workers=workers).summary()
    _print_json(summary) if json_out else sys.stdout.write(_judge_line(summary))


def _judge_line(summary: dict) -> str:
    return " ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in summary.items()) + "\n"


@app.command()
@handles_input_errors
def run(
    study: str = typer.Argument(None, help="Study file (TOML); default: the built-in micro study."),
    out: str = typer.Option("xlt-out", "--out", help="Output directory: <out>/<study>/ and the shared store <out>/.store/."),
    executor: str = typer.Option(None, "--executor", help="local | ray | slurm (default: the study's [execution] executor)."),
    workers: int = typer.Option(None, "--workers", min=1, help="Runs at once (local executor: a process pool)."),
    address: str = typer.Option(None, "--address", help="Ray: join an existing cluster at this address."),
    quiet: bool = typer.Option(False, "--quiet", help="Print only the final line."),
    json_out: bool = typer.Option(False, "--json", help="Print a machine-readable summary."),
    overrides: list[str] = typer.Option(None, "--set", help=SET_HELP),
    smoke: bool = typer.Option(False, "--smoke", help="The whole pipeline cut to the bone (a few runs, steps and items) in <out>/<study>-smoke/."),
    all_papers: bool = typer.Option(False, "--all-papers", help="The five papers' micro studies (no STUDY), sharing runs, then one claims table <out>/claims.json."),
    detach: bool = typer.Option(False, "--detach", help="Submit the runs with work left as a SLURM job array (--executor slurm) and return at once; follow with `xlt status`, collect with `xlt run` again."),
):
    """Run a study: plan, mixtures, training, evaluation, results.parquet and the report."""
    from xlt.run import run_study

    if all_papers and study:
        raise InputError(f"--all-papers runs the five shipped micro studies; expected no STUDY, got {study!r}")
    if all_papers and detach:
        raise InputError("--all-papers collects every study's results before its claims table; expected no --detach", key="--detach")
    interrupted = False
    try:
        options = dict(executor=executor, workers=workers, address=address, progress=not (quiet or json_out),
                       overrides=overrides or (), smoke=smoke)
        if all_papers:
            from xlt.all_papers import run_all_papers

            summary = run_all_papers(out, **options)
        else:
            summary = run_study(study, out, **options, detach=detach)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: committed artifacts are whole, the rest is redone
        interrupted = True
    except OSError as exc:  # a full disk, an --out that cannot be written: nothing half-written is marked done
        import errno

        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        sys.stderr.write(f"error: {exc.strerror}: {exc.filename or out}; finished stages are kept: "
                         "free space or fix --out, then run the same command again\n")
        raise typer.Exit(1) from None
    if interrupted:  # outside the except block, so the traceback's frames are gone before collecting
        import gc

        gc.collect()  # the run's objects (datasets' memory-mapped tables) go now, while their modules exist, not at exit
        sys.stderr.write("error: interrupted; finished stages are kept: run the same command again to resume\n")
        raise typer.Exit(130)
    if json_out:
        _print_json(summary.as_dict())
        return
    if all_papers:
        sys.stdout.write("".join(f"{s.study}: {s.runs} runs ({s.trained} trained) in {s.seconds:.0f} s\n" for s in summary.studies))
        sys.stdout.write(f"claims: {summary.reproduced} of {summary.testable} testable reproduced "
                         f"({summary.total - summary.testable} not testable); table: {summary.claims}\n")
        return
    sys.stdout.write(_run_line(summary, study, out))


def _run_line(summary, study: str | None, out: str) -> str:
    """What `xlt run` prints: the report, or (detached, or runs still running elsewhere) how to follow and collect them."""
    again = f"xlt run {study or ''} --out {out}".replace("  ", " ")
    if summary.submitted:
        return (f"{summary.study}: submitted {summary.submitted} of {summary.runs} runs ({summary.running} running elsewhere); "
                f"follow: xlt status {summary.study_dir}; collect once they finish: {again}\n")
    if summary.running:
        return (f"{summary.study}: {summary.runs} runs ({summary.trained} trained, {summary.evaluated} evaluated), "
                f"{summary.running} still running elsewhere; follow: xlt status {summary.study_dir}; collect once they finish: {again}\n")
    return (f"{summary.study}: {summary.runs} runs ({summary.trained} trained, {summary.evaluated} evaluated) in {summary.seconds:.0f} s; "
            f"report: {summary.report}\n")


@app.command()
@handles_input_errors
def status(
    study_dir: str = typer.Argument("xlt-out/micro", help="A study directory written by `xlt run` (<out>/<study>)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON: one object per run with its stages."),
):
    """Per run and stage: done, running (host, pid), queued, failed (its one-line error) or not started."""
    from xlt.status import counts, describe, study_status

    runs = study_status(study_dir)
    if json_out:
        _print_json({"runs": runs, "stages": counts(runs)})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("run", "label", "model", "method", "train", "eval", title=study_dir)
    for r in runs:
        train = r["stages"].get("train")
        table.add_row(r["run"][:10], r["label"], r["model"], r["method"], describe(train) if train else "-", describe(r["stages"]["eval"]))
    console = Console()
    console.print(table)
    console.print(", ".join(f"{n} {state}" for state, n in counts(runs).items() if n) + " (stages)")


@app.command()
@handles_input_errors
def report(directory: str = typer.Argument(..., help="A study directory written by `xlt run` (holds results.parquet).")):
    """Rebuild DIRECTORY/report/: index.html with the papers' analyses, PNG figures and CSV tables."""
    from xlt.report.page import build_report

    sys.stdout.write(f"{build_report(directory)}\n")


@app.command()
@handles_input_errors
def claims(
    directories: list[str] = typer.Argument(..., metavar="DIR...", help="Study directories written by `xlt run`; several give one combined table."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list, one object per claim."),
):
    """The five papers' claims checked on the results: verdict, number and 95% interval (or why not testable)."""
    from xlt.analysis import claims as checked

    tables = [checked.check_study(d) for d in directories]
    tab = tables[0] if len(tables) == 1 else checked.combine(tables)
    if json_out:
        _print_json(tab.to_dicts())
        return
    sys.stdout.write(checked.render_text(tab))


predict_app = typer.Typer(help="Learn transfer from runs: held-out and cross-validated error against baselines.", no_args_is_help=True)
app.add_typer(predict_app, name="predict")


@predict_app.command("eval")
@handles_input_errors
def predict_eval(
    train: str = typer.Argument(..., help="Runs to fit on: a study directory or a runs JSONL file."),
    test: str = typer.Argument(..., help="Runs to predict: a study directory or a runs JSONL file."),
    task: str = typer.Option(None, help="Task to read from a study's results (default: the only one)."),
    metric: str = typer.Option(None, help="Metric to read (default: the only one, else exact_match, acc, ...)."),
    model: str = typer.Option(None, help="Base model whose runs to read (default: the only one)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Fit xlt's transfer model and the baselines on TRAIN; mean absolute error on every score of TEST."""
    from xlt.predict import runs, validate

    choice = dict(task=task, metric=metric, model=model)
    out = validate.evaluate(runs.load(train, **choice), runs.load(test, **choice))
    if json_out:
        _print_json(out)
        return
    new = f" ({len(out['new_languages'])} languages never evaluated in TRAIN)" if out["new_languages"] else ""
    sys.stdout.write(f"n={out['n']} scores of {out['runs']} runs{new}: MAE xlt {out['mae']:.4g}\n")
    for k, v in out["baselines"].items():
        d = out["difference"][k]
        line = f"  {k} {v:.4g}; {k} - xlt: {d['mean']:+.4g} [{d['low']:+.4g}, {d['high']:+.4g}] (95%, paired bootstrap over runs"
        if out["new_languages"] and "difference_by_language" in out:  # new languages are a sample too
            b = out["difference_by_language"][k]
            line += f"; over languages [{b['low']:+.4g}, {b['high']:+.4g}]"
        sys.stdout.write(line + ")\n")


@predict_app.command("cv")
@handles_input_errors
def predict_cv(
    runs_path: str = typer.Argument(..., metavar="RUNS", help="A study directory or a runs JSONL file."),
    task: str = typer.Option(None, help="Task to read from a study's results (default: the only one)."),
    metric: str = typer.Option(None, help="Metric to read (default: the only one, else exact_match, acc, ...)."),
    model: str = typer.Option(None, help="Base model whose runs to read (default: the only one)."),
    max_folds: int = typer.Option(10, help="At most this many folds (0: hold out each run / language on its own)."),
    seed: int = typer.Option(0, help="Seed of the fold assignment and the bootstrap."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Leave-one-run-out and leave-one-eval-language-out MAE of xlt's model and the baselines."""
    from xlt.predict import runs, validate

    out = validate.cross_validate(runs.load(runs_path, task=task, metric=metric, model=model), max_folds=max_folds, seed=seed)
    if json_out:
        _print_json(out)
        return
    for scheme in ("leave_one_run_out", "leave_one_language_out"):
        cv = out[scheme]
        unit = "mixtures" if scheme == "leave_one_run_out" else "languages"
        sys.stdout.write(f"{scheme} ({cv['folds']} folds): MAE xlt {cv['mae']['xlt']:.4g}\n")
        for k, d in cv["difference"].items():
            sys.stdout.write(
                f"  {k} {cv['mae'][k]:.4g}; {k} - xlt: {d['mean']:+.4g} [{d['low']:+.4g}, {d['high']:+.4g}] (95%, paired bootstrap over {unit})\n"
            )


@app.command()
@handles_input_errors
def recommend(
    runs_path: str = typer.Argument(..., metavar="RUNS", help="A study directory or a runs JSONL file."),
    budget: int = typer.Option(..., help="Training examples in the mixture."),
    targets: str = typer.Option(..., help="Comma-separated languages to do well on."),
    pool: str = typer.Option(None, help="Comma-separated languages to draw from (default: the table's training languages)."),
    objective: str = typer.Option("mean", help="mean or min of the predicted target scores."),
    step: int = typer.Option(None, help="Counts move in steps of this many examples (default: about budget/20)."),
    task: str = typer.Option(None, help="Task to read from a study's results (default: the only one)."),
    metric: str = typer.Option(None, help="Metric to read (default: the only one, else exact_match, acc, ...)."),
    model: str = typer.Option(None, help="Base model whose runs to read (default: the only one)."),
    study: str = typer.Option(None, help="Write a study file (TOML) that trains the recommendation next to a uniform mixture."),
    corpus: str = typer.Option("builtin:micro", help="Corpus for the study file."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """The mixture under BUDGET that maximises the predicted objective over TARGETS, with alternatives."""
    from xlt.predict import recommend as rec_mod
    from xlt.predict import runs

    split = lambda s: [x.strip() for x in s.split(",") if x.strip()]  # noqa: E731
    table = runs.load(runs_path, task=task, metric=metric, model=model)
    out = rec_mod.recommend(table, budget, split(targets), pool=split(pool) if pool else None, objective=objective, step=step)
    if study:
        rec_mod.write_study(study, rec_mod.study_file(out, corpus=corpus, task=task))
        out["study_file"] = study
    if json_out:
        _print_json(out)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    value = out["value"]
    console.print(f"best {out['objective']} over {', '.join(out['targets'])}: {value['mean']:.4g} [{value['low']:.4g}, {value['high']:.4g}]")
    console.print("mixture: " + ", ".join(f"{k} {v}" for k, v in out["mixture"].items()))
    table_out = Table("target", "predicted", "95% interval")
    for code, p in out["predicted"].items():
        table_out.add_row(code, f"{p['mean']:.4g}", f"[{p['low']:.4g}, {p['high']:.4g}]")
    console.print(table_out)
    for alt in out["alternatives"]:
        v = alt["value"]
        mix = ", ".join(f"{k} {n}" for k, n in alt["mixture"].items())
        console.print(f"{alt['label']}: {v['mean']:.4g} [{v['low']:.4g}, {v['high']:.4g}] ({mix})")
    if out["extrapolated"]:
        console.print(f"note: counts beyond any run in the table for {', '.join(out['extrapolated'])} (extrapolated)")
    if study:
        console.print(f"study file: {study}")


human_app = typer.Typer(help="Human ratings: blinded rating sheets for raters, and their import.")
app.add_typer(human_app, name="human")


@human_app.command("export")
@handles_input_errors
def human_export(
    source: str = typer.Argument(..., help="A run directory (<study>/runs/<id>) or a study directory (with --run)."),
    langs: str = typer.Option(..., "--langs", help="Comma-separated languages to sample."),
    n: int = typer.Option(50, "--n", help="Items per language."),
    against: str = typer.Option(None, "--against", help="The run compared with (default: base, the untuned model)."),
    run: str = typer.Option(None, "--run", help="The rated run, when SOURCE is a study directory."),
    out: str = typer.Option(..., "--out", help="The sheet (CSV); its key is written beside it as SHEET.key.json."),
    seed: int = typer.Option(0, "--seed"),
):
    """Write a blinded sheet: responses shuffled per row, models hidden; excellent/pass/fail and 1/2/tie."""
    from xlt.human import export_sheet, key_path

    path = export_sheet(source, [x for x in langs.split(",") if x], n, out, against=against, run=run, seed=seed)
    sys.stdout.write(f"wrote {path} and its key {key_path(path)} (keep the key from the raters)\n")


@human_app.command("import")
@handles_input_errors
def human_import(sheet: str = typer.Argument(..., help="A filled sheet written by `xlt human export`.")):
    """Check the sheet against its key and add its ratings to <study>/human/ratings.parquet."""
    from xlt.human import import_sheet

    sys.stdout.write(f"wrote {import_sheet(sheet)}\n")


micro_app = typer.Typer(help="The micro base: build it from its recipe, measure its gates (copy, cross-lingual retrieval).")
app.add_typer(micro_app, name="micro")


@micro_app.command("build")
@handles_input_errors
def micro_build(
    recipe: str = typer.Option(None, "--recipe", help="A recipe file (TOML or JSON; default: the shipped base's recipe)."),
    out: str = typer.Option("micro-build", "--out", help="The build folder (checkpoints, tokenizer, final/)."),
    resume: bool = typer.Option(False, "--resume", help="Continue the build in --out from its last checkpoint."),
    threads: int = typer.Option(0, "--threads", help="torch threads (0: torch's default)."),
    stop_after: int = typer.Option(None, "--stop-after", help="Stop after this many more steps (a resumable partial build)."),
    from_build: str = typer.Option(None, "--from", help="Continue another (rsqrt) build's last checkpoint as a build of --steps."),
    steps: int = typer.Option(None, "--steps", help="With --from: the step count of the new build (default: the checkpoint's)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Build the micro base from scratch (or resume it); print the weights' digest and whether it matches the shipped one."""
    from xlt.logs import no_library_bars

    no_library_bars()  # the build logs its own steps; transformers' shard-writing bar would land among them
    from xlt.base import micro_build as mb

    if threads:
        import torch

        torch.set_num_threads(threads)
    log = lambda m: sys.stderr.write(m + "\n")  # noqa: E731
    if from_build:
        if recipe or resume:
            raise InputError("--from takes its recipe from that build; drop --recipe and --resume", key="--from")
        result = mb.cut(from_build, out, steps=steps, log=log, stop_after=stop_after)
    else:
        result = mb.build(mb.load_recipe(recipe), out, resume=resume, log=log, stop_after=stop_after)
    if json_out:
        _print_json(result)
    elif not result["finished"]:
        sys.stdout.write(f"stopped at step {result['step']}/{result['steps']}; continue with --resume --out {out}\n")
    else:
        shipped = result["shipped_digest"]
        verdict = "matches the shipped digest" if result["matches_shipped"] else (
            f"differs from the shipped digest {shipped}" if shipped else "no weights are shipped to compare with")
        sys.stdout.write(f"{result['final']}\ndigest {result['digest']}: {verdict}\n")


@micro_app.command("check")
@handles_input_errors
def micro_check(
    base: str = typer.Argument(None, help="A shipped base (micro, micro-large), a micro base or build folder (default: micro)."),
    copy_n: int = typer.Option(100, "--copy-items", help="Copy items per language."),
    pool: int = typer.Option(1000, "--pool", help="Parallel sentences per language in the retrieval pool."),
    langs: str = typer.Option(None, "--langs", help="Comma-separated languages (default: all 18 of the micro world)."),
    threads: int = typer.Option(0, "--threads", help="torch threads (0: torch's default)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Measure a micro base's gates: in-context copy per language and parallel-sentence retrieval top-1."""
    from xlt.base import micro_build as mb
    from xlt.base.micro_check import check
    from xlt.corpus.micro.parallel import LANGUAGES

    if threads:
        import torch

        torch.set_num_threads(threads)
    codes = [c.strip() for c in langs.split(",") if c.strip()] if langs else list(LANGUAGES)
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown:
        raise InputError(f"{unknown} are not micro languages; expected some of {', '.join(LANGUAGES)}", key="--langs")
    if copy_n < 1 or pool < 2:
        raise InputError("--copy-items must be >= 1 and --pool >= 2", key="--copy-items/--pool")
    name = base if base in mb.MICRO_BASES else ("micro" if base is None else None)
    if name and mb.shipped_info(name) is None:
        raise InputError(f"no shipped {name} base in this package; pass a base or build folder", key="BASE")
    model, tokenizer = mb.checkpoint_model(mb.shipped_dir(name) if name else base)
    result = check(model, tokenizer, codes, copy_n=copy_n, pool=pool)
    if json_out:
        _print_json(result)
        return
    copy, ret = result["copy"], result["retrieval"]
    sys.stdout.write(f"copy: mean {copy['mean']:.2f}, min {copy['min']:.2f} (" + ", ".join(f"{c} {v:.2f}" for c, v in copy["per_language"].items()) + ")\n")
    sys.stdout.write(f"retrieval top-1 (layer {ret['layer']}, pool {ret['pool']}): mean {ret['mean']:.2f} (" + ", ".join(f"{c} {v:.2f}" for c, v in ret["per_language"].items()) + ")\n")
    sys.stdout.write("gates: " + ", ".join(f"{k} {'pass' if v else 'fail'}" for k, v in result["gates"].items()) + "\n")
