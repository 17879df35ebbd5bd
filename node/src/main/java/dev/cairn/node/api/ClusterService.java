package dev.cairn.node.api;

import dev.cairn.node.proto.etcdserverpb.ClusterGrpc;
import dev.cairn.node.proto.etcdserverpb.MemberAddRequest;
import dev.cairn.node.proto.etcdserverpb.MemberAddResponse;
import dev.cairn.node.proto.etcdserverpb.MemberListRequest;
import dev.cairn.node.proto.etcdserverpb.MemberListResponse;
import dev.cairn.node.proto.etcdserverpb.MemberPromoteRequest;
import dev.cairn.node.proto.etcdserverpb.MemberPromoteResponse;
import dev.cairn.node.proto.etcdserverpb.MemberRemoveRequest;
import dev.cairn.node.proto.etcdserverpb.MemberRemoveResponse;
import dev.cairn.node.proto.etcdserverpb.MemberUpdateRequest;
import dev.cairn.node.proto.etcdserverpb.MemberUpdateResponse;
import dev.cairn.node.server.EtcdNode;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;

/**
 * etcd's Cluster service. Changes go through the Raft log as membership entries and answer once applied; every
 * response header carries no revision, as etcd's.
 */
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
                .setHeader(node.header(0))
                .addAllMembers(node.membership().members())
                .build(), observer);
    }

    @Override
    public void memberAdd(MemberAddRequest request, StreamObserver<MemberAddResponse> observer) {
        responder.reply(node.membershipChanges().add(request.getPeerURLsList(), request.getIsLearner()),
                added -> MemberAddResponse.newBuilder()
                        .setHeader(node.header(0))
                        .setMember(added.member())
                        .addAllMembers(added.members())
                        .build(), observer);
    }

    @Override
    public void memberRemove(MemberRemoveRequest request, StreamObserver<MemberRemoveResponse> observer) {
        responder.reply(node.membershipChanges().remove(request.getID()), members -> MemberRemoveResponse.newBuilder()
                .setHeader(node.header(0))
                .addAllMembers(members)
                .build(), observer);
    }

    @Override
    public void memberUpdate(MemberUpdateRequest request, StreamObserver<MemberUpdateResponse> observer) {
        responder.reply(node.membershipChanges().update(request.getID(), request.getPeerURLsList()),
                members -> MemberUpdateResponse.newBuilder()
                        .setHeader(node.header(0))
                        .addAllMembers(members)
                        .build(), observer);
    }

    @Override
    public void memberPromote(MemberPromoteRequest request, StreamObserver<MemberPromoteResponse> observer) {
        responder.reply(node.promoteMember(request.getID()), members -> MemberPromoteResponse.newBuilder()
                .setHeader(node.header(0))
                .addAllMembers(members)
                .build(), observer);
    }
}
