package dev.cairn.node.linearizability;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the recorder runs: how many clients, over which keys, with which per-call deadline, until how many
 * operations (also the bound of the recorded history) or how much time has passed, whichever comes first.
 *
 * @param serializableReadShare the share of gets sent as serializable reads (0 for none); they are recorded as such
 *                              and checked apart, since they may be stale
 * @param seed                  makes the choice of commands and keys repeatable
 */
public record LoadPlan(int clients, List<String> keys, Duration callDeadline, int maxOperations,
                       Duration maxDuration, EndpointChoice endpointChoice, double serializableReadShare,
                       long seed) {
    public LoadPlan {
        if (clients < 1) {
            throw new IllegalArgumentException("at least one client, not " + clients);
        }
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key");
        }
        requirePositive(callDeadline, "call deadline");
        requirePositive(maxDuration, "maximum duration");
        if (maxOperations < 1) {
            throw new IllegalArgumentException("the operation bound must be positive, not " + maxOperations);
        }
        Objects.requireNonNull(endpointChoice, "endpoint choice");
        if (!(serializableReadShare >= 0 && serializableReadShare <= 1)) {
            throw new IllegalArgumentException("serializable read share must be in [0, 1], not "
                    + serializableReadShare);
        }
    }

    /** Linearizable reads only, clients pinned to endpoints with failover. */
    public static LoadPlan of(int clients, List<String> keys, Duration callDeadline, int maxOperations,
                              Duration maxDuration, long seed) {
        return new LoadPlan(clients, keys, callDeadline, maxOperations, maxDuration, EndpointChoice.PINNED, 0,
                seed);
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + duration);
        }
    }

    /** How clients spread over the endpoints. */
    public enum EndpointChoice {
        /** Client i starts on endpoint i mod n and moves to the next one when its member seems gone. */
        PINNED,
        /** Every call goes to the next endpoint in turn. */
        ROUND_ROBIN
    }
}
