package io.rldt.kernels;

import io.rldt.engine.Tolerances;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorMathTest {

    @Test
    void expMatchesMathExpOnTheKernelRange() {
        var s = FastTransportField.SPECIES;
        float[] x = new float[s.length()], y = new float[s.length()];
        for (int step = 0; step <= 200_000; step += s.length()) {
            for (int l = 0; l < x.length; l++) x[l] = -(step + l) * 1e-3f * (float) Math.PI / 3; // [-209, 0]
            VectorMath.expNonPositive(FloatVector.fromArray(s, x, 0)).intoArray(y, 0);
            for (int l = 0; l < x.length; l++) {
                double expected = Math.exp(x[l]);
                if (expected < 1.2e-38) {
                    assertTrue(y[l] <= 1.2e-38f, "underflow region x = " + x[l] + ": " + y[l]);
                } else {
                    assertTrue(Tolerances.close(y[l], expected, Tolerances.TRANSCENDENTAL_REL, 0),
                            "exp(" + x[l] + ") = " + y[l] + ", expected " + expected);
                }
            }
        }
    }

    @Test
    void expEdgeCases() {
        var s = FastTransportField.SPECIES;
        float[] x = new float[s.length()], y = new float[s.length()];
        x[0] = 0f;
        x[1] = -0f;
        x[2] = Float.NaN;
        x[3] = Float.NEGATIVE_INFINITY;
        VectorMath.expNonPositive(FloatVector.fromArray(s, x, 0)).intoArray(y, 0);
        assertEquals(1f, y[0]);
        assertEquals(1f, y[1]);
        assertTrue(Float.isNaN(y[2]));
        assertEquals(0f, y[3]);
    }
}
