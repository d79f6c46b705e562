"""Matmul FLOPs (2·m·k·n per product) of each workload, shared by the summary scripts.

Reference workload: O = 17, D = 24, B = 256 states, P = 8 particles (B·P = 2048 rows), K = 8.
Velocity net per row, forward: input 57 -> 512, two 512 -> 512, 512 -> 24 (the time embedding runs on at
most K distinct times and is left out). Backward: weight gradients (= forward) plus input gradients of every
layer but the first (x, t, s need none). Critic member per row: 41 -> 256 -> 256 -> 256 -> 1; its gradient
with respect to actions needs the input gradient of the first layer's 24 action columns only.
"""

VEL_FWD = 2 * (57 * 512 + 2 * 512 * 512 + 512 * 24)
VEL_BWD = VEL_FWD + 2 * (2 * 512 * 512 + 512 * 24)
CRIT_FWD = 2 * (41 * 256 + 2 * 256 * 256 + 256)
CRIT_DX_ACTIONS = 2 * (256 + 2 * 256 * 256 + 24 * 256)   # dQ/da through every layer
CRIT_DX_HIDDEN = 2 * (256 + 2 * 256 * 256)               # input grads of layers 2..4 (for dW only)

B, P, K = 256, 8, 8
N = B * P

FLOPS = {
    "mlp_velocity": B * (VEL_FWD + VEL_BWD),
    "mlp_critic": 2 * B * (CRIT_FWD + CRIT_FWD + CRIT_DX_ACTIONS),
    # chains (K forwards) + dQ/da of 2 members + v_ref at x' + two velocity forwards and their backward
    "actor_step": N * (K * VEL_FWD + 2 * (CRIT_FWD + CRIT_DX_ACTIONS) + VEL_FWD + 2 * (VEL_FWD + VEL_BWD)),
    # 2 members x 128 rows: forward, weight grads, input grads of layers 2..4
    "critic_step": 2 * (B // 2) * (CRIT_FWD + CRIT_FWD + CRIT_DX_HIDDEN),
}


def gemm_flops(shape):
    m, k, n = map(int, shape.split("x"))
    return 2 * m * k * n


def workload_flops(name):
    if name.startswith("gemm_") or name.startswith("numpy_gemm_"):
        return gemm_flops(name.split("_")[-1])
    return FLOPS.get(name)
