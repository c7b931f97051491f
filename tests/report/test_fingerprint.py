"""The report's fingerprint covers every section's code: a cached report goes stale when any of it changes."""

import contextlib
import shutil
from pathlib import Path

import pytest

import xlt
from xlt.imports import code_digest
from xlt.report import fingerprint
from xlt.report.sections import SECTIONS

ROOTS = ["xlt.report.page", "xlt.report.sections"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of xlt's source to edit."""
    src = tmp_path_factory.mktemp("src") / "xlt"
    shutil.copytree(Path(xlt.__file__).parent, src, ignore=shutil.ignore_patterns("__pycache__", "studies", "templates"))
    return src


def test_the_fingerprint_is_the_digest_of_the_section_code():
    assert fingerprint() == code_digest(ROOTS)


@contextlib.contextmanager
def edited(path: Path):
    """The file with one more line while the block runs, then as it was."""
    original = path.read_text()
    path.write_text(original + "\n# edited\n")
    try:
        yield
    finally:
        path.write_text(original)


@pytest.mark.parametrize("module", sorted({fn.__module__ for fn in SECTIONS}
                                          | {"xlt.report.page", "xlt.stats", "xlt.analysis.data"}))
def test_editing_any_section_module_changes_the_fingerprint(tree, module):
    """predict/report.py and human.py too, which the old fingerprint (analysis/ alone) left out."""
    before = code_digest(ROOTS, tree)
    path = tree.parent.joinpath(*module.split("."))
    with edited(path / "__init__.py" if path.is_dir() else path.with_suffix(".py")):
        assert code_digest(ROOTS, tree) != before
    assert code_digest(ROOTS, tree) == before


def test_a_helper_imported_inside_a_function_counts(tree):
    """predict/report.py imports predict.models inside transfer_section: that file is covered too."""
    before = code_digest(ROOTS, tree)
    with edited(tree / "predict" / "models.py"):
        assert code_digest(ROOTS, tree) != before


def test_code_outside_the_report_does_not_change_it(tree):
    """Training code is not the report's: editing it keeps a cached report."""
    before = code_digest(ROOTS, tree)
    with edited(tree / "train.py"):
        assert code_digest(ROOTS, tree) == before
