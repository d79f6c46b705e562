"""Writes the tiny dataset fixtures under rldt/src/test/resources/datasets (committed; rerun to regenerate).

    python3 rldt/src/test/python/make_dataset_fixtures.py rldt/src/test/resources/datasets

dppo/train.npz + dppo/normalization.npz: DPPO's layout, 2 trajectories (3 and 2 steps), obs 3, action 2.
dppo/train_compressed.npz: the same arrays through np.savez_compressed (deflated members).
d4rl.hdf5: D4RL's layout, 5 steps, a terminal at step 1 and a timeout at step 3 (trajectories 2, 2, 1).
Values are i + j/10 style so a reader's row/column mix-ups show.
"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(os.path.join(out, "dppo"), exist_ok=True)
n, o, a = 5, 3, 2
states = np.array([[i + j / 10 for j in range(o)] for i in range(n)], dtype=np.float32)
actions = np.array([[-(i + j / 10) for j in range(a)] for i in range(n)], dtype=np.float32)
np.savez(os.path.join(out, "dppo", "train.npz"), states=states, actions=actions,
         traj_lengths=np.array([3, 2], dtype=np.int64))
np.savez_compressed(os.path.join(out, "dppo", "train_compressed.npz"), states=states.astype(np.float64),
                    actions=actions, traj_lengths=np.array([3, 2], dtype=np.int64))
np.savez(os.path.join(out, "dppo", "normalization.npz"), obs_min=states.min(0), obs_max=states.max(0) + 1,
         action_min=actions.min(0), action_max=actions.max(0) + 1)
try:
    import h5py
except ImportError:
    print("h5py absent: d4rl.hdf5 not written")
    sys.exit(0)
with h5py.File(os.path.join(out, "d4rl.hdf5"), "w") as f:
    f["observations"] = states
    f["actions"] = actions
    f["rewards"] = np.arange(n, dtype=np.float32)
    f["terminals"] = np.array([False, True, False, False, False])
    f["timeouts"] = np.array([False, False, False, True, False])
