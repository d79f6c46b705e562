package io.rldt.autodiff.nn;

import io.rldt.engine.Rng;
import io.rldt.autodiff.Var;

/**
 * A plain multi-layer perceptron: {@code widths = [in, h1, ..., out]}, the activation after every hidden
 * layer and {@code outputActivation} after the last. Parameters {@code layers.<i>.weight|bias}.
 * Shapes: x:[..., in] -> [..., out].
 */
public final class Mlp extends Module {
    private final Linear[] layers;
    private final Activation activation, outputActivation;

    public Mlp(int[] widths, Activation activation, Rng rng) {
        this(widths, activation, Activation.IDENTITY, Init.torchDefault(), rng);
    }

    public Mlp(int[] widths, Activation activation, Activation outputActivation, Init init, Rng rng) {
        if (widths.length < 2) throw new IllegalArgumentException("Mlp needs at least [in, out] widths");
        this.activation = activation;
        this.outputActivation = outputActivation;
        Module list = child("layers", new Module() {});
        layers = new Linear[widths.length - 1];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = list.child(Integer.toString(i), new Linear(widths[i], widths[i + 1], true, init, rng));
        }
    }

    public Var forward(Var x) {
        Var h = x;
        for (int i = 0; i < layers.length; i++) {
            h = layers[i].forward(h, i < layers.length - 1 ? activation : outputActivation);
        }
        return h;
    }

    public Linear layer(int i) { return layers[i]; }

    public int depth() { return layers.length; }
}
