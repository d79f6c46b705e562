package io.rldt.envs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class EnvCheckerTest {

    /** An env that breaks the contract in the ways switched on. */
    private static final class BrokenEnv implements Env {
        boolean nanAtStep3, outOfBounds, wrongLength, modifiesAction, infiniteReward, randomReset, acceptsAnything;
        private int t;
        private int resets;

        @Override public Box observationSpace() { return Box.uniform(1, -10, 10); }
        @Override public Box actionSpace() { return Box.uniform(1, -1, 1); }
        @Override public ResetResult reset(long seed) { return reset(); }
        @Override public ResetResult reset() {
            t = 0;
            resets++;
            return ResetResult.of(new double[] {randomReset ? resets : 0});
        }
        @Override public StepResult step(double[] action) {
            if (!acceptsAnything && action.length != 1) throw new IllegalArgumentException("action length");
            t++;
            double o = t;
            if (nanAtStep3 && t == 3) o = Double.NaN;
            if (outOfBounds && t == 2) o = 11;
            if (modifiesAction) action[0] = 0.123;
            double[] obs = wrongLength && t == 4 ? new double[] {o, o} : new double[] {o};
            return new StepResult(obs, infiniteReward && t == 5 ? Double.NEGATIVE_INFINITY : 0, t >= 6, false, Map.of());
        }
    }

    private static void assertHas(List<String> problems, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)), "no problem containing '" + fragment + "' in " + problems);
    }

    @Test
    void catchesOrderAndDeterminismProblems() {
        BrokenEnv env = new BrokenEnv();
        env.randomReset = true;
        env.acceptsAnything = true;
        List<String> problems = EnvChecker.problems(env);
        assertHas(problems, "step() before reset() returned normally, expected IllegalStateException");
        assertHas(problems, "reset(seed=0) is not deterministic: observation[0] is 1.0 then 2.0");
        assertHas(problems, "step() with an action of length 2 returned normally, expected IllegalArgumentException");
        assertHas(problems, "step() after the episode ended returned normally, expected IllegalStateException");
        EnvChecker.EnvCheckException e = assertThrows(EnvChecker.EnvCheckException.class, () -> EnvChecker.check(new BrokenEnv()));
        assertEquals(e.problems().size(), e.getMessage().split("\n  - ").length - 1);
    }

    @Test
    void catchesNaN() {
        BrokenEnv env = new BrokenEnv();
        env.nanAtStep3 = true;
        assertHas(EnvChecker.problems(env), "step 2: observation[0] is NaN, expected a finite number");
    }

    @Test
    void catchesOutOfBoundsObservation() {
        BrokenEnv env = new BrokenEnv();
        env.outOfBounds = true;
        assertHas(EnvChecker.problems(env), "step 1: observation[0] is 11.0, expected within observationSpace bounds [-10.0, 10.0]");
    }

    @Test
    void catchesWrongLengthModifiedActionAndInfiniteReward() {
        BrokenEnv a = new BrokenEnv();
        a.wrongLength = true;
        assertHas(EnvChecker.problems(a), "step 3: observation has length 2, expected 1 (observationSpace().dim())");
        BrokenEnv b = new BrokenEnv();
        b.modifiesAction = true;
        assertHas(EnvChecker.problems(b), "step 0: step() modified its action argument");
        BrokenEnv c = new BrokenEnv();
        c.infiniteReward = true;
        assertHas(EnvChecker.problems(c), "step 4: reward is -Infinity, expected a finite number");
    }

    @Test
    void catchesBadSpaces() {
        Env unbounded = new Env() {
            @Override public Box observationSpace() { return Box.uniform(1, -1, 1); }
            @Override public Box actionSpace() { return Box.uniform(1, Double.NEGATIVE_INFINITY, 1); }
            @Override public ResetResult reset(long seed) { return ResetResult.of(new double[1]); }
            @Override public ResetResult reset() { return ResetResult.of(new double[1]); }
            @Override public StepResult step(double[] action) { throw new IllegalStateException(); }
        };
        assertHas(EnvChecker.problems(unbounded), "actionSpace bound 0 is [-Infinity, 1.0], expected finite bounds");
    }
}
