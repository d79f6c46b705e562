package io.rldt.jmh;

import io.rldt.engine.Tensor;
import io.rldt.kernels.ReferenceTransportField;
import io.rldt.kernels.SvgdOptions;

/**
 * Prints φ of the reference field on deterministic inputs ({@code q = sin(0.37 i)}, {@code a = cos(0.11 i)},
 * {@code g = sin(0.05 i)} over the flat index i of {@code [B, P, D]}), one value per line, so that
 * {@code jmh/pytorch/check_svgd.py} can check that the PyTorch peer computes the same field.
 * Usage: {@code SvgdCrossCheck B P D}.
 */
public final class SvgdCrossCheck {
    private SvgdCrossCheck() {}

    public static void main(String[] args) {
        int b = Integer.parseInt(args[0]), p = Integer.parseInt(args[1]), d = Integer.parseInt(args[2]);
        Tensor q = Tensor.zeros(b, p, d), a = Tensor.zeros(b, p, d), g = Tensor.zeros(b, p, d), phi = Tensor.zeros(b, p, d);
        for (int i = 0; i < q.size(); i++) {
            q.data()[i] = (float) Math.sin(0.37 * i);
            a.data()[i] = (float) Math.cos(0.11 * i);
            g.data()[i] = (float) Math.sin(0.05 * i);
        }
        new ReferenceTransportField().compute(q, a, g, SvgdOptions.defaults(), phi, null);
        StringBuilder sb = new StringBuilder();
        for (float v : phi.data()) sb.append(v).append('\n');
        System.out.print(sb);
    }
}
