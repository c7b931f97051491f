"""Artifacts: complete or absent, and a DONE marker never vouches for a file outside its folder."""

import json

from xlt import artifacts
from xlt.store import file_digest


def _built(tmp_path):
    final = tmp_path / "store" / "key"
    tmp = artifacts.staging(final)
    (tmp / "weights.bin").write_bytes(b"w" * 10)
    return artifacts.commit(tmp, final)


def test_a_committed_folder_is_complete_and_a_changed_file_is_not(tmp_path):
    final = _built(tmp_path)
    assert artifacts.is_complete(final)
    (final / "weights.bin").write_bytes(b"x" * 10)
    assert not artifacts.is_complete(final)


def test_a_marker_listing_a_path_outside_its_folder_is_not_complete(tmp_path):
    final = _built(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("elsewhere")
    marker = json.loads((final / artifacts.DONE).read_text())
    for rel in ("../../outside.txt", str(outside)):
        listed = {rel: {"size": outside.stat().st_size, "sha256": file_digest(outside)}}
        (final / artifacts.DONE).write_text(json.dumps({**marker, "files": listed}))
        assert not artifacts.is_complete(final), rel


def test_a_marker_that_is_not_a_file_list_is_not_complete(tmp_path):
    final = _built(tmp_path)
    for text in ("", "[]", '{"files": []}', '{"files": {"a": 3}}', "garbage"):
        (final / artifacts.DONE).write_text(text)
        assert not artifacts.is_complete(final), text
