"""The results store: one folder per sweep, written run by run so that nothing finished is lost.

    manifest.json            spec, spec hash, code and package versions, seeds, design points,
                             start/end, status of every run
    parts/timeseries/R.parquet, parts/runs/R.parquet   one finished run (the run part, written
                             last, marks it complete)
    parts/failed/R.json      a run that raised, with its error
    runs.parquet, timeseries.parquet   all runs, compacted when the sweep has no run left to do
    .lock                    held (flock) by the sweep writing the folder

Every file is written to a temporary name and renamed, so a reader or a killed writer never
sees half a file. Tables are sorted by design point and replication, so the same spec gives
the same files whatever the executor, the number of workers or the interruptions.

Reading never trusts the folder: every file goes through `sim.fileio`, the key columns are
checked against the manifest (a manifest copied from another sweep is caught), Parquet files
carry the spec hash in their metadata, and the run statuses always come from the files, so
a manifest left `running` by `kill -9` is read as it really stands. A run counts as done
only once both its files are written.

The package, one job a module: `layout` (names, the manifest read safely), `lock` (one
writer at a time), `writer` (ResultsStore), `scan` (the files checked against the
manifest) and `load` (load_results). Everything is importable from here.
"""

from sim.experiments.store.layout import (
    DTYPES,
    KEYS,
    MANIFEST,
    PART_DIRS,
    SPEC_HASH_KEY,
    TABLE_KEYS,
    confine,
    enclosing_results_folder,
    now,
    read_manifest,
)
from sim.experiments.store.load import Results, load_results
from sim.experiments.store.lock import SweepLock, sweep_running
from sim.experiments.store.scan import Scan, apply_scan, reconcile, scan
from sim.experiments.store.writer import ResultsStore, new_manifest

__all__ = [
    "DTYPES",
    "KEYS",
    "MANIFEST",
    "PART_DIRS",
    "SPEC_HASH_KEY",
    "TABLE_KEYS",
    "Results",
    "ResultsStore",
    "Scan",
    "SweepLock",
    "apply_scan",
    "confine",
    "enclosing_results_folder",
    "load_results",
    "new_manifest",
    "now",
    "read_manifest",
    "reconcile",
    "scan",
    "sweep_running",
]
