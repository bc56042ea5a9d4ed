"""Run a sweep: design points x paired seeds, executed anywhere, stored run by run."""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from sim.errors import GovsimError
from sim.experiments import limits
from sim.experiments.design import design_points, tasks
from sim.experiments.execute import executor
from sim.experiments.provenance import code_version
from sim.experiments.spec import ExperimentSpec
from sim.experiments.store import ResultsStore, now


@dataclass
class SweepReport:
    folder: Path
    total: int
    already_done: int
    ran: int = 0
    failed: list = field(default_factory=list)  # (run, first line of the error)
    problems: list = field(default_factory=list)  # damaged files found (their runs redone)


@contextmanager
def _terminate_as_interrupt():
    """SIGTERM (e.g. a scheduler stopping the job) ends the sweep like Ctrl-C does."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress_bar(name: str, total: int, done: int, progress: bool) -> tqdm:
    """The sweep's progress bar on stderr, starting at the runs already done."""
    return tqdm(
        total=total,
        initial=done,
        unit="run",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
        desc=name,
    )


def run_sweep(
    spec: ExperimentSpec,
    out: Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = True,
) -> SweepReport:
    """Run every task not yet done into the results folder `out`; returns what happened."""
    spec.check_size()  # before anything is drawn, started or written
    limits.check_workers(workers)
    points = design_points(spec)
    all_tasks = tasks(spec, points)
    session = {
        "started": now(),
        "code_version": code_version(),
        "workers": workers,
        "scheduler": scheduler,
        "argv": sys.argv[1:],
    }
    with executor(workers=workers, scheduler=scheduler) as run_tasks:
        store = ResultsStore.open_for_sweep(
            out, spec, points, all_tasks, resume=resume, session=session
        )
        status = "interrupted"
        failing = False
        try:
            done = store.done_runs()
            todo = [t for t in all_tasks if t.run not in done]
            report = SweepReport(Path(out), len(all_tasks), len(done), problems=store.problems)
            factors = [f.name for f in spec.factors]
            bar = _progress_bar(spec.name, len(all_tasks), len(done), progress)
            with _terminate_as_interrupt(), bar:
                bar.set_postfix(failed=0)
                for result in run_tasks(todo):
                    store.record(result, points[result.point], factors)
                    report.ran += 1
                    if result.status != "done":
                        report.failed.append((result.run, (result.error or "").splitlines()[0]))
                        bar.set_postfix(failed=len(report.failed))
                    bar.update(1)
                    store.write_manifest()
            status = "complete"
            return report
        except BaseException:
            failing = True
            raise
        finally:
            try:
                store.finish(status)
            except GovsimError:
                if not failing:
                    raise
                # the first error says more (e.g. the disk is full); the manifest keeps its
                # last counts, which never exceed the runs whose files exist
            finally:
                store.close()
