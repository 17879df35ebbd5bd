package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertReads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Requests sent to a member that knows no leader wait for the next one instead of failing at once, as in etcd: its
 * raft node holds proposals while it has no leader, and its read loop holds linearizable reads. etcdctl and the Go
 * client do not retry a put that failed with "no leader", so failing would turn every election into failed writes.
 */
class LeaderlessRequestsProcessIT extends ClusterProcessTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    @OnEveryImpl
    void aPutToAMemberWithoutALeaderSucceedsOnceALeaderIsElected(ClusterImpl impl) throws Exception {
        Leaderless cluster = leaderless(impl);

        CompletableFuture<CommandOutput> put = CompletableFuture.supplyAsync(
                () -> cluster.survivor().ctl(REQUEST_TIMEOUT).run(List.of("put", "waited", "1"), ""));
        await("the put to wait while there is no leader").during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2)).until(() -> !put.isDone());

        cluster.hung().resume();
        CommandOutput output = put.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        assertThat(output.exitCode()).as("the put once a leader is elected: " + output.render()).isZero();
        assertThat(output.stdout()).contains("OK");
        assertReads(cluster.survivor(), "waited", "1");
    }

    /**
     * Sent over plain gRPC, which does not retry, so the member's own answer shows. etcd fails the read with "leader
     * changed" once a leader appears (its clients retry that); Cairn asks the new leader and serves it.
     */
    @OnEveryImpl
    void aLinearizableReadOnAMemberWithoutALeaderWaitsForTheNextOne(ClusterImpl impl) throws Exception {
        Leaderless cluster = leaderless(impl);
        URI client = URI.create(cluster.survivor().endpoints().clientUrl());
        ManagedChannel channel = NettyChannelBuilder.forAddress(client.getHost(), client.getPort()).usePlaintext().build();
        try {
            CompletableFuture<RangeResponse> read = CompletableFuture.supplyAsync(() -> KVGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("before")).build()));
            await("the read to wait while there is no leader").during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2)).until(() -> !read.isDone());

            cluster.hung().resume();
            if (impl == ClusterImpl.CAIRN) {
                RangeResponse response = read.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
                assertThat(response.getKvsList()).singleElement()
                        .satisfies(kv -> assertThat(kv.getValue().toStringUtf8()).isEqualTo("0"));
            } else {
                await("etcd's answer").atMost(REQUEST_TIMEOUT.plusSeconds(10)).until(read::isDone);
                assertThat(read).failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                            assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: leader changed");
                        });
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private record Leaderless(ClusterMember survivor, ClusterMember hung) {
    }

    /**
     * A 3-member cluster with the key {@code before} written, whose leader is killed and one follower paused, so the
     * other follower (the survivor) knows no leader until the paused one resumes.
     */
    private Leaderless leaderless(ClusterImpl impl) {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(3);
        ClusterMember leader = cluster.awaitLeader();
        assertThat(leader.ctl().run(List.of("put", "before", "0"), "").exitCode()).isZero();
        List<ClusterMember> followers = members.stream().filter(member -> member != leader).toList();
        ClusterMember survivor = followers.get(0);
        ClusterMember hung = followers.get(1);

        leader.kill();
        hung.pause();
        await("the survivor to give up on the dead leader").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ProcessCluster.status(survivor)
                        .map(status -> status.leaderId().equals(MemberStatus.NO_LEADER)).orElse(false));
        return new Leaderless(survivor, hung);
    }
}
