package io.rldt.autodiff.nn;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;

/** The activations a network can be configured with. */
public enum Activation {
    RELU, SILU, MISH, TANH, SIGMOID, IDENTITY;

    public Var apply(Var x) {
        return switch (this) {
            case RELU -> F.relu(x);
            case SILU -> F.silu(x);
            case MISH -> F.mish(x);
            case TANH -> F.tanh(x);
            case SIGMOID -> F.sigmoid(x);
            case IDENTITY -> x;
        };
    }
}
