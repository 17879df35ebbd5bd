package dev.cairn.operator.plan;

import java.util.Objects;

/**
 * One action for the reconciler to take. Each is idempotent on its own (running it twice, or after a crash
 * half-way, leaves the world as running it once), and its effect is visible in the next observation, so the
 * planner never needs to remember what it asked for.
 */
public sealed interface Step {

    /**
     * First formation: publish a join configuration with state {@code new} and {@code initialCluster} for
     * ordinals 0..replicas-1, then scale the StatefulSet to {@code replicas}.
     */
    record Bootstrap(int replicas, String initialCluster) implements Step {
        public Bootstrap {
            positive(replicas, "replicas");
            MemberNaming.requireText(initialCluster, "initialCluster");
        }
    }

    /** {@code member add --learner} with this peer URL. */
    record AddLearner(int ordinal, String name, String peerUrl) implements Step {
        public AddLearner {
            notNegative(ordinal, "ordinal");
            MemberNaming.requireText(name, "name");
            MemberNaming.requireText(peerUrl, "peerUrl");
        }
    }

    /**
     * Publish the join configuration for one ordinal, without restarting anything: its pod reads it the next
     * time it starts with an empty data directory.
     */
    record WriteJoinConfig(int ordinal, JoinConfig config) implements Step {
        public WriteJoinConfig {
            notNegative(ordinal, "ordinal");
            Objects.requireNonNull(config, "config");
            if (config.state() != InitialClusterState.EXISTING) {
                throw new IllegalArgumentException("only a bootstrap publishes initial-cluster-state new");
            }
        }
    }

    /** {@code member promote}. */
    record PromoteLearner(long memberId) implements Step {
    }

    /** Maintenance.MoveLeader to this member. */
    record MoveLeader(long toMemberId) implements Step {
    }

    /** {@code member remove}. */
    record RemoveMember(long memberId) implements Step {
    }

    /** Set the StatefulSet's replicas. */
    record ScaleStatefulSet(int replicas) implements Step {
        public ScaleStatefulSet {
            notNegative(replicas, "replicas");
        }
    }

    /** Delete the ordinal's volume claim (Kubernetes keeps it until its pod is gone). */
    record DeletePvc(int ordinal) implements Step {
        public DeletePvc {
            notNegative(ordinal, "ordinal");
        }
    }

    /** Delete the ordinal's pod, so that the StatefulSet recreates it (with a new claim if its claim went). */
    record DeletePod(int ordinal) implements Step {
        public DeletePod {
            notNegative(ordinal, "ordinal");
        }
    }

    /** Delete the ordinal's pod so that it comes back with the current pod template. */
    record RollPod(int ordinal) implements Step {
        public RollPod {
            notNegative(ordinal, "ordinal");
        }
    }

    /** Nothing may be done safely: say so in the status. {@code reason} is a condition reason. */
    record ReportDegraded(String reason, String message) implements Step {
        public ReportDegraded {
            MemberNaming.requireText(reason, "reason");
            MemberNaming.requireText(message, "message");
        }
    }

    /** Something is under way that the planner has to see finish before the next step. */
    record Wait(String reason) implements Step {
        public Wait {
            MemberNaming.requireText(reason, "reason");
        }
    }

    /** The cluster is as the spec asks. */
    record Done() implements Step {
    }

    private static void positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got: " + value);
        }
    }

    private static void notNegative(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got: " + value);
        }
    }
}
