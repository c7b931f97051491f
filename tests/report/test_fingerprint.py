"""The report's fingerprint covers every section's code: a cached report goes stale when any of it changes."""

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


@pytest.mark.parametrize("module", sorted({fn.__module__ for fn in SECTIONS}
                                          | {"xlt.report.page", "xlt.stats", "xlt.analysis.data"}))
def test_editing_any_section_module_changes_the_fingerprint(tree, module):
    """predict/report.py and human.py too, which the old fingerprint (analysis/ alone) left out."""
    path = tree.parent.joinpath(*module.split(".")).with_suffix(".py")
    before = code_digest(ROOTS, tree)
    original = path.read_text()
    path.write_text(original + "\n# edited\n")
    try:
        assert code_digest(ROOTS, tree) != before
    finally:
        path.write_text(original)
    assert code_digest(ROOTS, tree) == before


def test_a_helper_imported_inside_a_function_counts(tree):
    """predict/report.py imports predict.models inside transfer_section: that file is covered too."""
    path = tree / "predict" / "models.py"
    before = code_digest(ROOTS, tree)
    original = path.read_text()
    path.write_text(original + "\n# edited\n")
    try:
        assert code_digest(ROOTS, tree) != before
    finally:
        path.write_text(original)


def test_code_outside_the_report_does_not_change_it(tree):
    """Training code is not the report's: editing it keeps a cached report."""
    path = tree / "train.py"
    before = code_digest(ROOTS, tree)
    original = path.read_text()
    path.write_text(original + "\n# edited\n")
    try:
        assert code_digest(ROOTS, tree) == before
    finally:
        path.write_text(original)
