package dev.cairn.node.api;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.AlarmMember;
import dev.cairn.node.proto.etcdserverpb.AlarmRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmResponse;
import dev.cairn.node.proto.etcdserverpb.DefragmentRequest;
import dev.cairn.node.proto.etcdserverpb.DefragmentResponse;
import dev.cairn.node.proto.etcdserverpb.HashKVRequest;
import dev.cairn.node.proto.etcdserverpb.HashKVResponse;
import dev.cairn.node.proto.etcdserverpb.HashRequest;
import dev.cairn.node.proto.etcdserverpb.HashResponse;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.MoveLeaderRequest;
import dev.cairn.node.proto.etcdserverpb.MoveLeaderResponse;
import dev.cairn.node.proto.etcdserverpb.SnapshotRequest;
import dev.cairn.node.proto.etcdserverpb.SnapshotResponse;
import dev.cairn.node.proto.etcdserverpb.StatusRequest;
import dev.cairn.node.proto.etcdserverpb.StatusResponse;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.RaftStatusView;
import dev.cairn.node.storage.mvcc.KvHash;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;

/**
 * etcd's Maintenance service: Status, Alarm, Defragment, Hash, HashKV and Snapshot; the others answer UNIMPLEMENTED. The
 * scans and the defragmentation run on the responder pool, never on the gRPC event loop.
 */
final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
    private final EtcdNode node;
    private final Responder responder;
    private final Defragmenter defragmenter;
    private final SnapshotStreamer snapshots;

    MaintenanceService(EtcdNode node, Responder responder, Defragmenter defragmenter) {
        this.node = node;
        this.responder = responder;
        this.defragmenter = defragmenter;
        this.snapshots = new SnapshotStreamer(node);
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        Responder.finish(() -> {
            RaftStatusView raft = node.raftStatus();
            StatusResponse.Builder status = StatusResponse.newBuilder()
                    .setHeader(node.header(node.store().currentRevision()))
                    .setVersion(ServerVersion.ETCD_VERSION)
                    .setDbSize(node.store().dbSizeBytes())
                    .setDbSizeInUse(node.store().dbSizeInUseBytes())
                    .setLeader(raft.leaderId())
                    .setRaftIndex(raft.commitIndex())
                    .setRaftTerm(raft.term())
                    .setRaftAppliedIndex(raft.appliedIndex())
                    .setIsLearner(raft.isLearner());
            if (!raft.hasLeader()) {
                status.addErrors(EtcdError.NO_LEADER.message());
            }
            node.alarms().active().forEach(alarm -> status.addErrors(describe(alarm)));
            return status.build();
        }, observer);
    }

    /** As etcd prints an alarm (Go's compact protobuf text, trailing space included). */
    static String describe(AlarmMember alarm) {
        return "memberID:" + Long.toUnsignedString(alarm.getMemberID()) + " alarm:" + alarm.getAlarm().name() + " ";
    }

    /** Goes through the log, as in etcd, so every member changes its alarms at the same point. */
    @Override
    public void alarm(AlarmRequest request, StreamObserver<AlarmResponse> observer) {
        responder.reply(node.propose(InternalRequest.newBuilder().setAlarm(request)), AlarmResponse.class::cast,
                observer);
    }

    /**
     * Only the leader moves leadership, and only to a voting member. With one member the only valid target is the
     * leader itself, which etcd's Raft accepts as already done; transfers to other members arrive with replication.
     */
    @Override
    public void moveLeader(MoveLeaderRequest request, StreamObserver<MoveLeaderResponse> observer) {
        responder.reply(node.moveLeader(request.getTargetID()), ignored -> MoveLeaderResponse.newBuilder()
                .setHeader(node.header(node.store().currentRevision())).build(), observer);
    }

    /** etcd answers Defragment with an empty response (no header). */
    @Override
    public void defragment(DefragmentRequest request, StreamObserver<DefragmentResponse> observer) {
        responder.reply(CompletableFuture.completedFuture(null), ignored -> {
            defragmenter.defragment();
            return DefragmentResponse.getDefaultInstance();
        }, observer);
    }

    @Override
    public void hash(HashRequest request, StreamObserver<HashResponse> observer) {
        responder.reply(CompletableFuture.completedFuture(null), ignored -> {
            long revision = node.store().currentRevision();
            int hash = node.store().hash();
            return HashResponse.newBuilder().setHeader(node.header(revision)).setHash(hash).build();
        }, observer);
    }

    /** The header carries the current revision, as etcd's, whatever revision was hashed. */
    @Override
    public void hashKV(HashKVRequest request, StreamObserver<HashKVResponse> observer) {
        responder.reply(CompletableFuture.completedFuture(null), ignored -> {
            KvHash hash = node.store().hashKv(request.getRevision());
            return HashKVResponse.newBuilder()
                    .setHeader(node.header(hash.currentRevision()))
                    .setHash(hash.hash())
                    .setCompactRevision(hash.compactRevision())
                    .build();
        }, observer);
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> observer) {
        snapshots.stream((ServerCallStreamObserver<SnapshotResponse>) observer);
    }
}
