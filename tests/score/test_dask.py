"""The engine API on a real engine (issue 16): a corpus partitioned over a Dask cluster,
each partition scored by ``score_records``, the partial reports reduced by ``merge_reports``;
the result is the report of scoring everything at once. A small local cluster: two worker
processes of one thread, closed when the test ends."""

import json

import dask
from dask import bag
from dask.distributed import Client, LocalCluster

from annotator.score.merge import merge_reports
from annotator.score.partial import score_records
from synth import records


def score_partition(part):
    """mapPartitions: (index, (gold, prediction, text)) items -> one partial report."""
    part = list(part)
    return score_records([item for _, item in part], keys=[index for index, _ in part])


def merge_all(partials):
    """reduce: partial reports -> one (associative: Dask may merge in a tree)."""
    return merge_reports(list(partials))


def test_dask_local_cluster_scores_a_partitioned_corpus():
    golds, preds, texts = records(240, 6, seed=21, safe=False)
    items = list(enumerate(zip(golds, preds, texts)))
    whole = score_records([item for _, item in items])
    # worker processes start slowly on a busy machine: generous timeouts, so the test waits on
    # the cluster being up rather than failing
    with dask.config.set({"distributed.comm.timeouts.connect": "120s", "distributed.deploy.lost-worker-timeout": "120s"}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster, timeout="120s") as client:
        corpus = bag.from_sequence(items, npartitions=6)
        merged = corpus.reduction(score_partition, merge_all, split_every=3).compute()
        assert len(client.scheduler_info()["workers"]) == 2
    merged.pop("run"), whole.pop("run")
    assert merged["documents"]["scored"] == 240
    assert json.dumps(merged, ensure_ascii=False) == json.dumps(whole, ensure_ascii=False)
