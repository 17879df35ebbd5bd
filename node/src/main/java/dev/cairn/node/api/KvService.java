package dev.cairn.node.api;

import dev.cairn.node.apply.CompactResult;
import dev.cairn.node.apply.RequestValidator;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.etcdserverpb.CompactionRequest;
import dev.cairn.node.proto.etcdserverpb.CompactionResponse;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.SpaceQuota;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;

/**
 * etcd's KV service. Writes are validated here (etcd's errors before anything reaches the log), proposed, and
 * answered once applied; linearizable reads wait for a ReadIndex point, serializable reads are served at once.
 */
final class KvService extends KVGrpc.KVImplBase {
    private final EtcdNode node;
    private final Responder responder;
    private final int maxTxnOps;
    private final int maxRequestBytes;

    KvService(EtcdNode node, Responder responder, int maxTxnOps, int maxRequestBytes) {
        this.node = node;
        this.responder = responder;
        this.maxTxnOps = maxTxnOps;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
        try {
            RequestValidator.validate(request);
        } catch (EtcdException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        if (request.getSerializable()) {
            responder.reply(CompletableFuture.completedFuture(null), ignored -> withHeader(node.reader().range(request)), observer);
        } else {
            responder.reply(node.linearizableBarrier(), ignored -> withHeader(node.reader().range(request)), observer);
        }
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> observer) {
        propose(request.getSerializedSize(), () -> {
                    node.checkSpace(SpaceQuota.cost(request));
                    RequestValidator.validate(request);
                },
                InternalRequest.newBuilder().setPut(request), (PutResponse r) -> r.toBuilder()
                        .setHeader(node.header(r.getHeader().getRevision())).build(), observer);
    }

    @Override
    public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
        propose(request.getSerializedSize(), () -> RequestValidator.validate(request),
                InternalRequest.newBuilder().setDeleteRange(request), (DeleteRangeResponse r) -> r.toBuilder()
                        .setHeader(node.header(r.getHeader().getRevision())).build(), observer);
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
        if (isReadOnly(request)) {
            try {
                RequestValidator.validate(request, maxTxnOps);
            } catch (EtcdException e) {
                observer.onError(GrpcErrors.toStatus(e));
                return;
            }
            responder.reply(node.linearizableBarrier(), ignored -> withHeader(node.reader().readOnlyTxn(request)), observer);
            return;
        }
        propose(request.getSerializedSize(), () -> {
                    node.checkSpace(SpaceQuota.cost(request));
                    RequestValidator.validate(request, maxTxnOps);
                },
                InternalRequest.newBuilder().setTxn(request), this::withHeader, observer);
    }

    @Override
    public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
        CompletableFuture<CompactResult> applied = node.propose(InternalRequest.newBuilder().setCompaction(request))
                .thenApply(CompactResult.class::cast);
        CompletableFuture<CompactionResponse> answered = request.getPhysical()
                ? applied.thenCompose(result -> result.physicalDone().thenApply(done -> result.response()))
                : applied.thenApply(CompactResult::response);
        responder.reply(answered, r -> r.toBuilder().setHeader(node.header(r.getHeader().getRevision())).build(), observer);
    }

    private interface Validation {
        void run();
    }

    @SuppressWarnings("unchecked")
    private <R> void propose(int requestBytes, Validation validation, InternalRequest.Builder internal,
                             java.util.function.Function<R, R> addHeader, StreamObserver<R> observer) {
        try {
            if (requestBytes > maxRequestBytes) {
                throw EtcdError.REQUEST_TOO_LARGE.exception();
            }
            validation.run();
        } catch (EtcdException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        Responder.replyDirectly(node.propose(internal), result -> addHeader.apply((R) result), observer);
    }

    private RangeResponse withHeader(RangeResponse response) {
        return response.toBuilder().setHeader(node.header(response.getHeader().getRevision())).build();
    }

    private TxnResponse withHeader(TxnResponse response) {
        return response.toBuilder().setHeader(node.header(response.getHeader().getRevision())).build();
    }

    /** A txn that only reads in both branches, nested ones included, needs no log entry. */
    static boolean isReadOnly(TxnRequest txn) {
        return txn.getSuccessList().stream().allMatch(KvService::isReadOnly)
                && txn.getFailureList().stream().allMatch(KvService::isReadOnly);
    }

    private static boolean isReadOnly(RequestOp op) {
        return switch (op.getRequestCase()) {
            case REQUEST_RANGE -> true;
            case REQUEST_TXN -> isReadOnly(op.getRequestTxn());
            default -> false;
        };
    }
}
