"""Test oracle: PyTorch reproduces rldt-jvm's actions. Run by io.rldt.core.cli.PyTorchInteropTest.

    python3 check_torch_policy.py POLICY.safetensors CASE.npz
CASE.npz holds obs [N, O] (normalised), x0 [N, D] and the Java actions [N, D] (plus det [N, D] from x0 = 0).
Exits 0 and prints the largest difference when every action agrees within 1e-4.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rldt_torch import load_policy  # noqa: E402

policy, stats = load_policy(sys.argv[1])
case = np.load(sys.argv[2])
obs = torch.from_numpy(case["obs"].astype(np.float32))
ours = policy.act(obs, torch.from_numpy(case["x0"].astype(np.float32))).numpy()
det = policy.act(obs).numpy()
worst = max(np.abs(ours - case["actions"]).max(), np.abs(det - case["det"]).max())
raw = stats.unnormalize_actions(torch.from_numpy(ours)).numpy()
assert raw.shape == ours.shape
print(f"max |torch - java| = {worst:.3g}")
sys.exit(0 if worst < 1e-4 else 1)
