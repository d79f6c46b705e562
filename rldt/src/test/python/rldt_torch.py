"""Load an rldt-jvm flow policy (pretrained.safetensors) into PyTorch and sample actions with it.

    from rldt_torch import load_policy
    policy, stats = load_policy("runs/pendulum/pretrained.safetensors")
    chunk = policy.act(obs_normalized, x0)      # [N, H*A] in the normalised action space
    actions = stats.unnormalize_actions(chunk)  # raw env units, [N, H*A]

Needs torch and numpy only (the safetensors package is used when installed, a 20-line reader otherwise).
The network is v(x, t, s) = ResidualMlp(concat(x, timeEmb(t), s)), integrated by K Euler steps from t = 0 to 1.
"""
import json
import math
import struct

import numpy as np
import torch
import torch.nn.functional as F


def read_safetensors(path):
    """(tensors by name, metadata) of a safetensors file (float32 tensors, as rldt-jvm writes them)."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, meta


class FlowPolicy(torch.nn.Module):
    """The velocity network of rldt-jvm (io.rldt.core.policy.VelocityNet) and its Euler chain."""

    def __init__(self, weights, denoising_steps):
        super().__init__()
        w = {k[len("policy."):]: v for k, v in weights.items() if k.startswith("policy.")}
        self.steps = denoising_steps
        self.sin_width = w["time.fc1.weight"].shape[1]
        self.time_fc1 = self._linear(w, "time.fc1")
        self.time_fc2 = self._linear(w, "time.fc2")
        blocks = 0
        while f"body.layers.{blocks + 1}.l1.weight" in w:
            blocks += 1
        self.input = self._linear(w, "body.layers.0")
        self.blocks = torch.nn.ModuleList(
            torch.nn.ModuleList([self._linear(w, f"body.layers.{b}.l1"), self._linear(w, f"body.layers.{b}.l2")])
            for b in range(1, blocks + 1))
        self.output = self._linear(w, f"body.layers.{blocks + 1}")
        self.chunk_dim = self.output.out_features

    @staticmethod
    def _linear(w, prefix):
        weight = w[prefix + ".weight"]
        layer = torch.nn.Linear(weight.shape[1], weight.shape[0])
        with torch.no_grad():
            layer.weight.copy_(weight)
            layer.bias.copy_(w[prefix + ".bias"])
        return layer

    def time_embedding(self, t):
        """t [N, 1] -> [N, E]: sin/cos features (frequencies 10000^(-i/(half-1))), Linear, Mish, Linear."""
        half = self.sin_width // 2
        freqs = torch.tensor([math.exp(-i * math.log(10000.0) / (half - 1)) for i in range(half)], dtype=torch.float32)
        args = t * freqs[None, :]
        features = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)
        return self.time_fc2(F.mish(self.time_fc1(features)))

    def velocity(self, x, t, s):
        """v(x, t, s): x [N, D] noisy chunk, t [N, 1] flow time, s [N, O] normalised observation -> [N, D]."""
        h = self.input(torch.cat([x, self.time_embedding(t), s], dim=-1))
        for l1, l2 in self.blocks:
            h = h + l2(F.relu(l1(F.relu(h))))
        return self.output(h)

    @torch.no_grad()
    def act(self, obs, x0=None):
        """K Euler steps from x0 (zeros: the deterministic evaluation chain) at t_k = k/K -> chunks [N, D]."""
        x = torch.zeros(obs.shape[0], self.chunk_dim) if x0 is None else x0.clone()
        dt = 1.0 / self.steps
        for k in range(self.steps):
            t = torch.full((obs.shape[0], 1), k / self.steps, dtype=torch.float32)
            x = x + dt * self.velocity(x, t, obs)
        return x


class Normalization:
    """Min-max statistics stored with the policy: observations and actions map to [-1, 1]."""

    def __init__(self, meta):
        vec = lambda key: torch.tensor([float(v) for v in meta[key].split(",") if v], dtype=torch.float64)
        self.enabled = meta.get("normalize", "false") == "true"
        self.obs_min, self.obs_max = vec("obs_min"), vec("obs_max")
        self.action_min, self.action_max = vec("action_min"), vec("action_max")

    def normalize_obs(self, obs):
        if not self.enabled:
            return obs.float()
        return (2 * ((obs - self.obs_min) / (self.obs_max - self.obs_min + 1e-6) - 0.5)).float()

    def unnormalize_actions(self, chunk):
        """[N, H*A] chunks in [-1, 1] -> raw env units (clipped to [-1, 1] first, as the env wrapper does)."""
        if not self.enabled:
            return chunk
        a = self.action_min.numel()
        y = chunk.double().clamp(-1, 1).reshape(chunk.shape[0], -1, a)
        return ((y + 1) / 2 * (self.action_max - self.action_min) + self.action_min).reshape(chunk.shape[0], -1)


def load_policy(path):
    """(FlowPolicy, Normalization) from an rldt-jvm pretrained.safetensors."""
    weights, meta = read_safetensors(path)
    return FlowPolicy(weights, int(meta["denoising_steps"])), Normalization(meta)
