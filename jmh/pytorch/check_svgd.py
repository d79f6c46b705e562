#!/usr/bin/env python3
"""Checks that workloads.svgd_field (the PyTorch peer) computes the project's field: runs the Java reference
(io.rldt.jmh.SvgdCrossCheck) on the same deterministic inputs and compares. Usage: check_svgd.py JAVA JAR."""
import subprocess
import sys
from pathlib import Path

sys.argv, java, jar = [sys.argv[0], "--threads", "1"], sys.argv[1], sys.argv[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import torch  # noqa: E402
import workloads  # noqa: E402

worst = 0.0
for b, p, d in ((4, 8, 24), (3, 16, 12), (2, 7, 5)):
    out = subprocess.run([java, "--add-modules", "jdk.incubator.vector", "-cp", jar, "io.rldt.jmh.SvgdCrossCheck",
                          str(b), str(p), str(d)], capture_output=True, text=True, check=True).stdout
    ref = torch.tensor([float(x) for x in out.split()], dtype=torch.float64).view(b, p, d)
    i = torch.arange(b * p * d, dtype=torch.float64)
    q, a, g = [f(c * i).float().view(b, p, d) for f, c in ((torch.sin, 0.37), (torch.cos, 0.11), (torch.sin, 0.05))]
    phi = workloads.svgd_field(q, a, g).double()
    err = ((phi - ref).abs() / (1 + ref.abs())).max().item()
    worst = max(worst, err)
    print(f"svgd B={b} P={p} D={d}: max rel diff PyTorch vs Java reference {err:.2e}")
sys.exit(0 if worst < 1e-4 else 1)
