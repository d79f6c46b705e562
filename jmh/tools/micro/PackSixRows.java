import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing a [1024, k] row-major operand into six-row [step][row] tiles: element by element (SimdGemm's loop before
 * 30 Nov), with two-source lane selections as SimdGemm.interleaveSixRows does now (a copy of its arithmetic), and a
 * plain copy of the same bytes for scale. jmh/README.md quotes it ("Packing in vector registers").
 *
 *   taskset -c 1 java --add-modules jdk.incubator.vector jmh/tools/micro/PackSixRows.java 256
 */
public class PackSixRows {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length(), MR = 6;
    static final float[] IDX = new float[MR * 3 * L];
    static final boolean[] MSK = new boolean[MR * 3 * L];

    static {
        for (int j = 0; j < MR; j++) {
            for (int l = 0; l < L; l++) {
                int f = j * L + l, row = f % MR, at = (j * 3 + row / 2) * L + l;
                IDX[at] = f / MR + (row % 2) * L;
                MSK[at] = true;
            }
        }
    }

    static void byElement(float[] a, int k, int i, float[] ap, int dst) {
        int s0 = i * k, s1 = s0 + k, s2 = s1 + k, s3 = s2 + k, s4 = s3 + k, s5 = s4 + k;
        for (int kk = 0; kk < k; kk++, dst += MR) {
            ap[dst] = a[s0 + kk];
            ap[dst + 1] = a[s1 + kk];
            ap[dst + 2] = a[s2 + kk];
            ap[dst + 3] = a[s3 + kk];
            ap[dst + 4] = a[s4 + kk];
            ap[dst + 5] = a[s5 + kk];
        }
    }

    static void inRegisters(float[] a, int k, int i, float[] ap, int dst) {
        int s0 = i * k, s1 = s0 + k, s2 = s1 + k, s3 = s2 + k, s4 = s3 + k, s5 = s4 + k, t = 3 * L, kv = S.loopBound(k);
        FloatVector x0 = FloatVector.fromArray(S, IDX, 0), y0 = FloatVector.fromArray(S, IDX, L), z0 = FloatVector.fromArray(S, IDX, 2 * L);
        FloatVector x1 = FloatVector.fromArray(S, IDX, t), y1 = FloatVector.fromArray(S, IDX, t + L), z1 = FloatVector.fromArray(S, IDX, t + 2 * L);
        FloatVector x2 = FloatVector.fromArray(S, IDX, 2 * t), y2 = FloatVector.fromArray(S, IDX, 2 * t + L), z2 = FloatVector.fromArray(S, IDX, 2 * t + 2 * L);
        FloatVector x3 = FloatVector.fromArray(S, IDX, 3 * t), y3 = FloatVector.fromArray(S, IDX, 3 * t + L), z3 = FloatVector.fromArray(S, IDX, 3 * t + 2 * L);
        FloatVector x4 = FloatVector.fromArray(S, IDX, 4 * t), y4 = FloatVector.fromArray(S, IDX, 4 * t + L), z4 = FloatVector.fromArray(S, IDX, 4 * t + 2 * L);
        FloatVector x5 = FloatVector.fromArray(S, IDX, 5 * t), y5 = FloatVector.fromArray(S, IDX, 5 * t + L), z5 = FloatVector.fromArray(S, IDX, 5 * t + 2 * L);
        VectorMask<Float> my0 = VectorMask.fromArray(S, MSK, L), mz0 = VectorMask.fromArray(S, MSK, 2 * L);
        VectorMask<Float> my1 = VectorMask.fromArray(S, MSK, t + L), mz1 = VectorMask.fromArray(S, MSK, t + 2 * L);
        VectorMask<Float> my2 = VectorMask.fromArray(S, MSK, 2 * t + L), mz2 = VectorMask.fromArray(S, MSK, 2 * t + 2 * L);
        VectorMask<Float> my3 = VectorMask.fromArray(S, MSK, 3 * t + L), mz3 = VectorMask.fromArray(S, MSK, 3 * t + 2 * L);
        VectorMask<Float> my4 = VectorMask.fromArray(S, MSK, 4 * t + L), mz4 = VectorMask.fromArray(S, MSK, 4 * t + 2 * L);
        VectorMask<Float> my5 = VectorMask.fromArray(S, MSK, 5 * t + L), mz5 = VectorMask.fromArray(S, MSK, 5 * t + 2 * L);
        int kk = 0;
        for (; kk < kv; kk += L, dst += MR * L) {
            FloatVector r0 = FloatVector.fromArray(S, a, s0 + kk), r1 = FloatVector.fromArray(S, a, s1 + kk);
            FloatVector r2 = FloatVector.fromArray(S, a, s2 + kk), r3 = FloatVector.fromArray(S, a, s3 + kk);
            FloatVector r4 = FloatVector.fromArray(S, a, s4 + kk), r5 = FloatVector.fromArray(S, a, s5 + kk);
            x0.selectFrom(r0, r1).blend(y0.selectFrom(r2, r3), my0).blend(z0.selectFrom(r4, r5), mz0).intoArray(ap, dst);
            x1.selectFrom(r0, r1).blend(y1.selectFrom(r2, r3), my1).blend(z1.selectFrom(r4, r5), mz1).intoArray(ap, dst + L);
            x2.selectFrom(r0, r1).blend(y2.selectFrom(r2, r3), my2).blend(z2.selectFrom(r4, r5), mz2).intoArray(ap, dst + 2 * L);
            x3.selectFrom(r0, r1).blend(y3.selectFrom(r2, r3), my3).blend(z3.selectFrom(r4, r5), mz3).intoArray(ap, dst + 3 * L);
            x4.selectFrom(r0, r1).blend(y4.selectFrom(r2, r3), my4).blend(z4.selectFrom(r4, r5), mz4).intoArray(ap, dst + 4 * L);
            x5.selectFrom(r0, r1).blend(y5.selectFrom(r2, r3), my5).blend(z5.selectFrom(r4, r5), mz5).intoArray(ap, dst + 5 * L);
        }
        for (; kk < k; kk++, dst += MR) {
            ap[dst] = a[s0 + kk];
            ap[dst + 1] = a[s1 + kk];
            ap[dst + 2] = a[s2 + kk];
            ap[dst + 3] = a[s3 + kk];
            ap[dst + 4] = a[s4 + kk];
            ap[dst + 5] = a[s5 + kk];
        }
    }

    public static void main(String[] args) {
        int m = 1020, k = Integer.parseInt(args.length > 0 ? args[0] : "256"); // 170 full tiles
        float[] a = new float[m * k], p1 = new float[m * k], p2 = new float[m * k], copy = new float[m * k];
        for (int i = 0; i < a.length; i++) a[i] = i * 0.5f;
        for (int rep = 0; rep < 30; rep++) {
            long t0 = System.nanoTime();
            for (int it = 0; it < 200; it++) for (int i = 0; i < m; i += MR) byElement(a, k, i, p1, i * k);
            long t1 = System.nanoTime();
            for (int it = 0; it < 200; it++) for (int i = 0; i < m; i += MR) inRegisters(a, k, i, p2, i * k);
            long t2 = System.nanoTime();
            for (int it = 0; it < 200; it++) System.arraycopy(a, 0, copy, 0, m * k);
            long t3 = System.nanoTime();
            if (rep % 5 == 4) {
                System.out.printf("element by element %.1f us  in registers %.1f us  plain copy %.1f us  same=%b%n",
                        (t1 - t0) / 200e3, (t2 - t1) / 200e3, (t3 - t2) / 200e3, java.util.Arrays.equals(p1, p2));
            }
        }
    }
}
