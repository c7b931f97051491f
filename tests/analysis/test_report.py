import os
import shutil
import subprocess
import re

import pytest
from typer.testing import CliRunner

from xlt.analysis import PAPER_ANALYSES
from xlt.report.page import build_report
from tests.analysis.synthetic import DESIGNS, make_study_dir
from xlt.cli import app


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = make_study_dir(tmp_path_factory.mktemp("r") / "study", designs=DESIGNS, n_items=40, judged=True)
    return build_report(path, PAPER_ANALYSES)


def test_report_files_and_headlines(page):
    html = page.read_text()
    imgs = re.findall(r"<img src='([^']+)'", html)
    assert imgs and all((page.parent / i).exists() for i in imgs)
    assert "A pinch of 1%" in html and "Analyses left out" in html
    assert len(re.findall(r"<figcaption>", html)) == len(imgs)
    assert list(page.parent.glob("*.csv"))


def test_cli_report_rebuilds_and_reports_bad_dirs(tmp_path):
    path = make_study_dir(tmp_path / "study", designs=("pinch",), n_items=20)
    r = CliRunner().invoke(app, ["report", str(path)])
    assert r.exit_code == 0, r.output
    assert (path / "report" / "index.html").exists()
    assert not [p for p in path.iterdir() if p.name.startswith(".report")]
    r = CliRunner().invoke(app, ["report", str(tmp_path / "missing")])
    assert r.exit_code == 2


def test_a_failing_section_fails_alone_in_its_place(tmp_path):
    from xlt.analysis.section import Section

    def first(results, items, study):
        """First section."""
        return Section("first", "First section", text=["written before"])

    def broken(results, items, study):
        """Transfer matrix."""
        import not_installed_module  # noqa: F401  (a section whose dependency is missing)

    def last(results, items, study):
        """Last section."""
        return Section("last", "Last section", text=["written after"])

    path = make_study_dir(tmp_path / "study", designs=("pinch",), n_items=20)
    html = build_report(path, [first, broken, last]).read_text()
    assert "written before" in html and "written after" in html
    failed = re.search(r"<section id='failed-[^']*'><h2>Transfer matrix</h2>\s*<p class='failed'>([^<]*)</p>", html)
    assert failed, html
    assert "ModuleNotFoundError" in failed.group(1) and "not_installed_module" in failed.group(1) and "\n" not in failed.group(1)
    assert html.index("written before") < failed.start() < html.index("written after")


# Skipped on a laptop without the browser; in CI (.ci/run exports CI=1) a missing browser fails the test.
@pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                    reason="chromium is not installed (Debian package chromium); in CI this test fails instead")
def test_page_renders_in_headless_chromium(page, tmp_path):
    assert shutil.which("chromium"), "chromium is not installed: CI must render the report (apt-get install chromium)"
    # A copy of the page with a script that writes each image's natural width into the DOM once loaded.
    probe = page.parent / "probe.html"
    probe.write_text(page.read_text().replace("</body>", """<script>
window.addEventListener('load', () => { const d = document.createElement('pre'); d.id = 'probe';
 d.textContent = [...document.images].map(i => i.naturalWidth).join(','); document.body.appendChild(d); });
</script></body>"""))
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120)
    dom = out.stdout
    widths = re.search(r"<pre id=\"probe\">([^<]*)</pre>", dom)
    assert widths, out.stderr[-2000:]
    values = [int(w) for w in widths.group(1).split(",")]
    assert values and all(w > 100 for w in values)
    text = re.sub(r"<[^>]+>", " ", dom)
    assert len(text.split()) > 200  # not blank
