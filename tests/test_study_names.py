"""A study's name becomes the folder <out>/<name>: names that are not a plain folder name are refused at plan time."""

import pytest
from typer.testing import CliRunner

from tests.conftest import write_study
from tests.test_plan import corpus, study_text  # noqa: F401  (corpus is a fixture)
from xlt.cli import app


@pytest.mark.parametrize("name", [".", "..", ".hidden", "a/b", ""])
def test_a_name_that_is_not_a_plain_folder_name_is_refused(tmp_path, corpus, name):  # noqa: F811
    path = write_study(tmp_path / "s.toml", study_text(corpus).replace('name = "t"', f'name = "{name}"'))
    res = CliRunner().invoke(app, ["plan", str(path)])
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and str(path) in err and "name" in err, err


@pytest.mark.parametrize("name", ["t", "pinch_micro", "study-2.1", "a..b"])
def test_plain_names_plan(tmp_path, corpus, name):  # noqa: F811
    path = write_study(tmp_path / "s.toml", study_text(corpus).replace('name = "t"', f'name = "{name}"'))
    res = CliRunner().invoke(app, ["plan", str(path)])
    assert res.exit_code == 0, res.output
