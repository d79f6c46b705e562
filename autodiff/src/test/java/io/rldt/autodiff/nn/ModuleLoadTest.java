package io.rldt.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Var;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleLoadTest {
    private static Mlp net(long seed) {
        return new Mlp(new int[] {3, 5, 2}, Activation.SILU, new Rng(seed));
    }

    private static Map<String, Tensor> weights(Module m) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (Map.Entry<String, Var> e : m.namedParameters().entrySet()) w.put(e.getKey(), e.getValue().value().copy());
        return w;
    }

    @Test
    void loadsByNameInPlace() {
        Mlp a = net(1), b = net(2);
        Tensor live = b.parameters().get(0).value();
        b.load(weights(a));
        assertTrue(live == b.parameters().get(0).value(), "values are copied into the module's own tensors");
        for (String n : a.namedParameters().keySet()) {
            assertArrayEquals(a.namedParameters().get(n).value().toArray(), b.namedParameters().get(n).value().toArray(), n);
        }
    }

    @Test
    void namesMissingUnexpectedAndWronglyShapedTensorsAndLoadsNothing() {
        Mlp a = net(1), b = net(2);
        Map<String, Tensor> w = weights(a);
        String[] names = w.keySet().toArray(String[]::new);
        w.remove(names[0]);
        w.put("extra.weight", Tensor.zeros(1));
        w.put(names[1], Tensor.zeros(7, 7));
        float[] before = b.namedParameters().get(names[2]).value().toArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.load(w));
        String m = e.getMessage();
        assertTrue(m.contains("missing [" + names[0]) && m.contains("unexpected [extra.weight]")
                && m.contains(names[1] + " is [7, 7], expected"), m);
        assertArrayEquals(before, b.namedParameters().get(names[2]).value().toArray(), "all or nothing");
    }

    @Test
    void refusesNonFiniteValues() {
        Mlp a = net(1), b = net(2);
        Map<String, Tensor> w = weights(a);
        String last = w.keySet().stream().reduce((x, y) -> y).orElseThrow();
        w.get(last).data()[1] = Float.NEGATIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.load(w));
        assertTrue(e.getMessage().contains("'" + last + "'") && e.getMessage().contains("-Infinity at index 1"), e.getMessage());
    }
}
