package dev.cairn.node.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.apply.KvApplier;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpointRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.storage.mvcc.MvccStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applied checkpoints are stored with their lease, and a lessor recovered from the store resumes from them. */
class LeaseApplierTest {
    private static final LeaseCheckpointPolicy POLICY = LeaseCheckpointPolicy.every(Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private long index;

    private static LeaseCheckpointRequest checkpoints(long... idAndRemaining) {
        LeaseCheckpointRequest.Builder request = LeaseCheckpointRequest.newBuilder();
        for (int i = 0; i < idAndRemaining.length; i += 2) {
            request.addCheckpoints(LeaseCheckpoint.newBuilder().setID(idAndRemaining[i])
                    .setRemainingTTL(idAndRemaining[i + 1]));
        }
        return request.build();
    }

    private void apply(MvccStore store, Lessor lessor, Consumer<ApplyBatch> work) {
        try (ApplyBatch batch = new KvApplier(store, lessor).begin()) {
            work.accept(batch);
            batch.commit(++index);
        }
    }

    @Test
    void aRecoveredLeaseResumesFromItsLatestAppliedCheckpoint() {
        try (MvccStore store = MvccStore.open(dir)) {
            Lessor lessor = new Lessor(clock, 2, POLICY);
            LeaseApplier applier = new LeaseApplier(lessor);
            apply(store, lessor, batch -> {
                applier.grant(batch, LeaseGrantRequest.newBuilder().setID(1).setTTL(60).build());
                applier.grant(batch, LeaseGrantRequest.newBuilder().setID(2).setTTL(60).build());
                applier.grant(batch, LeaseGrantRequest.newBuilder().setID(3).setTTL(60).build());
            });
            apply(store, lessor, batch -> applier.checkpoint(batch, checkpoints(1, 30, 2, 25, 99, 5)));
            apply(store, lessor, batch -> applier.checkpoint(batch, checkpoints(1, 20, 2, 0)));

            Lessor recovered = Lessor.recover(store, clock, 2, POLICY);

            assertThat(recovered.status(1).orElseThrow().remainingTtl()).isEqualTo(20);
            assertThat(recovered.status(1).orElseThrow().grantedTtl()).isEqualTo(60);
            assertThat(recovered.status(2).orElseThrow().remainingTtl()).isEqualTo(60);
            assertThat(recovered.status(3).orElseThrow().remainingTtl()).isEqualTo(60);
            assertThat(recovered.status(99)).isEmpty();
        }
    }

    @Test
    void aLeaseStoredWithItsTtlAloneHasNoCheckpoint() {
        try (MvccStore store = MvccStore.open(dir)) {
            Lessor lessor = new Lessor(clock, 2, POLICY);
            apply(store, lessor, batch -> batch.writeMeta(LeaseTable.metaName(7),
                    ByteBuffer.allocate(Long.BYTES).putLong(45).array()));

            Lessor recovered = Lessor.recover(store, clock, 2, POLICY);

            assertThat(recovered.status(7).orElseThrow().remainingTtl()).isEqualTo(45);
            assertThat(recovered.checkpointedTtl(7)).isZero();
        }
    }
}
