"""What the --jobs tests of score and validate share."""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from types import ModuleType

from annotator.io import chunks


def one_worker_runs_every_part(monkeypatch, parallel: ModuleType) -> None:
    """``parallel``'s pool gets one forked worker, which runs the run's parts one after the
    other (as a fork server's pool may), and this process claims no chunk before the worker's
    first part took them all."""
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", lambda workers, **kw: ProcessPoolExecutor(1, **kw))
    monkeypatch.setattr(parallel, "process_context", lambda name: multiprocessing.get_context("fork"))
    this_process_waits_for_every_chunk(monkeypatch)


def this_process_waits_for_every_chunk(monkeypatch) -> None:
    """This process claims no chunk before the workers took them all (as if the machine's
    other programs had its core)."""
    parent, real = os.getpid(), chunks.Claims.__call__

    def held_up(self, chunk):
        if os.getpid() == parent:
            deadline = time.monotonic() + 60
            while not all(self.table) and time.monotonic() < deadline:
                time.sleep(0.001)
        return real(self, chunk)

    monkeypatch.setattr(chunks.Claims, "__call__", held_up)
