package dev.cairn.operator.plan;

import java.time.Instant;
import java.util.Objects;

/** One status condition, as in Kubernetes' {@code metav1.Condition} (without observedGeneration). */
public record Condition(String type, ConditionStatus status, String reason, String message,
                        Instant lastTransitionTime) {

    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    public Condition {
        MemberNaming.requireText(type, "type");
        Objects.requireNonNull(status, "status");
        MemberNaming.requireText(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
    }

    /** Same type, status, reason and message: nothing a reader would see as a change. */
    boolean sameStateAs(Condition other) {
        return type.equals(other.type) && status == other.status && reason.equals(other.reason)
                && message.equals(other.message);
    }
}
