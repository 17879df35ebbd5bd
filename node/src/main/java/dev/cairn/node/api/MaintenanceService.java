package dev.cairn.node.api;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.StatusRequest;
import dev.cairn.node.proto.etcdserverpb.StatusResponse;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.RaftStatusView;
import io.grpc.stub.StreamObserver;

/** etcd's Maintenance service; only Status so far, every other RPC answers UNIMPLEMENTED. */
final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
    private final EtcdNode node;

    MaintenanceService(EtcdNode node) {
        this.node = node;
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
                    .setIsLearner(false);
            if (!raft.hasLeader()) {
                status.addErrors(EtcdError.NO_LEADER.message());
            }
            return status.build();
        }, observer);
    }
}
