package io.rldt.autodiff.nn;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.engine.Rng;

/**
 * The velocity network's body (spec §1, DPPO's {@code ResidualMLP}): {@code Linear(in → hidden)}, then
 * {@code blocks} two-layer pre-activation residual blocks {@code h + l2(act(l1(act(h))))}, then
 * {@code Linear(hidden → out)} with no output activation. As in DPPO, no activation sits between the input
 * layer and the first block or between the last block and the output layer (the blocks pre-activate).
 *
 * <p>Parameter names follow DPPO's module list: {@code layers.0} (input), {@code layers.<1..blocks>.l1|l2},
 * {@code layers.<blocks+1>} (output). Shapes: x:[..., in] -> [..., out].
 */
public final class ResidualMlp extends Module {
    private final Linear input, output;
    private final Linear[][] blocks;
    private final Activation activation;

    /** The spec's locomotion body: hidden 512, one block, ReLU. */
    public static ResidualMlp spec(int in, int out, Rng rng) {
        return new ResidualMlp(in, 512, out, 1, Activation.RELU, rng);
    }

    public ResidualMlp(int in, int hidden, int out, int blocks, Activation activation, Rng rng) {
        this.activation = activation;
        Module list = child("layers", new Module() {});
        input = list.child("0", new Linear(in, hidden, rng));
        this.blocks = new Linear[blocks][];
        for (int b = 0; b < blocks; b++) {
            Module block = list.child(Integer.toString(b + 1), new Module() {});
            this.blocks[b] = new Linear[] {
                block.child("l1", new Linear(hidden, hidden, rng)), block.child("l2", new Linear(hidden, hidden, rng))};
        }
        output = list.child(Integer.toString(blocks + 1), new Linear(hidden, out, rng));
    }

    public Var forward(Var x) {
        return forwardHidden(input.forward(x));
    }

    /** The input layer {@code layers.0} (callers that compute it in parts, e.g. with a cached term, use its weight). */
    public Linear inputLayer() { return input; }

    /** Everything after the input layer: {@code h} is {@code layers.0}'s output [..., hidden] -> [..., out]. */
    public Var forwardHidden(Var h) {
        for (Linear[] b : blocks) {
            Var r = b[1].forward(b[0].forward(activation.apply(h), activation));
            h = F.add(h, r);
        }
        return output.forward(h);
    }
}
