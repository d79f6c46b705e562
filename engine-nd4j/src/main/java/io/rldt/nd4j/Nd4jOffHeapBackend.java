package io.rldt.nd4j;

import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.Checks;
import io.rldt.engine.MatmulShape;
import io.rldt.engine.OffHeapBackend;
import io.rldt.engine.OffHeapBackend.Memory;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J on off-heap tensors without copies, name {@code "nd4j-offheap"}: the backend's {@link #device()} keeps
 * every tensor it creates in native memory ({@link OffHeapBackend}), and the primitives ND4J does well read and
 * write that memory in place, wrapped as JavaCPP pointers and ND4J buffers (no staging copy, nothing allocated
 * natively per call):
 * <ul>
 *   <li><b>matmul</b>: OpenBLAS {@code cblas_sgemm} on the three operands' memory; batches by pointer offset,
 *       a rank-3 {@code a} times a rank-2 {@code b} as one {@code [batch·m, k]} product.</li>
 *   <li><b>unary</b> EXP LOG LOG1P EXPM1 TANH SIGMOID SIN COS and <b>binary</b> ADD SUB MUL DIV on equal
 *       shapes: ND4J transform ops on wrapped buffers, from {@code minTranscendental} / {@code minBinary}
 *       elements (defaults from the off-heap timings in engine-nd4j/README.md).</li>
 *   <li>everything else, and any call with a host operand: staged by {@link OffHeapBackend} on {@code jvm-simd}
 *       (copies, counted by {@link #stagedFloats()}; host operands are counted implicit transfers).</li>
 * </ul>
 * The device is a counting one (not strict): host code may read these tensors, each read counted by
 * {@link io.rldt.engine.Residency}. This is the nd4j route "with copies gone": {@link Nd4jBackend} on heap
 * tensors copies through JNI or staging buffers for every ND4J call instead.
 */
public final class Nd4jOffHeapBackend extends OffHeapBackend {
    private final int minTranscendental, minBinary;

    /** Below this many elements a staged transcendental op is faster than ND4J's per-call cost (README). */
    public static final int DEFAULT_MIN_TRANSCENDENTAL = 256;

    /**
     * Thresholds from {@code rldt.nd4j.offheap.minTranscendental} (default {@value #DEFAULT_MIN_TRANSCENDENTAL})
     * and {@code rldt.nd4j.offheap.minBinary} (default 1: ND4J at every size, cheaper than staging here);
     * staged primitives on {@code jvm-simd} (or {@code jvm} without the Vector API).
     */
    public Nd4jOffHeapBackend() {
        this(Integer.getInteger("rldt.nd4j.offheap.minTranscendental", DEFAULT_MIN_TRANSCENDENTAL),
                Integer.getInteger("rldt.nd4j.offheap.minBinary", 1));
    }

    /**
     * @param minTranscendental smaller tensors run transcendental unary ops staged on the JVM
     * @param minBinary         smaller tensors run ADD SUB MUL DIV staged on the JVM
     *                          ({@code Integer.MAX_VALUE}: never ND4J)
     */
    public Nd4jOffHeapBackend(int minTranscendental, int minBinary) {
        super("nd4j-offheap", false, Backends.byName(Backends.simdUnavailableReason() == null ? "jvm-simd" : "jvm"));
        this.minTranscendental = Math.max(1, minTranscendental);
        this.minBinary = Math.max(1, minBinary);
        Nd4jRuntime.ensureLoaded();
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        Memory ma = memory(a), mb = memory(b), mo = memory(out);
        if (ma == null || mb == null || mo == null) {
            super.matmul(a, ta, b, tb, out, accumulate);
            return;
        }
        MemorySegment sa = ma.segment(), sb = mb.segment(), so = mo.segment();
        MatmulShape s = MatmulShape.of(a, ta, b, tb, out);
        int m = s.m(), k = s.k(), n = s.n(), batch = s.batch();
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) so.asSlice(0, (long) out.size() * Float.BYTES).fill((byte) 0);
            return;
        }
        if (s.bBatchStride() == 0 && !ta && batch > 1) { // [batch, m, k]·[k, n]: one tall product
            m *= batch;
            batch = 1;
        }
        FloatPointer pa = pointer(sa), pb = pointer(sb), po = pointer(so);
        for (int bt = 0; bt < batch; bt++) {
            pa.position((long) s.aBatchStride() * bt);
            pb.position((long) s.bBatchStride() * bt);
            po.position((long) m * n * bt);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, n, k, 1f, pa, ta ? m : k, pb, tb ? k : n, accumulate ? 1f : 0f, po, n);
        }
        keepAlive(sa, sb, so);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Memory mx = memory(x), mo = memory(out);
        if (mx == null || mo == null || !Nd4jBackend.nd4jUnary(op) || !x.sameShape(out) || x.size() < minTranscendental) {
            super.unary(op, x, out);
            return;
        }
        int n = x.size();
        INDArray in = array(mx, n), res = array(mo, n);
        Nd4j.getExecutioner().exec(Nd4jBackend.unaryOp(op, in, res));
        keepAlive(mx.segment(), mo.segment(), mo.segment());
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        boolean arith = op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
        Memory ma = memory(a), mb = memory(b), mo = memory(out);
        if (!arith || ma == null || mb == null || mo == null || !a.sameShape(b) || a.size() < minBinary) {
            super.binary(op, a, b, out);
            return;
        }
        Checks.outShape("binary " + op, out, a.shape(), a, b);
        int n = a.size();
        INDArray x = array(ma, n), y = array(mb, n), z = array(mo, n);
        Nd4j.getExecutioner().exec(Nd4jBackend.binaryOp(op, x, y, z));
        keepAlive(ma.segment(), mb.segment(), mo.segment());
    }

    // ---------------------------------------------------------------- wrapping

    /**
     * Native code saw only addresses: the segments (and so their memory, freed by the GC with them) must stay
     * reachable until it returned, even if the caller no longer uses the tensors.
     */
    private static void keepAlive(MemorySegment a, MemorySegment b, MemorySegment c) {
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
    }

    /** A JavaCPP pointer at the segment's first float; it does not own the memory (the tensor's storage does). */
    static FloatPointer pointer(MemorySegment segment) {
        return new SegmentPointer(segment);
    }

    /**
     * The first {@code n} floats of {@code memory} as a flat ND4J array, no copy. Made once per memory and size and
     * attached to the memory: making one costs 8-20 µs here (mostly {@code Nd4j.create}'s shape information), more
     * than an elementwise op on a few thousand floats. The array's pointer holds the segment, so the memory lives as
     * long as the array does.
     */
    static INDArray array(Memory memory, int n) {
        if (memory.attachment() instanceof INDArray v && v.length() == n) return v;
        FloatPointer p = pointer(memory.segment());
        DataBuffer buffer = Nd4j.createBuffer(p, DataType.FLOAT, memory.length(), FloatIndexer.create(p));
        INDArray v = Nd4j.create(buffer, new long[] {n}, new long[] {1}, 0, 'c', DataType.FLOAT);
        memory.attach(v);
        return v;
    }

    /**
     * JavaCPP's pointer fields are protected: a subclass sets them to the segment's address and length. No
     * deallocator is attached, so JavaCPP never frees the memory; the segment's arena does, once the segment is
     * unreachable. The pointer holds the segment (so an attached ND4J array keeps its memory alive), and each
     * primitive keeps its segments reachable until native code returned.
     */
    private static final class SegmentPointer extends FloatPointer {
        @SuppressWarnings("unused") // held, never read: keeps the segment's memory alive while the pointer is
        private final MemorySegment segment;

        SegmentPointer(MemorySegment segment) {
            this.segment = segment;
            address = segment.address();
            capacity = limit = segment.byteSize() / Float.BYTES;
        }
    }
}
