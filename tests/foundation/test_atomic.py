"""The one atomic writer: deterministic JSONL, a backup, and crash safety under SIGKILL."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from annotator.io.atomic import backup_path, write_jsonl_atomic, write_text_atomic
from annotator.io.jsonl import dumps_line
from annotator.model import Annotation


def test_dumps_line_is_deterministic_utf8_and_in_model_order(good_record):
    record = Annotation.model_validate(good_record)
    line = dumps_line(record)
    assert "داعش" in line and "\\u" not in line  # real UTF-8, Arabic not escaped
    assert line.startswith('{"schema_version":"1","doc_id":')
    assert '"text":null,"meta":null' in line  # every field written, in declaration order
    shuffled = dict(reversed(list(good_record.items())))
    assert dumps_line(Annotation.model_validate(shuffled)) == line


def test_meta_keys_are_sorted(good_record):
    a = Annotation.model_validate({**good_record, "meta": {"z": 1, "a": {"y": 2, "b": 3}}})
    assert '"meta":{"a":{"b":3,"y":2},"z":1}' in dumps_line(a)


def test_write_keeps_one_backup_and_uses_lf(tmp_path, good_record):
    path = tmp_path / "out.jsonl"
    write_jsonl_atomic(path, [good_record])
    first = path.read_bytes()
    assert first.endswith(b"\n") and b"\r" not in first
    assert not backup_path(path).exists()
    write_text_atomic(path, "second\n")
    assert backup_path(path).read_bytes() == first
    write_text_atomic(path, "third\n")
    assert backup_path(path).read_text() == "second\n"
    assert path.read_text() == "third\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.bak"]  # no temporary files left


def test_write_preserves_mode(tmp_path):
    path = tmp_path / "f.txt"
    write_text_atomic(path, "a")
    os.chmod(path, 0o640)
    write_text_atomic(path, "b")
    assert path.stat().st_mode & 0o777 == 0o640


WRITER = """
import sys
from annotator.io.atomic import write_text_atomic
path = sys.argv[1]
a = "A" * 3_000_000 + "\\n"
b = "B" * 2_000_000 + "\\n"
print("ready", flush=True)
i = 0
while True:
    write_text_atomic(path, a if i % 2 else b)
    i += 1
