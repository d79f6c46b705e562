package io.rldt.envs.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Simulation state ({@code mjData*}) for one {@link MjModelHandle}, with views of {@code qpos}, {@code qvel} and
 * {@code ctrl} taken once: those arrays are stable pointers into {@code d->buffer} for the life of the data.
 * Not thread-safe, but may move between threads (shared arena).
 */
public final class MjDataHandle implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment m;
    private final MemorySegment d;
    private final long warningOffset;
    private final long warningStride;
    private final long warningNumber;
    private final int warningKinds;
    /** Views of {@code d->qpos [nq]}, {@code d->qvel [nv]} and {@code d->ctrl [nu]}. */
    final MemorySegment qpos, qvel, ctrl;
    final int nq, nv, nu;

    MjDataHandle(MjModelHandle model) {
        MjLayout layout = model.layout();
        this.m = model.segment();
        this.d = MujocoNative.view(MujocoNative.makeData(m), layout.constant("sizeof.mjData"), arena,
                MujocoNative::deleteData);
        this.nq = model.nq();
        this.nv = model.nv();
        this.nu = model.nu();
        this.qpos = view(layout, "qpos", nq);
        this.qvel = view(layout, "qvel", nv);
        this.ctrl = view(layout, "ctrl", nu);
        this.warningOffset = layout.dataInline("warning").offset();
        this.warningStride = layout.constant("sizeof.mjWarningStat");
        this.warningNumber = layout.constant("offset.mjWarningStat.number");
        this.warningKinds = (int) layout.constant("const.mjNWARNING");
    }

    private MemorySegment view(MjLayout layout, String name, int n) {
        return MujocoNative.view(d.get(ADDRESS, layout.dataArray(name).offset()), 8L * n, arena, null);
    }

    public void step() { MujocoNative.step(m, d); }
    public void forward() { MujocoNative.forward(m, d); }
    /** {@code mj_resetData}: qpos = qpos0, qvel = 0, ctrl = 0, time = 0, warning counters cleared. */
    public void reset() { MujocoNative.resetData(m, d); }

    public double qpos(int i) { return qpos.getAtIndex(JAVA_DOUBLE, i); }
    public double qvel(int i) { return qvel.getAtIndex(JAVA_DOUBLE, i); }
    public double ctrl(int i) { return ctrl.getAtIndex(JAVA_DOUBLE, i); }
    public void setQpos(int i, double v) { qpos.setAtIndex(JAVA_DOUBLE, i, v); }
    public void setQvel(int i, double v) { qvel.setAtIndex(JAVA_DOUBLE, i, v); }
    public void setCtrl(int i, double v) { ctrl.setAtIndex(JAVA_DOUBLE, i, v); }

    /** Copies qpos into {@code out[0..nq)}. */
    public double[] qpos(double[] out) { MemorySegment.copy(qpos, JAVA_DOUBLE, 0, out, 0, nq); return out; }
    /** Copies qvel into {@code out[0..nv)}. */
    public double[] qvel(double[] out) { MemorySegment.copy(qvel, JAVA_DOUBLE, 0, out, 0, nv); return out; }

    /** Total number of warnings MuJoCo has counted in {@code d->warning} since the last reset. */
    public long warningCount() {
        long sum = 0;
        for (int i = 0; i < warningKinds; i++) sum += d.get(JAVA_INT, warningOffset + i * warningStride + warningNumber);
        return sum;
    }

    /** Frees the data; idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
