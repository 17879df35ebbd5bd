package dev.cairn.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.operator.plan.VolumeState;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeStatesTest {

    private static final PersistentVolumeClaim CLAIM = new PersistentVolumeClaimBuilder()
            .withNewMetadata().withName("data-demo-1").withUid("uid-1").endMetadata().build();
    private static final Pod RUNNING = new PodBuilder().withNewMetadata().withName("demo-1").endMetadata().build();

    @Test
    void noClaimIsAbsentAndADeletedOneIsDeleting() {
        assertThat(VolumeStates.of(Optional.empty(), Optional.of(RUNNING), Optional.of("uid-1")))
                .isEqualTo(VolumeState.ABSENT);
        PersistentVolumeClaim deleting = new PersistentVolumeClaimBuilder(CLAIM).editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        assertThat(VolumeStates.of(Optional.of(deleting), Optional.of(RUNNING), Optional.of("uid-1")))
                .isEqualTo(VolumeState.DELETING);
    }

    @Test
    void theRecordedClaimHoldsClusterDataAndAnotherClaimIsEmpty() {
        assertThat(VolumeStates.of(Optional.of(CLAIM), Optional.of(RUNNING), Optional.of("uid-1")))
                .isEqualTo(VolumeState.CLUSTER_DATA);
        assertThat(VolumeStates.of(Optional.of(CLAIM), Optional.empty(), Optional.of("uid-0")))
                .isEqualTo(VolumeState.EMPTY);
        assertThat(VolumeStates.of(Optional.of(CLAIM), Optional.of(RUNNING), Optional.empty()))
                .isEqualTo(VolumeState.UNKNOWN);
    }

    @Test
    void theMembersLastWordsOverrideTheRecord() {
        assertThat(VolumeStates.of(Optional.of(CLAIM), Optional.of(terminatedWith(
                "request cluster ID mismatch (got 1 want 2)")), Optional.of("uid-1")))
                .isEqualTo(VolumeState.FOREIGN_DATA);
        assertThat(VolumeStates.of(Optional.of(CLAIM), Optional.of(terminatedWith(
                "member demo-1 was started before but its data dir is empty")), Optional.of("uid-1")))
                .isEqualTo(VolumeState.EMPTY);
        assertThat(VolumeStates.of(Optional.of(CLAIM), Optional.of(terminatedWith("out of memory")),
                Optional.of("uid-1"))).isEqualTo(VolumeState.CLUSTER_DATA);
    }

    private static Pod terminatedWith(String message) {
        return new PodBuilder(RUNNING).withNewStatus().addNewContainerStatus().withName("cairn")
                .withNewLastState().withNewTerminated().withExitCode(1).withMessage(message).endTerminated()
                .endLastState().endContainerStatus().endStatus().build();
    }
}
