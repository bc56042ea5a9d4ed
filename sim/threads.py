"""One BLAS thread per process, unless the environment says otherwise (imported first by
`sim`, before NumPy loads its BLAS).

The model's arrays are vectors over residents, where BLAS threads cost more than they give
(100,000 households step 3.8x faster on one pinned core), sweeps already fill every core with
processes, and a threaded dot product sums in an order that depends on the machine's cores:
one thread keeps the same seed giving the same numbers everywhere.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
