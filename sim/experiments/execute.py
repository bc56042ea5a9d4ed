"""Run tasks: in this process, in local worker processes, or on a Dask cluster.

Each executor yields results as runs finish and keeps only a few runs in flight, so a sweep
that is killed loses at most those. Whatever the executor, a task's numbers depend only on
its parameters and seed.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from sim.errors import GovsimError
from sim.experiments.design import Task
from sim.model import simulate
from sim.model.calibration import with_coefficients
from sim.parameters import Scenario


@dataclass
class RunResult:
    run: str
    point: int
    replication: int
    seed: int
    status: str  # "done" or "failed"
    seconds: float
    weekly: pd.DataFrame | None = None  # step + kept metrics
    error: str | None = None
    cpu_seconds: float = float("nan")  # CPU time of the run, unaffected by other load


def run_task(task: Task) -> RunResult:
    """Simulate one task; an exception becomes a failed result carrying its traceback."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        scenario = Scenario(name=f"point {task.point}", params=task.params)
        calibration = with_coefficients(task.coefficients) if task.coefficients else None
        weekly = simulate(scenario, seed=task.seed, calibration=calibration, engine=task.engine)
        weekly = weekly[["step", *task.metrics]]
        return RunResult(
            task.run,
            task.point,
            task.replication,
            task.seed,
            "done",
            time.perf_counter() - start,
            weekly=weekly,
            cpu_seconds=time.process_time() - cpu,
        )
    except Exception as exc:  # noqa: BLE001 - a failed run is recorded, the sweep goes on
        text = "".join(traceback.format_exception(exc)[-6:])
        return RunResult(
            task.run,
            task.point,
            task.replication,
            task.seed,
            "failed",
            time.perf_counter() - start,
            error=f"{type(exc).__name__}: {exc}\n{text}",
        )


Runner = Callable[[list[Task]], Iterator[RunResult]]


@contextmanager
def executor(*, workers: int = 1, scheduler: str | None = None) -> Iterator[Runner]:
    """Start (or reach) where runs execute; yields a function giving results as they finish.

    Reaching a Dask scheduler happens here, before a sweep writes anything, so a wrong
    address leaves no results folder behind.
    """
    if scheduler is not None:
        with _dask_client(workers, scheduler) as client:
            yield lambda tasks: _dask(client, tasks, workers)
    elif workers <= 1:
        yield lambda tasks: (run_task(task) for task in tasks)
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sim.experiments.execute"])
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield lambda tasks: _processes(pool, tasks, workers)


def execute(
    tasks: Iterable[Task], *, workers: int = 1, scheduler: str | None = None
) -> Iterator[RunResult]:
    """Results of `tasks` in the order they finish."""
    with executor(workers=workers, scheduler=scheduler) as run:
        yield from run(list(tasks))


def _in_flight(workers: int) -> int:
    return 2 * workers


def _processes(pool: ProcessPoolExecutor, tasks: list[Task], workers: int) -> Iterator[RunResult]:
    pending = iter(tasks)
    running = {pool.submit(run_task, t) for t in _take(pending, _in_flight(workers))}
    try:
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            running |= {pool.submit(run_task, t) for t in _take(pending, len(done))}
            for future in done:
                yield future.result()
    finally:
        for future in running:
            future.cancel()


@contextmanager
def _dask_client(workers: int, scheduler: str):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise GovsimError(
            "--scheduler needs Dask distributed: pip install 'dask[distributed]'"
        ) from None
    cluster = None
    try:
        if scheduler == "local":
            with _workers_ignore_ctrl_c():
                cluster = LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except (OSError, ValueError, TypeError) as exc:
        if cluster is not None:
            cluster.close()
        raise GovsimError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def _workers_ignore_ctrl_c():
    """Start worker processes with SIGINT ignored (they inherit it): Ctrl-C stops the sweep
    in this process, which then closes the cluster, instead of every worker printing its
    own KeyboardInterrupt traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    quiet = os.environ.get(_DASK_LOG_LEVEL)
    # workers read it at start: no cancellation chatter, nor the heartbeat error a worker
    # logs when the scheduler closes under it first (run errors come back as results)
    os.environ[_DASK_LOG_LEVEL] = "critical"
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if quiet is None:
            os.environ.pop(_DASK_LOG_LEVEL, None)
        else:
            os.environ[_DASK_LOG_LEVEL] = quiet


_DASK_LOG_LEVEL = "DASK_LOGGING__DISTRIBUTED"


def _dask(client, tasks: list[Task], workers: int) -> Iterator[RunResult]:
    from distributed import as_completed

    slots = _in_flight(max(1, len(client.scheduler_info().get("workers", {})) or workers))
    pending = iter(tasks)
    futures = as_completed([client.submit(run_task, t, pure=False) for t in _take(pending, slots)])
    for future in futures:
        result = future.result()
        future.release()
        for task in _take(pending, 1):
            futures.add(client.submit(run_task, task, pure=False))
        yield result


def _take(pending: Iterator[Task], n: int) -> list[Task]:
    return list(itertools.islice(pending, max(0, n)))
