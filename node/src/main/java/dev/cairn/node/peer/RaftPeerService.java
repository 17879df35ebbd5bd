package dev.cairn.node.peer;

import dev.cairn.node.proto.raft.MembersRequest;
import dev.cairn.node.proto.raft.MembersResponse;
import dev.cairn.node.proto.raft.PeerAck;
import dev.cairn.node.proto.raft.RaftMessage;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import dev.cairn.node.proto.raft.SnapshotChunk;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The RaftPeer service: Raft message streams, snapshot installs and the member list, for one member. */
final class RaftPeerService extends RaftPeerGrpc.RaftPeerImplBase {
    private final long localId;
    private final long clusterId;
    private final PeerHost host;
    private final Path snapshotDir;
    private final Set<Long> snapshotSenders = ConcurrentHashMap.newKeySet();

    RaftPeerService(long localId, long clusterId, PeerHost host, Path snapshotDir) {
        this.localId = localId;
        this.clusterId = clusterId;
        this.host = host;
        this.snapshotDir = snapshotDir;
    }

    @Override
    public StreamObserver<RaftMessage> send(StreamObserver<PeerAck> response) {
        return new InboundMessages(localId, clusterId, host, response);
    }

    @Override
    public StreamObserver<SnapshotChunk> installSnapshot(StreamObserver<PeerAck> response) {
        return new SnapshotReception(localId, clusterId, host, snapshotDir, snapshotSenders, response);
    }

    @Override
    public void members(MembersRequest request, StreamObserver<MembersResponse> response) {
        response.onNext(MembersResponse.newBuilder()
                .setClusterId(clusterId)
                .addAllMembers(host.members())
                .build());
        response.onCompleted();
    }
}
