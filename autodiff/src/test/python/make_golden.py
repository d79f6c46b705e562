#!/usr/bin/env python3
"""Golden fixtures for the autodiff module, produced by PyTorch (an independent implementation).

Usage (from the repository root; needs python3-torch, e.g. Debian's 1.13 under /usr/bin/python3):
    /usr/bin/python3 autodiff/src/test/python/make_golden.py            # rewrites the fixtures
    /usr/bin/python3 autodiff/src/test/python/make_golden.py --read F   # parses a safetensors file F and
                                                                        # prints name, shape, sum per tensor

Writes autodiff/src/test/resources/golden/autodiff_golden.txt, one tensor per line:
    <name> <d0,d1,...|-> <v0> <v1> ...     ('-' is the shape of a scalar; values are float32 printed with
                                            9 significant digits, which round-trips exactly)
and golden/python_written.safetensors, written by the pure-Python writer below (read back by the Java tests).

Tensor names: <case>.<what>, where parameter names are the Java modules' dotted names, so the Java test can
copy them into its modules by name. Every case records inputs, parameters, outputs, the loss, and gradients
with respect to parameters (<case>.grad.<param>) and inputs (<case>.grad_input.<input>).
"""
import json
import math
import os
import struct
import sys

import numpy as np


def write_safetensors(path, tensors, metadata):
    """A minimal safetensors writer (the format, not the package)."""
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for n, a in tensors.items():
        b = a.astype("<f4").tobytes()
        header[n] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def read_safetensors(path):
    """A minimal safetensors reader: returns ({name: array}, metadata)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        assert e["dtype"] == "F32", (name, e["dtype"])
        b, end = e["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + b:8 + n + end], dtype="<f4").reshape(e["shape"])
    return out, meta


def read_main(path):
    tensors, meta = read_safetensors(path)
    print(json.dumps(meta, sort_keys=True))
    for n, a in tensors.items():
        print(n, list(a.shape), "%.6f" % float(a.astype(np.float64).sum()))


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--read":
    read_main(sys.argv[2])  # needs numpy only
    sys.exit(0)

import torch  # noqa: E402  (after the numpy-only --read mode on purpose)
import torch.nn.functional as F  # noqa: E402

torch.manual_seed(20261126)
torch.set_default_dtype(torch.float32)
OUT = {}


def emit(name, t):
    OUT[name] = t.detach().to(torch.float32).contiguous().numpy().copy()


def rand(*shape, lo=-1.0, hi=1.0):
    return (torch.rand(*shape) * (hi - lo) + lo)


def linear_params(prefix, fan_in, fan_out, params):
    w = rand(fan_out, fan_in).mul_(1 / math.sqrt(fan_in)).requires_grad_()
    b = rand(fan_out).mul_(1 / math.sqrt(fan_in)).requires_grad_()
    params[prefix + "weight"] = w
    params[prefix + "bias"] = b
    return w, b


ACT = {"relu": F.relu, "silu": F.silu, "mish": F.mish, "tanh": torch.tanh}


def finish(case, loss, params, inputs):
    """Backward from `loss`; emit the loss, every parameter and input, and all their gradients."""
    loss.backward()
    emit(case + ".loss", loss)
    for n, p in params.items():
        emit(case + "." + n, p)
        emit(case + ".grad." + n, p.grad)
    for n, x in inputs.items():
        emit(case + ".input." + n, x)
        if x.grad is not None:
            emit(case + ".grad_input." + n, x.grad)


def mlp_case(act):
    case = "mlp_" + act
    params = {}
    widths = [3, 8, 8, 2]
    layers = [linear_params("layers.%d." % i, widths[i], widths[i + 1], params) for i in range(3)]
    x = rand(5, 3).requires_grad_()
    target = rand(5, 2)
    h = x
    for i, (w, b) in enumerate(layers):
        h = F.linear(h, w, b)
        if i < 2:
            h = ACT[act](h)
    emit(case + ".output", h)
    emit(case + ".target", target)
    finish(case, F.mse_loss(h, target), params, {"x": x})


def layernorm_case():
    case = "layernorm"
    x = rand(4, 6, lo=-2, hi=2).requires_grad_()
    params = {"weight": rand(6, lo=0.5, hi=1.5).requires_grad_(), "bias": rand(6).requires_grad_()}
    seed = torch.randn(4, 6)
    y = F.layer_norm(x, (6,), params["weight"], params["bias"], 1e-5)
    emit(case + ".output", y)
    emit(case + ".seed", seed)
    finish(case, (y * seed).sum(), params, {"x": x})


def gaussian_case():
    """SAC-style log-probability: Gaussian log-density of u minus the tanh log-det, summed over A."""
    case = "sac_logprob"
    u = rand(4, 3, lo=-3, hi=3).requires_grad_()
    mean = rand(4, 3).requires_grad_()
    log_std = rand(4, 3, lo=-1.5, hi=0.5).requires_grad_()
    std = log_std.exp()
    logp = (-0.5 * ((u - mean) / std) ** 2 - log_std - 0.5 * math.log(2 * math.pi)).sum(-1)
    logdet = (2 * (math.log(2) - u - F.softplus(-2 * u))).sum(-1)
    emit(case + ".gaussian", logp)
    emit(case + ".logdet", logdet)
    finish(case, (logp - logdet).mean(), {}, {"u": u, "mean": mean, "log_std": log_std})


def sinusoidal(t, dim):
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000) / (half - 1)))
    e = t[:, None] * freq[None, :]
    return torch.cat((e.sin(), e.cos()), dim=-1)


def velocity_case():
    """Spec §1 velocity net with small widths: concat(x, timeEmb(t), s) -> ResidualMlp (ReLU)."""
    case = "velocity"
    B, D, S, H = 4, 6, 5, 32
    params = {}
    t1 = linear_params("time.fc1.", 16, 32, params)
    t2 = linear_params("time.fc2.", 32, 16, params)
    l0 = linear_params("body.layers.0.", D + 16 + S, H, params)
    l1 = linear_params("body.layers.1.l1.", H, H, params)
    l2 = linear_params("body.layers.1.l2.", H, H, params)
    l3 = linear_params("body.layers.2.", H, D, params)
    x = torch.randn(B, D).requires_grad_()
    t = torch.tensor([0.0, 0.25, 0.5, 0.75]).requires_grad_()
    s = rand(B, S).requires_grad_()
    target = torch.randn(B, D)
    temb = F.linear(F.mish(F.linear(sinusoidal(t, 16), *t1)), *t2)
    h = F.linear(torch.cat([x, temb, s], dim=-1), *l0)
    h = h + F.linear(F.relu(F.linear(F.relu(h), *l1)), *l2)
    v = F.linear(h, *l3)
    emit(case + ".output", v)
    emit(case + ".target", target)
    finish(case, ((v - target) ** 2).sum(-1).mean(), params, {"x": x, "t": t, "s": s})


def critic_case():
    """∇_a of an ensemble member Q(s, a) (MLP 3 hidden, SiLU), the critic gradient the transport field uses."""
    case = "critic"
    params = {}
    widths = [4 + 3, 16, 16, 16, 1]
    layers = [linear_params("layers.%d." % i, widths[i], widths[i + 1], params) for i in range(4)]
    s = rand(6, 4)
    a = rand(6, 3).requires_grad_()
    h = torch.cat([s, a], dim=-1)
    for i, (w, b) in enumerate(layers):
        h = F.linear(h, w, b)
        if i < 3:
            h = F.silu(h)
    emit(case + ".output", h)
    (ga,) = torch.autograd.grad(h.sum(), a)
    emit(case + ".input.s", s)
    emit(case + ".input.a", a)
    emit(case + ".grad_input.a", ga)
    for n, p in params.items():
        emit(case + "." + n, p)


def optim_case(name, make):
    p = torch.randn(3, 4).requires_grad_()
    emit(name + ".p0", p)
    opt = make([p])
    for k in range(6):
        g = torch.randn(3, 4) * (10.0 ** (k % 3 - 1))
        emit(name + ".g%d" % k, g)
        opt.zero_grad()
        p.grad = g.clone()
        opt.step()
    emit(name + ".p6", p)


def main():
    for act in ("relu", "silu", "mish", "tanh"):
        mlp_case(act)
    layernorm_case()
    gaussian_case()
    velocity_case()
    critic_case()
    optim_case("adam", lambda ps: torch.optim.Adam(ps, lr=1e-2))
    optim_case("adam_l2", lambda ps: torch.optim.Adam(ps, lr=1e-2, weight_decay=0.1))
    optim_case("adamw", lambda ps: torch.optim.AdamW(ps, lr=1e-2, weight_decay=0.1))
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "resources", "golden")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "autodiff_golden.txt"), "w") as f:
        f.write("# generated by autodiff/src/test/python/make_golden.py with torch %s; do not edit\n" % torch.__version__)
        for n, a in OUT.items():
            shape = ",".join(str(d) for d in a.shape) if a.ndim else "-"
            f.write(n + " " + shape + " " + " ".join("%.9g" % v for v in a.reshape(-1)) + "\n")
    write_safetensors(os.path.join(out_dir, "python_written.safetensors"),
                      {"a": np.arange(6, dtype=np.float32).reshape(2, 3) / 4, "b.c": np.array([-1.5], dtype=np.float32)},
                      {"writer": "make_golden.py"})


if __name__ == "__main__":
    main()
