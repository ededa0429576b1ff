"""The one atomic writer: deterministic JSONL, a backup, and crash safety under SIGKILL."""

import os
import random
import signal
import subprocess
import sys
import time

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
