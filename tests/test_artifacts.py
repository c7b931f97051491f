"""Artifacts: complete or absent, and a DONE marker never vouches for a file outside its folder."""

import json
from pathlib import Path

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


# --- leases: a second node never deletes a stage another node is still building ---------------------

RENEWER = """
import sys, time
from pathlib import Path
from xlt import artifacts
folder, pid = Path(sys.argv[1]), int(sys.argv[2])
artifacts.write_lease(folder, host="node-b", pid=pid)
print("ready", flush=True)
while True:
    artifacts.renew(folder)
    time.sleep(0.2)
"""


def _dead_pid() -> int:
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(p.stdout)


def test_a_stage_whose_lease_another_node_renews_is_left_alone(tmp_path):
    import os
    import subprocess
    import sys
    import time

    dead = _dead_pid()  # on this host the pid is gone; on node-b it is a live builder
    stage = tmp_path / f".model.tmp-{dead}-abcd1234"
    stage.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    renewer = subprocess.Popen([sys.executable, "-c", RENEWER, str(stage), str(dead)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert renewer.stdout.readline().strip() == "ready"
        time.sleep(1.5)  # longer than the lease the test allows: only renewal keeps it alive
        assert artifacts.clear_stale(tmp_path, lease_seconds=1.0) == 0
        assert stage.is_dir()
    finally:
        renewer.kill()
        renewer.wait()
    time.sleep(1.5)  # node-b died: its lease runs out
    assert artifacts.clear_stale(tmp_path, lease_seconds=1.0) == 1
    assert not stage.exists()


def test_a_stage_of_a_dead_process_on_this_host_is_cleared_at_once(tmp_path):
    dead = _dead_pid()
    stage = tmp_path / f".model.tmp-{dead}-abcd1234"
    stage.mkdir()
    artifacts.write_lease(stage, pid=dead)  # this host, fresh lease, but the builder is gone
    assert artifacts.clear_stale(tmp_path) == 1


def test_own_stage_has_a_lease_that_never_reaches_the_artifact(tmp_path):
    final = tmp_path / "a"
    tmp = artifacts.staging(final)
    assert (tmp / artifacts.LEASE).is_file()
    assert artifacts.clear_stale(tmp_path) == 0
    (tmp / "x.txt").write_text("x")
    artifacts.commit(tmp, final)
    assert sorted(p.name for p in final.iterdir()) == [artifacts.DONE, "x.txt"]
    assert artifacts.is_complete(final)


def test_a_young_stage_without_a_lease_yet_is_left_alone(tmp_path):
    stage = tmp_path / f".model.tmp-{_dead_pid()}-abcd1234"
    stage.mkdir()  # another node made the folder and has not written its lease yet
    assert artifacts.clear_stale(tmp_path) == 0


def test_clear_stale_removes_only_the_temporary_folders_of_dead_builders(tmp_path):
    import os

    dead = tmp_path / f".abc.tmp-{_dead_pid()}-0123abcd"
    mine = tmp_path / f".abd.tmp-{os.getpid()}-0123abcd"
    odd = tmp_path / ".abe.tmp-notapid-1"
    done = tmp_path / "abf"
    for p in (dead, mine, odd, done):
        p.mkdir()
        (p / "f").write_text("x")
    artifacts.write_lease(dead, pid=int(dead.name.split("-")[-2]))
    artifacts.write_lease(mine, pid=os.getpid())
    assert artifacts.clear_stale(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, odd.name, done.name])
    assert artifacts.clear_stale(tmp_path / "none") == 0


def test_a_staging_folder_is_fresh_private_and_named_for_its_builder(tmp_path):
    import os

    a, b = artifacts.staging(tmp_path / "x" / "key"), artifacts.staging(tmp_path / "x" / "key")
    assert a != b and a.is_dir() and b.is_dir() and a.parent == tmp_path / "x"
    assert a.name.startswith(f".key.tmp-{os.getpid()}-")
    assert artifacts.clear_stale(tmp_path / "x") == 0  # this process is alive


def test_commit_keeps_a_complete_artifact_another_worker_committed_first(tmp_path):
    final = tmp_path / "key"
    first = artifacts.staging(final)
    (first / "w").write_text("theirs")
    artifacts.commit(first, final)
    second = artifacts.staging(final)
    (second / "w").write_text("mine")
    assert artifacts.commit(second, final) == final
    assert (final / "w").read_text() == "theirs" and not second.exists()


def test_commit_replaces_an_incomplete_artifact(tmp_path):
    final = tmp_path / "key"
    final.mkdir()
    (final / "w").write_text("half")
    tmp = artifacts.staging(final)
    (tmp / "w").write_text("whole")
    artifacts.commit(tmp, final, {"run": "r"})
    assert (final / "w").read_text() == "whole" and artifacts.is_complete(final)
    assert json.loads((final / artifacts.DONE).read_text())["run"] == "r"


def test_clear_stale_counts_every_dead_builder_keeps_live_ones_and_reads_the_last_tmp_part(tmp_path):
    import subprocess
    import sys

    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _dead_pid()
        names = [f".a.tmp-{dead}-1", f".b.tmp-x.tmp-{dead}-2", f".c.tmp-{live.pid}-3"]  # a key may hold ".tmp-"
        for name in names:
            (tmp_path / name).mkdir()
            artifacts.write_lease(tmp_path / name, pid=int(name.split("-")[-2]))
        assert artifacts.clear_stale(tmp_path) == 2
        assert [p.name for p in tmp_path.iterdir()] == [names[2]]
    finally:
        live.kill()
        live.wait()


def test_a_listed_file_that_is_missing_or_a_symlink_makes_the_artifact_incomplete(tmp_path):
    final = tmp_path / "deep" / "er" / "key"  # staging makes the parents
    tmp = artifacts.staging(final)
    (tmp / "a").write_text("a")
    (tmp / "b").write_text("b")
    artifacts.commit(tmp, final)
    assert artifacts.is_complete(final)
    (final / "b").unlink()
    (final / "b").symlink_to(final / "a")  # same size, but a link
    assert not artifacts.is_complete(final)
    (final / "b").unlink()
    assert not artifacts.is_complete(final)
