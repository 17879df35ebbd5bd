package dev.cairn.node.api;

import dev.cairn.node.lease.LeaseCheckpointPolicy;
import dev.cairn.node.lease.ManualClock;
import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lease checkpoints across a restart of one in-process member whose lease clock the test steps. After a restart the
 * member leads a new term and, as etcd's Promote, adds one election timeout (1 s here) to every lease.
 */
class LeaseCheckpointRestartTest {
    private static final LeaseCheckpointPolicy EVERY_10_S = LeaseCheckpointPolicy.every(Duration.ofSeconds(10));
    private static final long ELECTION_TIMEOUT_SECONDS = 1;

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private InProcessMember member;
    private Client client;
    private Lease lease;

    private void start(LeaseCheckpointPolicy checkpoints) throws Exception {
        member = InProcessMember.start(dataDir, clock, checkpoints);
        client = Client.builder().endpoints(member.endpoint()).build();
        lease = client.getLeaseClient();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (member != null) {
            member.close();
            member = null;
        }
    }

    private void restart(LeaseCheckpointPolicy checkpoints) throws Exception {
        stop();
        start(checkpoints);
    }

    private LeaseTimeToLiveResponse timeToLive(long id) throws Exception {
        return lease.timeToLive(id, LeaseOption.DEFAULT).get();
    }

    private void awaitCheckpoint(long id, long remainingTtl) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> member.node().lessor().checkpointedTtl(id) == remainingTtl);
    }

    @Test
    void aRestartResumesALeaseFromItsPeriodicCheckpoint() throws Exception {
        start(EVERY_10_S);
        long id = lease.grant(60).get().getID();
        clock.advance(Duration.ofSeconds(40));
        awaitCheckpoint(id, 20);

        restart(EVERY_10_S);

        LeaseTimeToLiveResponse ttl = timeToLive(id);
        assertThat(ttl.getTTL()).isEqualTo(20 + ELECTION_TIMEOUT_SECONDS);
        assertThat(ttl.getGrantedTTL()).isEqualTo(60);
    }

    @Test
    void aKeepAliveAfterACheckpointBringsTheFullTtlBackAfterARestart() throws Exception {
        start(EVERY_10_S);
        long id = lease.grant(60).get().getID();
        clock.advance(Duration.ofSeconds(40));
        awaitCheckpoint(id, 20);

        assertThat(lease.keepAliveOnce(id).get().getTTL()).isEqualTo(60);
        assertThat(member.node().lessor().checkpointedTtl(id)).isZero(); // cleared before the keep-alive answered
        restart(EVERY_10_S);

        assertThat(timeToLive(id).getTTL()).isEqualTo(60 + ELECTION_TIMEOUT_SECONDS);
    }

    @Test
    void theKeepAliveStreamAnswersACheckpointedLeaseAfterClearingItAndThenEnds() throws Exception {
        start(EVERY_10_S);
        long id = lease.grant(60).get().getID();
        clock.advance(Duration.ofSeconds(40));
        awaitCheckpoint(id, 20);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext().build();
        try {
            LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel).leaseKeepAlive(
                    new StreamObserver<>() {
                        @Override
                        public void onNext(LeaseKeepAliveResponse value) {
                            answers.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            answers.add(t);
                        }

                        @Override
                        public void onCompleted() {
                            answers.add("completed");
                        }
                    });
            requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
            requests.onCompleted(); // arrives while the answer waits for the clearing to be applied

            LeaseKeepAliveResponse renewed = (LeaseKeepAliveResponse) answers.poll(10, TimeUnit.SECONDS);
            assertThat(renewed.getID()).isEqualTo(id);
            assertThat(renewed.getTTL()).isEqualTo(60);
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");
            assertThat(member.node().lessor().checkpointedTtl(id)).isZero();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGracefulStopCheckpointsEveryLease() throws Exception {
        start(EVERY_10_S);
        long shortLease = lease.grant(8).get().getID(); // no longer than the interval: no periodic checkpoint
        clock.advance(Duration.ofSeconds(3));

        restart(EVERY_10_S);

        assertThat(timeToLive(shortLease).getTTL()).isEqualTo(5 + ELECTION_TIMEOUT_SECONDS);
    }

    @Test
    void withCheckpointsDisabledARestartGivesTheFullTtlAgain() throws Exception {
        LeaseCheckpointPolicy disabled = LeaseCheckpointPolicy.DISABLED;
        start(disabled);
        long id = lease.grant(60).get().getID();
        clock.advance(Duration.ofSeconds(40));

        restart(disabled);

        assertThat(timeToLive(id).getTTL()).isEqualTo(60 + ELECTION_TIMEOUT_SECONDS);
    }
}
