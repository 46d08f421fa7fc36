"""Experiments: replications and comparisons on the same citizens, intervals and paired differences,
sweeps, sensitivity, break-even, the business case, the size estimate, the pool and a Dask cluster."""
