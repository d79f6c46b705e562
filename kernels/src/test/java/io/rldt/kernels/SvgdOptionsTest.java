package io.rldt.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgdOptionsTest {

    @Test
    void defaultsAreThePapers() {
        SvgdOptions o = SvgdOptions.defaults();
        assertEquals(SvgdOptions.Kernel.RBF, o.kernel());
        assertFalse(o.hasFixedBandwidth());
        assertFalse(o.hasFixedTemperature());
        assertEquals(1e-3, o.temperatureScale());
        assertEquals(1e5, o.maxTemperature());
        assertEquals(1e-8, o.bandwidthFloor());
    }

    @Test
    void temperatureIsScaledAndClamped() {
        SvgdOptions o = SvgdOptions.defaults();
        assertEquals(0.005, o.temperature(5.0), 1e-15);
        assertEquals(1e5, o.temperature(1e9));          // 0.001·1e9 = 1e6 clamps to 1e5
        assertEquals(0.0, o.temperature(0.0));
        assertEquals(2.0, o.withTemperatureScale(0.5).temperature(4.0));
        assertEquals(3.0, o.withMaxTemperature(3).temperature(1e6));
        assertEquals(7.0, o.withFixedTemperature(7).temperature(123.0)); // fixed: used as given
        assertEquals(1e6, o.withFixedTemperature(1e6).temperature(0.0)); // and not clamped
        assertTrue(o.withFixedTemperature(1).withTemperatureScale(1).temperature(2.0) == 2.0,
                "setting a scale clears the fixed temperature");
    }

    @Test
    void medianBandwidthIsFloored() {
        SvgdOptions o = SvgdOptions.defaults();
        assertEquals(4 / (2 * Math.log(5)), o.medianBandwidth(4, 4), 1e-15);
        assertEquals(1e-8, o.medianBandwidth(0, 8));
        assertEquals(0.5, o.withBandwidthFloor(0.5).medianBandwidth(0.1, 8));
    }

    @Test
    void invalidValuesAreRejectedWithFieldValueAndExpectation() {
        SvgdOptions o = SvgdOptions.defaults();
        assertMessage(() -> o.withBandwidth(-1), "SvgdOptions.bandwidth = -1.0: expected NaN (median heuristic)");
        assertMessage(() -> o.withBandwidth(0), "SvgdOptions.bandwidth = 0.0");
        assertMessage(() -> o.withBandwidth(Double.POSITIVE_INFINITY), "SvgdOptions.bandwidth = Infinity");
        assertMessage(() -> o.withTemperatureScale(-0.1), "SvgdOptions.temperatureScale = -0.1: expected a finite value >= 0");
        assertMessage(() -> o.withTemperatureScale(Double.NaN), "SvgdOptions.temperatureScale = NaN");
        assertMessage(() -> o.withFixedTemperature(-2), "SvgdOptions.fixedTemperature = -2.0: expected NaN (adaptive");
        assertMessage(() -> o.withMaxTemperature(Double.NaN), "SvgdOptions.maxTemperature = NaN: expected a value >= 0");
        assertMessage(() -> o.withBandwidthFloor(0), "SvgdOptions.bandwidthFloor = 0.0: expected a finite value > 0");
        assertMessage(() -> o.withKernel(null), "SvgdOptions.kernel is null");
    }

    private static void assertMessage(Runnable r, String start) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(start), () -> "message '" + e.getMessage() + "' should start with '" + start + "'");
    }
}
