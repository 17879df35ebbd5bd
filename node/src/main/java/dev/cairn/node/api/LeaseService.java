package dev.cairn.node.api;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.lease.Lessor;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseLeasesRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseLeasesResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseStatus;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.SpaceQuota;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * etcd's Lease service. Grant and revoke go through the log; keep-alives renew in the lessor of this member (the
 * leader), after clearing the lease's checkpoint through the log if it has one; time-to-live and the lease list are
 * read after a linearizable barrier.
 */
final class LeaseService extends LeaseGrpc.LeaseImplBase {
    private final EtcdNode node;
    private final Responder responder;

    LeaseService(EtcdNode node, Responder responder) {
        this.node = node;
        this.responder = responder;
    }

    @Override
    public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
        if (request.getTTL() > Lessor.MAX_TTL_SECONDS) {
            observer.onError(GrpcErrors.toStatus(EtcdError.LEASE_TTL_TOO_LARGE));
            return;
        }
        try {
            node.checkSpace(SpaceQuota.LEASE_GRANT_COST);
        } catch (EtcdException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        LeaseGrantRequest withId = request.getID() != 0 ? request : request.toBuilder().setID(newLeaseId()).build();
        Responder.replyDirectly(node.propose(InternalRequest.newBuilder().setLeaseGrant(withId)),
                result -> ((LeaseGrantResponse) result).toBuilder().setHeader(currentHeader()).build(), observer);
    }

    @Override
    public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
        Responder.replyDirectly(node.propose(InternalRequest.newBuilder().setLeaseRevoke(request)), result -> {
            LeaseRevokeResponse response = (LeaseRevokeResponse) result;
            return response.toBuilder().setHeader(node.header(response.getHeader().getRevision())).build();
        }, observer);
    }

    @Override
    public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
        // Answered by the leader, whose lessor alone knows the remaining TTL; the header is this member's.
        responder.reply(node.leaseTimeToLive(request),
                answer -> answer.toBuilder().setHeader(currentHeader()).build(), observer);
    }

    @Override
    public void leaseLeases(LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> observer) {
        responder.reply(node.linearizableBarrier(), ignored -> {
            LeaseLeasesResponse.Builder response = LeaseLeasesResponse.newBuilder().setHeader(currentHeader());
            node.lessor().idsByExpiry().forEach(id -> response.addLeases(LeaseStatus.newBuilder().setID(id)));
            return response.build();
        }, observer);
    }

    @Override
    public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> observer) {
        return new KeepAliveStream((ServerCallStreamObserver<LeaseKeepAliveResponse>) observer);
    }

    /**
     * One keep-alive stream. Requests are read one at a time, and the next only once the transport can take the
     * answer, so a client that sends without reading cannot make the server buffer answers without bound.
     */
    private final class KeepAliveStream implements StreamObserver<LeaseKeepAliveRequest> {
        private final ServerCallStreamObserver<LeaseKeepAliveResponse> out;
        private boolean waitingForReady;
        /** The latest request's answer; the end of the stream waits for it. gRPC calls onNext/onCompleted serially. */
        private volatile CompletableFuture<Void> lastAnswer = CompletableFuture.completedFuture(null);

        KeepAliveStream(ServerCallStreamObserver<LeaseKeepAliveResponse> out) {
            this.out = out;
            out.setOnCancelHandler(() -> { }); // answers after a cancel are dropped instead of thrown
            out.disableAutoRequest();
            out.setOnReadyHandler(this::requestNextIfWaiting);
            out.request(1);
        }

        @Override
        public void onNext(LeaseKeepAliveRequest request) {
            // As etcd, the header is taken before the renewal.
            ResponseHeader header = currentHeader();
            // Usually complete at once; when the lease's checkpoint must be cleared first, completes on the apply
            // thread. The next request is read only after this answer, so answers keep the requests' order.
            lastAnswer = node.renewLease(request.getID()).thenAccept(ttl -> {
                out.onNext(LeaseKeepAliveResponse.newBuilder().setHeader(header).setID(request.getID()).setTTL(ttl)
                        .build());
                synchronized (this) {
                    waitingForReady = true;
                }
                requestNextIfWaiting();
            });
        }

        private void requestNextIfWaiting() {
            synchronized (this) {
                if (!waitingForReady || !out.isReady()) {
                    return;
                }
                waitingForReady = false;
            }
            out.request(1);
        }

        @Override
        public void onError(Throwable t) {
            // The client went away: nothing to answer.
        }

        @Override
        public void onCompleted() {
            lastAnswer.thenRun(out::onCompleted);
        }
    }

    private ResponseHeader currentHeader() {
        return node.header(node.store().revision());
    }

    /** A server-chosen lease id: positive, never 0 (0 asks the server to choose). */
    static long newLeaseId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        } while (id == 0);
        return id;
    }
}
