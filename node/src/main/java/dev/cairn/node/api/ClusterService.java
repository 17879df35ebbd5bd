package dev.cairn.node.api;

import dev.cairn.node.proto.etcdserverpb.ClusterGrpc;
import dev.cairn.node.proto.etcdserverpb.MemberListRequest;
import dev.cairn.node.proto.etcdserverpb.MemberListResponse;
import dev.cairn.node.server.EtcdNode;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;

/** etcd's Cluster service; MemberList so far, membership changes answer UNIMPLEMENTED until they are built. */
final class ClusterService extends ClusterGrpc.ClusterImplBase {
    private final EtcdNode node;
    private final Responder responder;

    ClusterService(EtcdNode node, Responder responder) {
        this.node = node;
        this.responder = responder;
    }

    @Override
    public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
        CompletableFuture<Void> ready = request.getLinearizable()
                ? node.linearizableBarrier() : CompletableFuture.completedFuture(null);
        responder.reply(ready, ignored -> MemberListResponse.newBuilder()
                .setHeader(node.header(0)) // etcd's cluster RPCs carry no revision in their header
                .addAllMembers(node.membership().members())
                .build(), observer);
    }
}
