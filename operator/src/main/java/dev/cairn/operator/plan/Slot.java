package dev.cairn.operator.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything Kubernetes holds for one StatefulSet ordinal: its pod, its volume claim and its published join
 * configuration. An ordinal without any of them need not be listed.
 *
 * @param podConfigHash the config hash the pod was created with; absent when there is no pod
 * @param joinConfig    the join configuration published for this ordinal, if any
 */
public record Slot(int ordinal, boolean podExists, boolean podReady, VolumeState volume,
                   Optional<String> podConfigHash, Optional<JoinConfig> joinConfig) {

    public Slot {
        if (ordinal < 0) {
            throw new IllegalArgumentException("ordinal must not be negative, got: " + ordinal);
        }
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(podConfigHash, "podConfigHash");
        Objects.requireNonNull(joinConfig, "joinConfig");
        if (podReady && !podExists) {
            throw new IllegalArgumentException("slot " + ordinal + ": a pod that does not exist cannot be ready");
        }
        if (podConfigHash.isPresent() != podExists) {
            throw new IllegalArgumentException("slot " + ordinal + ": a pod config hash goes with an existing pod");
        }
    }

    /** An ordinal where nothing exists. */
    public static Slot vacant(int ordinal) {
        return new Slot(ordinal, false, false, VolumeState.ABSENT, Optional.empty(), Optional.empty());
    }
}
