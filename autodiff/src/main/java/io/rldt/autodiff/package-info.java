/**
 * Reverse-mode automatic differentiation over the engine's float32 tensors.
 *
 * <p>Reading order: {@link io.rldt.autodiff.Var} and {@link io.rldt.autodiff.Tape} (the whole mechanism),
 * then {@code OPS.md} and the op classes in {@code io.rldt.autodiff.ops} (one per derivative), the
 * {@link io.rldt.autodiff.F} facade, then {@code nn} (modules with named parameters), {@code optim}
 * (Adam/AdamW, schedules, EMA) and {@code io} (safetensors checkpoints).
 */
package io.rldt.autodiff;
