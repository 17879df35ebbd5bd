package dev.cairn.node.peer;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.etcdserverpb.MemberPromoteRequest;
import dev.cairn.node.proto.etcdserverpb.MemberPromoteResponse;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Requests a follower forwards to the leader because only the leader can answer them: lease keep-alives and
 * time-to-live (only the leader's lessor tracks expiry) and learner promotion (only the leader knows how far the
 * learner's log is). Failures come back as etcd's errors.
 */
final class LeaderCalls {
    private final Function<Long, ManagedChannel> channelTo;
    private final Duration timeout;

    /** @param channelTo the channel to a peer, or null when the peer is unknown */
    LeaderCalls(Function<Long, ManagedChannel> channelTo, Duration timeout) {
        this.channelTo = channelTo;
        this.timeout = timeout;
    }

    CompletableFuture<Long> renewLease(long leaderId, long leaseId) {
        return this.<LeaseKeepAliveResponse, Long>call(leaderId, (stub, observer) -> stub.leaseRenew(
                LeaseKeepAliveRequest.newBuilder().setID(leaseId).build(), observer),
                LeaseKeepAliveResponse::getTTL);
    }

    CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(long leaderId, LeaseTimeToLiveRequest request) {
        return this.<LeaseTimeToLiveResponse, LeaseTimeToLiveResponse>call(leaderId,
                (stub, observer) -> stub.leaseTimeToLive(request, observer), response -> response);
    }

    CompletableFuture<List<Member>> promoteMember(long leaderId, long memberId) {
        return this.<MemberPromoteResponse, List<Member>>call(leaderId, (stub, observer) -> stub.memberPromote(
                MemberPromoteRequest.newBuilder().setID(memberId).build(), observer),
                MemberPromoteResponse::getMembersList);
    }

    private <R, T> CompletableFuture<T> call(long leaderId, BiConsumer<RaftPeerGrpc.RaftPeerStub, StreamObserver<R>> send,
                                             Function<R, T> result) {
        ManagedChannel channel = channelTo.apply(leaderId);
        if (channel == null) {
            return CompletableFuture.failedFuture(EtcdError.NO_LEADER.exception());
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        RaftPeerGrpc.RaftPeerStub stub = RaftPeerGrpc.newStub(channel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
        send.accept(stub, new StreamObserver<>() {
            @Override
            public void onNext(R response) {
                answer.complete(result.apply(response));
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(PeerErrors.fromForwarded(t));
            }

            @Override
            public void onCompleted() {
            }
        });
        return answer;
    }
}
