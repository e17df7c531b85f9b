"""``egate-lab``: evaluations and benchmarks, apart from the gate.

The gate's own command line (``egate``) runs a gate; this one measures pipelines on standard data sets
(LFW, FVC, CASIA-Iris, NUAA) and times them against a reference measured in the same run. It reads data
and writes reports, plots and calibration files at its edge; the protocols and the maths live in
``matcher.evaluation``.
"""