"""


def test_sigkill_at_any_moment_leaves_old_or_new_file_complete(tmp_path):
    path = tmp_path / "crash.jsonl"
    valid = {"A" * 3_000_000 + "\n", "B" * 2_000_000 + "\n"}
    rng = random.Random(1)
    kills = 0
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        if path.exists():
            assert path.read_text() in valid
        if backup_path(path).exists():
            assert backup_path(path).read_text() in valid
    assert kills == 25 and path.exists()


def test_new_files_get_the_usual_mode(tmp_path):
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640


# --- Hostile shared directories: nothing is written through a name someone else planted ---


def _victim(tmp_path):
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("precious\n")
    return victim


def _no_hard_links(monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")  # what FAT and some network shares say

    monkeypatch.setattr(os, "link", refuse)


def test_symlink_planted_at_the_old_predictable_backup_name_is_not_followed(tmp_path, monkeypatch):
    """The old writer copied the backup through `.NAME.bak.<pid>.tmp` when hard links failed,
    following a symlink planted there (the pid is published in the lock file). The attacker
    wins the race: the symlink appears just before the copy."""
    victim = _victim(tmp_path)
    path = tmp_path / "shared" / "gold.jsonl"
    path.parent.mkdir()
    path.write_text("old\n")
    predictable = path.parent / f".gold.jsonl.bak.{os.getpid()}.tmp"

    def link_fails_after_the_attacker_planted(*args, **kwargs):
        if not predictable.is_symlink():
            predictable.symlink_to(victim)
        raise PermissionError(1, "Operation not permitted")  # what FAT and some network shares say

    monkeypatch.setattr(os, "link", link_fails_after_the_attacker_planted)
    write_text_atomic(path, "new\n")
    assert victim.read_text() == "precious\n"
    assert path.read_text() == "new\n"
    assert backup_path(path).read_text() == "old\n" and not backup_path(path).is_symlink()


def test_symlink_planted_at_the_backup_name_is_replaced_not_written_through(tmp_path, monkeypatch):
    victim = _victim(tmp_path)
    path = tmp_path / "gold.jsonl"
    path.write_text("old\n")
    backup_path(path).symlink_to(victim)
    write_text_atomic(path, "new\n")
    assert victim.read_text() == "precious\n"
    assert not backup_path(path).is_symlink() and backup_path(path).read_text() == "old\n"
    backup_path(path).unlink()
    backup_path(path).symlink_to(victim)
    _no_hard_links(monkeypatch)
    write_text_atomic(path, "newer\n")
    assert victim.read_text() == "precious\n"
    assert not backup_path(path).is_symlink() and backup_path(path).read_text() == "new\n"


def test_temporary_files_are_created_exclusively(tmp_path, monkeypatch):
    """Every temporary name is created with O_CREAT|O_EXCL: were a name ever predicted and
    planted (here: forced), the write fails instead of following it."""
    import tempfile

    victim = _victim(tmp_path)
    path = tmp_path / "gold.jsonl"
    path.write_text("old\n")
    import itertools

    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: itertools.repeat("planted"))
    (tmp_path / f".gold.jsonl.{os.getpid()}.planted.tmp").symlink_to(victim)
    with pytest.raises(FileExistsError):
        write_text_atomic(path, "new\n")
    assert victim.read_text() == "precious\n"
    assert path.read_text() == "old\n"


def _leftover(directory, name, age):
    leftover = directory / name
    leftover.write_text("half a write")
    os.utime(leftover, (time.time() - age, time.time() - age))
    return leftover


def test_leftovers_of_a_killed_writer_are_removed_and_nothing_else(tmp_path):
    victim = _victim(tmp_path)
    path = tmp_path / "gold.jsonl"
    path.write_text("old\n")
    dead = 2**22 + 12345  # above pid_max: no such process
    gone = _leftover(tmp_path, f".gold.jsonl.{dead}.abc_12x.tmp", 3600)
    gone_bak = _leftover(tmp_path, f".gold.jsonl.bak.{dead}.0f3e.tmp", 3600)
    fresh = _leftover(tmp_path, f".gold.jsonl.{dead}.fresh1.tmp", 0)
    alive = _leftover(tmp_path, f".gold.jsonl.{os.getppid()}.alive1.tmp", 3600)
    other = _leftover(tmp_path, f".notes.jsonl.{dead}.abc.tmp", 3600)
    planted = tmp_path / f".gold.jsonl.{dead}.evil.tmp"
    planted.symlink_to(victim)
    os.utime(planted, (0, 0), follow_symlinks=False)
    write_text_atomic(path, "new\n")
    assert not gone.exists() and not gone_bak.exists()
    assert fresh.exists() and alive.exists() and other.exists()
    assert planted.is_symlink() and victim.read_text() == "precious\n"


def test_disk_full_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    """ENOSPC while the new version is written (simulated at fsync, where a full disk or quota
    shows at the latest): the call fails, the old file and its backup are untouched."""
    import errno

    path = tmp_path / "gold.jsonl"
    write_text_atomic(path, "one\n")
    write_text_atomic(path, "two\n")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomic(path, "three\n")
    assert path.read_text() == "two\n" and backup_path(path).read_text() == "one\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.jsonl", "gold.jsonl.bak"]


# --- Streams: /dev/null, /dev/stdout, FIFOs are written to, never renamed over ---


def _fifo_reader(fifo):
    import threading

    got = {}

    def read():
        with open(fifo, "rb") as f:
            got["data"] = f.read()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, got


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    import stat as st

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "stdout-like"
    link.symlink_to(fifo)
    for target in (fifo, link):
        thread, got = _fifo_reader(fifo)
        write_text_atomic(target, "سطر\n")
        thread.join(timeout=30)
        assert got["data"] == "سطر\n".encode()
        assert st.S_ISFIFO(os.stat(fifo).st_mode)
    assert link.is_symlink()  # the symlink itself was not replaced by a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo", "stdout-like"]  # no .bak, no .tmp


def test_dev_null_is_written_as_a_stream():
    # asked of the stream check itself: a regression must not get to rename over /dev/null
    from pathlib import Path

    from annotator.io.atomic import _write_to_stream

    assert _write_to_stream(Path("/dev/null"), b"nothing\n") is True


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(OSError):
        write_text_atomic(tmp_path, "x\n")
