package io.rldt.jmh;

import io.rldt.envs.mujoco.MujocoNative;

/** Prints "available &lt;version&gt;" or "unavailable: &lt;reason&gt;" (for {@code run-benchmarks.sh}). */
public final class MujocoCheck {
    private MujocoCheck() {}

    public static void main(String[] args) {
        System.out.println(MujocoNative.isAvailable() ? "available " + MujocoNative.versionString()
                : "unavailable: " + MujocoNative.unavailableReason());
    }
}
