package dev.cairn.node.peer;

import static dev.cairn.node.peer.PeerTestSupport.CLUSTER;
import static dev.cairn.node.peer.PeerTestSupport.heartbeat;
import static dev.cairn.node.peer.PeerTestSupport.heartbeats;
import static dev.cairn.node.peer.PeerTestSupport.sequence;
import static dev.cairn.node.peer.PeerTestSupport.settings;
import static dev.cairn.node.peer.PeerTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.MessageType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transports on loopback ports exchanging Raft messages: order, bounds, reconnection and peer changes. */
class PeerTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<PeerTransport> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(PeerTransport::close);
    }

    private PeerTransport start(long id, RecordingHost host, int port, int queueCapacity) throws IOException {
        PeerTransport transport = PeerTransport.start(settings(id, CLUSTER, "http", port, Optional.empty(),
                dir.resolve("snap-" + id), queueCapacity), host);
        started.add(transport);
        return transport;
    }

    @Test
    void requestsOnlyTheLeaderCanAnswerAreForwardedAndItsEtcdErrorsComeBackWordForWord() throws Exception {
        RecordingHost leader = new RecordingHost();
        PeerTransport follower = start(1, new RecordingHost(), 0, 16);
        PeerTransport leading = start(2, leader, 0, 16);
        follower.updatePeers(Map.of(2L, List.of(url("http", leading))));

        leader.leaseRenewal = CompletableFuture.completedFuture(42L);
        leader.timeToLive = CompletableFuture.completedFuture(
                LeaseTimeToLiveResponse.newBuilder().setID(7).setTTL(30).setGrantedTTL(60).build());
        leader.promotion = CompletableFuture.failedFuture(EtcdError.LEARNER_NOT_READY.exception());

        assertThat(follower.renewLease(2, 7).get(10, TimeUnit.SECONDS)).isEqualTo(42L);
        assertThat(follower.leaseTimeToLive(2, LeaseTimeToLiveRequest.newBuilder().setID(7).build())
                .get(10, TimeUnit.SECONDS).getTTL()).isEqualTo(30);
        assertThatThrownBy(() -> follower.promoteMember(2, 9).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(EtcdException.class)
                .hasMessage("etcdserver: can only promote a learner member which is in sync with leader");
        assertThatThrownBy(() -> follower.renewLease(3, 7).get(10, TimeUnit.SECONDS))
                .as("an unknown leader").cause().hasMessage("etcdserver: no leader");
    }

    @Test
    void twoMembersExchangeMessagesInBothDirectionsInOrder() throws Exception {
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, hostA, 0, 4096);
        PeerTransport b = start(2, hostB, 0, 4096);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));
        b.updatePeers(Map.of(1L, List.of(url("http", a))));

        for (int batch = 0; batch < 10; batch++) {
            a.send(heartbeats(1, 2, batch * 300, 300));
            b.send(heartbeats(2, 1, batch * 300, 300));
        }

        await().atMost(WAIT).until(() -> hostB.received.size() == 3000 && hostA.received.size() == 3000);
        assertThat(hostB.contextsFrom(1)).isEqualTo(sequence(0, 3000));
        assertThat(hostA.contextsFrom(2)).isEqualTo(sequence(0, 3000));
        assertThat(hostB.received.peek()).isEqualTo(heartbeat(1, 2, 0));
        assertThat(a.droppedMessages()).isZero();
        assertThat(b.droppedMessages()).isZero();
    }

    @Test
    void onAnOpenStreamSingleMessagesAndBurstsFromTwoThreadsKeepEachThreadsOrder() throws Exception {
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, new RecordingHost(), 0, 4096);
        PeerTransport b = start(2, hostB, 0, 4096);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));
        a.send(List.of(heartbeat(1, 2, -1)));
        await().atMost(WAIT).until(() -> hostB.received.size() == 1); // the stream is open: sends may write directly

        // One thread sends even sequence numbers one at a time (written by itself while the stream is ready), the
        // other odd ones in bursts of 16 KiB appends, which fill gRPC's window so that messages queue.
        Thread singles = new Thread(() -> {
            for (int i = 0; i < 4000; i += 2) {
                a.send(List.of(heartbeat(1, 2, i)));
            }
        });
        Thread bursts = new Thread(() -> {
            for (int first = 1; first < 4000; first += 200) {
                List<Message> burst = new ArrayList<>();
                for (int i = first; i < first + 200; i += 2) {
                    burst.add(new Message(MessageType.APPEND, 1, 2, 3, 3, i, List.of(new Entry(3, i + 1,
                            EntryType.NORMAL, new byte[16 * 1024])), 0, false, 0, i, null));
                }
                a.send(burst);
            }
        });
        singles.start();
        bursts.start();
        singles.join();
        bursts.join();

        await().atMost(WAIT).until(() -> hostB.received.size() == 4001);
        List<Long> received = hostB.contextsFrom(1);
        assertThat(received.stream().filter(n -> n >= 0 && n % 2 == 0).toList())
                .isEqualTo(LongStream.range(0, 4000).filter(n -> n % 2 == 0).boxed().toList());
        assertThat(received.stream().filter(n -> n % 2 == 1).toList())
                .isEqualTo(LongStream.range(0, 4000).filter(n -> n % 2 == 1).boxed().toList());
        assertThat(a.droppedMessages()).isZero();
    }

    @Test
    void threeMembersEachKeepTheOrderOfEverySender() throws Exception {
        List<RecordingHost> hosts = List.of(new RecordingHost(), new RecordingHost(), new RecordingHost());
        List<PeerTransport> transports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            transports.add(start(i + 1, hosts.get(i), 0, 4096));
        }
        Map<Long, List<String>> all = Map.of(1L, List.of(url("http", transports.get(0))),
                2L, List.of(url("http", transports.get(1))), 3L, List.of(url("http", transports.get(2))));
        transports.forEach(t -> t.updatePeers(all)); // each ignores its own id

        for (int i = 0; i < 3; i++) {
            long from = i + 1;
            for (long to = 1; to <= 3; to++) {
                if (to != from) {
                    transports.get(i).send(heartbeats(from, to, 0, 500));
                }
            }
        }

        await().atMost(WAIT).until(() -> hosts.stream().allMatch(h -> h.received.size() == 1000));
        for (int i = 0; i < 3; i++) {
            for (long from = 1; from <= 3; from++) {
                if (from != i + 1) {
                    assertThat(hosts.get(i).contextsFrom(from)).isEqualTo(sequence(0, 500));
                }
            }
        }
    }

    @Test
    void whileAPeerIsDownItsQueueStaysBoundedAndItIsReportedThenMessagesFlowWhenItReturns() throws Exception {
        int port = PeerTestSupport.unusedPort();
        RecordingHost hostA = new RecordingHost();
        PeerTransport a = start(1, hostA, 0, 16);
        a.updatePeers(Map.of(2L, List.of("http://127.0.0.1:" + port)));

        a.send(heartbeats(1, 2, 0, 100));

        assertThat(a.queued(2)).isLessThanOrEqualTo(16);
        assertThat(a.droppedMessages()).isGreaterThanOrEqualTo(84);
        // Reported once per failed attempt, attempt after attempt.
        await().atMost(WAIT).until(() -> hostA.unreachableCount(2) >= 3);
        a.send(heartbeats(1, 2, 100, 1000));
        assertThat(a.queued(2)).isEqualTo(16);
        assertThat(a.droppedMessages()).isEqualTo(100 - 16 + 1000);

        RecordingHost hostB = new RecordingHost();
        start(2, hostB, port, 4096);

        // What waited in the queue goes first, in order; then new messages follow on the same stream.
        await().atMost(WAIT).until(() -> hostB.received.size() == 16);
        assertThat(hostB.contextsFrom(1)).isEqualTo(sequence(0, 16));
        a.send(heartbeats(1, 2, 5000, 10));
        await().atMost(WAIT).until(() -> hostB.received.size() == 26);
        assertThat(hostB.contextsFrom(1).subList(16, 26)).isEqualTo(sequence(5000, 10));
        assertThat(a.queued(2)).isZero();
    }

    @Test
    void messagesToUnknownPeersAreDroppedAndCounted() throws Exception {
        PeerTransport a = start(1, new RecordingHost(), 0, 16);
        a.send(List.of(heartbeat(1, 7, 0), heartbeat(1, 8, 1)));
        assertThat(a.droppedMessages()).isEqualTo(2);
    }

    @Test
    void aRemovedPeerIsNoLongerSentToAndAnAddedOneIs() throws Exception {
        RecordingHost hostB = new RecordingHost();
        RecordingHost hostC = new RecordingHost();
        PeerTransport a = start(1, new RecordingHost(), 0, 4096);
        PeerTransport b = start(2, hostB, 0, 4096);
        PeerTransport c = start(3, hostC, 0, 4096);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));
        a.send(List.of(heartbeat(1, 2, 0), heartbeat(1, 3, 0)));
        await().atMost(WAIT).until(() -> hostB.received.size() == 1);
        assertThat(a.droppedMessages()).isEqualTo(1);

        a.updatePeers(Map.of(3L, List.of(url("http", c))));
        a.send(List.of(heartbeat(1, 2, 1), heartbeat(1, 3, 1)));

        await().atMost(WAIT).until(() -> hostC.received.size() == 1);
        assertThat(hostC.contextsFrom(1)).containsExactly(1L);
        assertThat(a.droppedMessages()).isEqualTo(2);
        assertThat(hostB.received).hasSize(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("peer-sender-2"));
    }

    @Test
    void aPeerWhoseUrlChangesIsReachedAtItsNewUrl() throws Exception {
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, new RecordingHost(), 0, 4096);
        PeerTransport b = start(2, hostB, 0, 4096);
        a.updatePeers(Map.of(2L, List.of("http://127.0.0.1:" + PeerTestSupport.unusedPort())));
        a.updatePeers(Map.of(2L, List.of(url("http", b))));
        a.send(List.of(heartbeat(1, 2, 0)));
        await().atMost(WAIT).until(() -> hostB.received.size() == 1);
    }

    @Test
    void aPeerWithSeveralUrlsIsReachedThroughAnyThatAnswers() throws Exception {
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, hostA, 0, 4096);
        PeerTransport b = start(2, hostB, 0, 4096);
        a.updatePeers(Map.of(2L, List.of("http://127.0.0.1:" + PeerTestSupport.unusedPort(), url("http", b))));
        a.send(heartbeats(1, 2, 0, 5));
        await().atMost(WAIT).until(() -> hostB.received.size() == 5);
        assertThat(hostB.contextsFrom(1)).isEqualTo(sequence(0, 5));
    }

    @Test
    void closeStopsEverythingAndLaterSendsAreDropped() throws Exception {
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, new RecordingHost(), 0, 4096);
        PeerTransport b = start(2, hostB, 0, 4096);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));
        a.send(List.of(heartbeat(1, 2, 0)));
        await().atMost(WAIT).until(() -> hostB.received.size() == 1);

        a.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("peer-sender-2"));
        a.send(List.of(heartbeat(1, 2, 1)));
        assertThat(a.droppedMessages()).isEqualTo(1);
    }
}
