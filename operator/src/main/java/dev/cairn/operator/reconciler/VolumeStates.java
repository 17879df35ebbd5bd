package dev.cairn.operator.reconciler;

import dev.cairn.operator.plan.VolumeState;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an ordinal's volume claim holds, told from what Kubernetes shows (the operator cannot look into a volume):
 * <ol>
 *   <li>no claim: {@code ABSENT}; a claim with a deletion timestamp: {@code DELETING};</li>
 *   <li>the pod's container last stopped with a message containing {@value #CLUSTER_ID_MISMATCH} (the member's
 *       data directory belongs to another cluster): {@code FOREIGN_DATA}; one containing {@value #DATA_DIR_EMPTY}
 *       (the node refuses to rejoin a cluster it was a member of without its data): {@code EMPTY}. The pod's
 *       termination message policy is FallbackToLogsOnError, so the member's last log line is that message;</li>
 *   <li>the status records, per member, the uid of the claim the member was last healthy with: the same uid is
 *       {@code CLUSTER_DATA}; another uid is a claim created since, so the data is gone: {@code EMPTY};</li>
 *   <li>otherwise (a claim whose member was never seen healthy) {@code UNKNOWN}.</li>
 * </ol>
 */
final class VolumeStates {

    static final String CLUSTER_ID_MISMATCH = "cluster ID mismatch";
    static final String DATA_DIR_EMPTY = "data dir is empty";

    private VolumeStates() {
    }

    static VolumeState of(Optional<PersistentVolumeClaim> claim, Optional<Pod> pod, Optional<String> recordedClaimUid) {
        if (claim.isEmpty()) {
            return VolumeState.ABSENT;
        }
        if (claim.get().getMetadata().getDeletionTimestamp() != null) {
            return VolumeState.DELETING;
        }
        Optional<String> message = pod.flatMap(VolumeStates::terminationMessage);
        if (message.filter(m -> m.contains(CLUSTER_ID_MISMATCH)).isPresent()) {
            return VolumeState.FOREIGN_DATA;
        }
        if (message.filter(m -> m.contains(DATA_DIR_EMPTY)).isPresent()) {
            return VolumeState.EMPTY;
        }
        if (recordedClaimUid.isPresent()) {
            return recordedClaimUid.get().equals(claim.get().getMetadata().getUid())
                    ? VolumeState.CLUSTER_DATA : VolumeState.EMPTY;
        }
        return VolumeState.UNKNOWN;
    }

    /** The message of the container's current or last termination, if it stopped with one. */
    private static Optional<String> terminationMessage(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .flatMap(VolumeStates::states)
                .map(state -> state.getTerminated() == null ? null : state.getTerminated().getMessage())
                .filter(Objects::nonNull).findFirst();
    }

    private static Stream<ContainerState> states(ContainerStatus status) {
        return Stream.of(status.getState(), status.getLastState()).filter(Objects::nonNull);
    }
}
