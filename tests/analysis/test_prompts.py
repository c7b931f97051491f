import json

from xlt.analysis.prompts import long_prompts
from xlt.report.page import build_report
from tests.analysis.synthetic import make_study_dir


def test_long_prompts_section_counts_per_model_set_and_language(tmp_path):
    path = make_study_dir(tmp_path / "study", designs=("pinch",), n_items=10)
    page = build_report(path, [long_prompts])
    assert "every evaluation prompt fitted the model" in page.read_text()  # no record: left out, saying why
    rows = [{"run": r, "model": "m", "set": "xlsum", "lang": "sw", "items": 250, "truncated": 12, "skipped": 0}
            for r in ("a", "b")]  # two runs of one base model count once
    rows.append({"run": "a", "model": "m", "set": "mgsm", "lang": "sw", "items": 250, "truncated": 0, "skipped": 0})
    (path / "long_prompts.json").write_text(json.dumps(rows))
    html = build_report(path, [long_prompts]).read_text()
    assert "xlsum on m: 12 of 250 prompts cut in the middle to fit the context, 0 items skipped (sw)." in html
    assert "mgsm" not in html.split("<main>")[1]
