package dev.cairn.operator.plan;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a member answered its health check, and since when that has been so (the reconciler keeps the
 * time of the last change in the resource's status, so it survives an operator restart).
 */
public record MemberHealth(boolean healthy, Instant since) {

    public MemberHealth {
        Objects.requireNonNull(since, "since");
    }

    public static MemberHealth healthySince(Instant since) {
        return new MemberHealth(true, since);
    }

    public static MemberHealth unhealthySince(Instant since) {
        return new MemberHealth(false, since);
    }
}
