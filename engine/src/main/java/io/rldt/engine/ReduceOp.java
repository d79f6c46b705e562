package io.rldt.engine;

/** Reductions over a set of axes. Empty reductions: SUM → 0, MEAN → NaN, MAX → −∞, MIN → +∞. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN
}
