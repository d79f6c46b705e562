package io.rldt.envs.mujoco;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Skips the annotated test class, with one line giving the reason, when the MuJoCo library is unavailable. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresMujoco.Condition.class)
@interface RequiresMujoco {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return MujocoNative.isAvailable()
                    ? ConditionEvaluationResult.enabled("MuJoCo " + MujocoNative.versionString())
                    : ConditionEvaluationResult.disabled("MuJoCo unavailable: " + MujocoNative.unavailableReason());
        }
    }
}
