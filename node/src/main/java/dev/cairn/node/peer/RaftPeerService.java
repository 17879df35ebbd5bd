package dev.cairn.node.peer;

import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.MemberPromoteRequest;
import dev.cairn.node.proto.etcdserverpb.MemberPromoteResponse;
import dev.cairn.node.proto.raft.MembersRequest;
import dev.cairn.node.proto.raft.MembersResponse;
import dev.cairn.node.proto.raft.PeerAck;
import dev.cairn.node.proto.raft.RaftMessage;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import dev.cairn.node.proto.raft.SnapshotChunk;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
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
        return new InboundMessages(localId, clusterId, host, (ServerCallStreamObserver<PeerAck>) response);
    }

    @Override
    public StreamObserver<SnapshotChunk> installSnapshot(StreamObserver<PeerAck> response) {
        return new SnapshotReception(localId, clusterId, host, snapshotDir, snapshotSenders, response);
    }

    @Override
    public void leaseRenew(LeaseKeepAliveRequest request, StreamObserver<LeaseKeepAliveResponse> response) {
        answer(host.renewLease(request.getID()), ttl -> LeaseKeepAliveResponse.newBuilder()
                .setID(request.getID()).setTTL(ttl).build(), response);
    }

    @Override
    public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> response) {
        answer(host.leaseTimeToLive(request), answer -> answer, response);
    }

    @Override
    public void memberPromote(MemberPromoteRequest request, StreamObserver<MemberPromoteResponse> response) {
        answer(host.promoteMember(request.getID()), members -> MemberPromoteResponse.newBuilder()
                .addAllMembers(members).build(), response);
    }

    private static <T, R> void answer(CompletableFuture<T> work, Function<T, R> build, StreamObserver<R> response) {
        work.whenComplete((result, failure) -> {
            if (failure != null) {
                response.onError(PeerErrors.forwardedFailure(failure).asRuntimeException());
            } else {
                response.onNext(build.apply(result));
                response.onCompleted();
            }
        });
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
