package dev.cairn.node.peer;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.raft.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A member's side of the transport for tests: records what arrives and what is reported. */
final class RecordingHost implements PeerHost {
    /** Prepares the snapshot for a SNAPSHOT message. */
    interface Source {
        PreparedSnapshot prepare(Message message) throws IOException;
    }

    /** Takes a received snapshot; throwing refuses it. */
    interface Receiver {
        void accept(Message message, Path stagingDir) throws IOException;
    }

    record ReceivedSnapshot(Message message, Path stagingDir) {
    }

    final Queue<Message> received = new ConcurrentLinkedQueue<>();
    final Queue<ReceivedSnapshot> snapshots = new ConcurrentLinkedQueue<>();
    final Set<Long> removed = ConcurrentHashMap.newKeySet();
    final Map<Long, AtomicInteger> unreachable = new ConcurrentHashMap<>();
    final Map<Long, Queue<Boolean>> snapshotsSent = new ConcurrentHashMap<>();
    final AtomicInteger removedFromCluster = new AtomicInteger();
    final AtomicLong receiveCalls = new AtomicLong();
    volatile List<Member> members = List.of();
    volatile Source source = message -> {
        throw new IOException("no snapshot source in this test");
    };
    volatile Receiver receiver = (message, dir) -> { };
    /** What this member answers as leader to forwarded requests. */
    volatile CompletableFuture<Long> leaseRenewal = CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
    volatile CompletableFuture<LeaseTimeToLiveResponse> timeToLive =
            CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
    volatile CompletableFuture<List<Member>> promotion = CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());

    @Override
    public CompletableFuture<Long> renewLease(long leaseId) {
        return leaseRenewal;
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        return timeToLive;
    }

    @Override
    public CompletableFuture<List<Member>> promoteMember(long memberId) {
        return promotion;
    }

    @Override
    public void receive(Message message) {
        receiveCalls.incrementAndGet();
        received.add(message);
    }

    @Override
    public void snapshotReceived(Message message, Path stagingDir) throws IOException {
        receiver.accept(message, stagingDir);
        snapshots.add(new ReceivedSnapshot(message, stagingDir));
    }

    @Override
    public boolean isRemoved(long memberId) {
        return removed.contains(memberId);
    }

    @Override
    public List<Member> members() {
        return members;
    }

    @Override
    public PreparedSnapshot prepareSnapshot(Message message) throws IOException {
        return source.prepare(message);
    }

    @Override
    public void onUnreachable(long peerId) {
        unreachable.computeIfAbsent(peerId, id -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onSnapshotSent(long peerId, boolean success) {
        snapshotsSent.computeIfAbsent(peerId, id -> new ConcurrentLinkedQueue<>()).add(success);
    }

    @Override
    public void onRemovedFromCluster() {
        removedFromCluster.incrementAndGet();
    }

    int unreachableCount(long peerId) {
        AtomicInteger count = unreachable.get(peerId);
        return count == null ? 0 : count.get();
    }

    /** The contexts of the messages received from {@code from}, in arrival order. */
    List<Long> contextsFrom(long from) {
        return received.stream().filter(m -> m.from() == from).map(Message::context).toList();
    }
}
