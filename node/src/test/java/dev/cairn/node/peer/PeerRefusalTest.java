package dev.cairn.node.peer;

import static dev.cairn.node.peer.PeerTestSupport.CLUSTER;
import static dev.cairn.node.peer.PeerTestSupport.heartbeat;
import static dev.cairn.node.peer.PeerTestSupport.heartbeats;
import static dev.cairn.node.peer.PeerTestSupport.settings;
import static dev.cairn.node.peer.PeerTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.raft.PeerAck;
import dev.cairn.node.proto.raft.RaftMessage;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import dev.cairn.node.raft.Message;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the peer service refuses, with etcd's texts, what the sending side makes of it, and the Members RPC. */
class PeerRefusalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<PeerTransport> started = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(PeerTransport::close);
        channels.forEach(ManagedChannel::shutdownNow);
    }

    private PeerTransport start(long id, long clusterId, RecordingHost host) throws IOException {
        PeerTransport transport = PeerTransport.start(settings(id, clusterId, "http", 0, Optional.empty(),
                dir.resolve("snap-" + id), 4096), host);
        started.add(transport);
        return transport;
    }

    /** Sends the messages on one raw Send stream and returns how the stream ended. */
    private Status sendRaw(PeerTransport to, RaftMessage... messages) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + to.ports().get(0)).usePlaintext().build();
        channels.add(channel);
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<RaftMessage> stream = RaftPeerGrpc.newStub(channel).send(new StreamObserver<>() {
            @Override
            public void onNext(PeerAck ack) {
            }

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
            }
        });
        for (RaftMessage message : messages) {
            stream.onNext(message);
        }
        stream.onCompleted();
        return end.get(20, TimeUnit.SECONDS);
    }

    private static RaftMessage wire(Message message, long clusterId) {
        return RaftMessageCodec.toProto(message, clusterId);
    }

    @Test
    void aMessageFromAnotherClusterEndsTheStreamWithEtcdsText() throws Exception {
        RecordingHost host = new RecordingHost();
        PeerTransport b = start(2, CLUSTER, host);

        Status status = sendRaw(b, wire(heartbeat(1, 2, 0), CLUSTER), wire(heartbeat(1, 2, 1), CLUSTER + 1),
                wire(heartbeat(1, 2, 2), CLUSTER));

        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getDescription()).isEqualTo("cluster ID mismatch");
        assertThat(host.contextsFrom(1)).containsExactly(0L);
    }

    @Test
    void aTransportOfAnotherClusterIsRefusedAndReportsThePeerUnreachable() throws Exception {
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, CLUSTER + 1, hostA);
        PeerTransport b = start(2, CLUSTER, hostB);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));

        a.send(heartbeats(1, 2, 0, 3));

        await().atMost(WAIT).until(() -> hostA.unreachableCount(2) >= 1);
        assertThat(hostB.receiveCalls).hasValue(0);
        assertThat(hostA.removedFromCluster).hasValue(0);
    }

    @Test
    void aRemovedMemberIsToldSoWithEtcdsTextAndItsTransportReportsItOnce() throws Exception {
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        RecordingHost hostC = new RecordingHost();
        PeerTransport a = start(1, CLUSTER, hostA);
        PeerTransport b = start(2, CLUSTER, hostB);
        PeerTransport c = start(3, CLUSTER, hostC);
        hostB.removed.add(1L);
        hostC.removed.add(1L);

        Status status = sendRaw(b, wire(heartbeat(1, 2, 0), CLUSTER));
        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getDescription()).isEqualTo("the member has been permanently removed from the cluster");

        a.updatePeers(Map.of(2L, List.of(url("http", b)), 3L, List.of(url("http", c))));
        for (int round = 0; round < 5; round++) {
            a.send(List.of(heartbeat(1, 2, round), heartbeat(1, 3, round)));
        }
        await().atMost(WAIT).until(() -> hostA.removedFromCluster.get() == 1);
        // Both peers keep refusing; the host hears it once.
        a.send(List.of(heartbeat(1, 2, 9), heartbeat(1, 3, 9)));
        await().atMost(WAIT).until(() -> hostB.receiveCalls.get() == 0 && hostC.receiveCalls.get() == 0
                && a.queued(2) == 0 && a.queued(3) == 0);
        assertThat(hostA.removedFromCluster).hasValue(1);
    }

    @Test
    void messagesForAnotherMemberAndSnapshotsOnSendAreRefused() throws Exception {
        PeerTransport b = start(2, CLUSTER, new RecordingHost());

        Status wrongTarget = sendRaw(b, wire(heartbeat(1, 3, 0), CLUSTER));
        assertThat(wrongTarget.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(wrongTarget.getDescription()).isEqualTo("to field mismatch");

        Status snapshot = sendRaw(b, wire(heartbeat(1, 2, 0), CLUSTER).toBuilder()
                .setType(dev.cairn.node.proto.raft.MessageType.SNAPSHOT).build());
        assertThat(snapshot.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(snapshot.getDescription()).isEqualTo("snapshots are sent with InstallSnapshot, not Send");

        Status unknownType = sendRaw(b, wire(heartbeat(1, 2, 0), CLUSTER).toBuilder().setTypeValue(77).build());
        assertThat(unknownType.getDescription()).isEqualTo("invalid raft message: unknown raft message type 77");

        assertThat(sendRaw(b, wire(heartbeat(1, 2, 0), CLUSTER))).isEqualTo(Status.OK);
    }

    @Test
    void membersAreFetchedFromTheFirstUrlThatAnswers() throws Exception {
        RecordingHost host = new RecordingHost();
        Member member = Member.newBuilder().setID(0x8e9e05c52164694dL).setName("m1")
                .addPeerURLs("http://10.0.0.1:2380").addPeerURLs("http://10.0.0.2:2380")
                .addClientURLs("http://10.0.0.1:2379").build();
        Member joining = Member.newBuilder().setID(0x1234L).addPeerURLs("http://10.0.0.3:2380").build();
        host.members = List.of(member, joining);
        PeerTransport b = start(2, CLUSTER, host);
        URI dead = URI.create("http://127.0.0.1:" + PeerTestSupport.unusedPort());

        ClusterInfo cluster = PeerDirectory.fetchCluster(List.of(dead, URI.create(url("http", b))), Optional.empty(),
                Duration.ofSeconds(5));

        assertThat(cluster.clusterId()).isEqualTo(CLUSTER);
        assertThat(cluster.members()).containsExactly(member, joining);
        assertThat(cluster.memberWithPeerUrls(List.of("http://10.0.0.2:2380", "http://10.0.0.1:2380")))
                .contains(member);
        assertThat(cluster.memberWithPeerUrls(List.of("http://10.0.0.3:2380"))).contains(joining);
        assertThat(cluster.memberWithPeerUrls(List.of("http://10.0.0.1:2380"))).isEmpty();
    }

    @Test
    void fetchingMembersFailsWithEtcdsMessageWhenNoUrlAnswers() {
        URI dead = URI.create("http://127.0.0.1:" + PeerTestSupport.unusedPort());
        assertThatThrownBy(() -> PeerDirectory.fetchCluster(List.of(dead, URI.create("https://127.0.0.1:2380")),
                Optional.empty(), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot fetch cluster info from peer urls: could not retrieve cluster "
                        + "information from the given URLs (" + dead + ": UNAVAILABLE")
                .hasMessageEndingWith("; peer URL https://127.0.0.1:2380 needs peer TLS (--peer-cert-file and "
                        + "--peer-key-file, or --peer-auto-tls))");
    }
}
