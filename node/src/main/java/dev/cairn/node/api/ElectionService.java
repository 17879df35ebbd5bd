package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.proto.v3electionpb.CampaignRequest;
import dev.cairn.node.proto.v3electionpb.CampaignResponse;
import dev.cairn.node.proto.v3electionpb.ElectionGrpc;
import dev.cairn.node.proto.v3electionpb.LeaderKey;
import dev.cairn.node.proto.v3electionpb.LeaderRequest;
import dev.cairn.node.proto.v3electionpb.LeaderResponse;
import dev.cairn.node.proto.v3electionpb.ProclaimRequest;
import dev.cairn.node.proto.v3electionpb.ProclaimResponse;
import dev.cairn.node.proto.v3electionpb.ResignRequest;
import dev.cairn.node.proto.v3electionpb.ResignResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * etcd's Election service: concurrency.Election run inside the member. Candidates hold {@code <name>/<lease in
 * hex>} keys; the leader is the key with the lowest create revision; a leader is named by its key and that key's
 * create revision, so a stale leader's Proclaim or Resign changes nothing.
 */
final class ElectionService extends ElectionGrpc.ElectionImplBase {
    private static final ByteString SLASH = ByteString.copyFromUtf8("/");

    private final InProcessKv kv;

    ElectionService(InProcessKv kv) {
        this.kv = kv;
    }

    @Override
    public void campaign(CampaignRequest request, StreamObserver<CampaignResponse> observer) {
        BlockingCalls.unary(observer, () -> campaign(request));
    }

    @Override
    public void proclaim(ProclaimRequest request, StreamObserver<ProclaimResponse> observer) {
        BlockingCalls.unary(observer, () -> {
            LeaderKey leader = requireLeader(request.hasLeader(), request.getLeader());
            return ProclaimResponse.newBuilder().setHeader(proclaim(leader.getKey(), leader.getRev(),
                    leader.getLease(), request.getValue())).build();
        });
    }

    @Override
    public void resign(ResignRequest request, StreamObserver<ResignResponse> observer) {
        BlockingCalls.unary(observer, () -> {
            LeaderKey leader = requireLeader(request.hasLeader(), request.getLeader());
            return ResignResponse.newBuilder().setHeader(resign(leader.getKey(), leader.getRev())).build();
        });
    }

    @Override
    public void leader(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        BlockingCalls.unary(observer, () -> {
            RangeResponse leader = kv.firstCreated(request.getName().concat(SLASH));
            if (leader.getKvsCount() == 0) {
                throw new ElectionException(ElectionException.NO_LEADER);
            }
            return LeaderResponse.newBuilder().setHeader(leader.getHeader()).setKv(leader.getKvs(0)).build();
        });
    }

    @Override
    public void observe(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        ReadyGate ready = new ReadyGate((ServerCallStreamObserver<LeaderResponse>) observer);
        BlockingCalls.start(observer, () -> observe(request.getName().concat(SLASH), observer, ready));
    }

    private CampaignResponse campaign(CampaignRequest request) throws InterruptedException {
        long lease = kv.sessionLease(request.getLease());
        ByteString prefix = request.getName().concat(SLASH);
        ByteString key = prefix.concat(ByteString.copyFromUtf8(InProcessKv.hex(lease)));
        TxnResponse txn = kv.txn(TxnRequest.newBuilder()
                .addCompare(InProcessKv.createRevisionIs(key, 0))
                .addSuccess(put(key, request.getValue(), lease))
                .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
                .build());
        long revision = txn.getHeader().getRevision();
        if (!txn.getSucceeded()) {
            KeyValue existing = txn.getResponses(0).getResponseRange().getKvs(0);
            revision = existing.getCreateRevision();
            if (!existing.getValue().equals(request.getValue())) {
                try {
                    proclaim(key, revision, lease, request.getValue());
                } catch (RuntimeException e) {
                    resign(key, revision);
                    throw e;
                }
            }
        }
        try {
            kv.waitDeletes(prefix, revision - 1);
        } catch (InterruptedException e) {
            kv.deleteLater(key); // etcd resigns a campaign whose context ends
            throw e;
        }
        return CampaignResponse.newBuilder().setHeader(txn.getHeader()).setLeader(LeaderKey.newBuilder()
                .setName(request.getName()).setKey(key).setRev(revision).setLease(lease)).build();
    }

    private ResponseHeader proclaim(ByteString key, long revision, long lease, ByteString value)
            throws InterruptedException {
        TxnResponse txn = kv.txn(TxnRequest.newBuilder().addCompare(InProcessKv.createRevisionIs(key, revision))
                .addSuccess(put(key, value, lease)).build());
        if (!txn.getSucceeded()) {
            throw new ElectionException(ElectionException.NOT_LEADER);
        }
        return txn.getHeader();
    }

    /** As etcd: a stale leader key resigns nothing, without an error. */
    private ResponseHeader resign(ByteString key, long revision) throws InterruptedException {
        return kv.txn(TxnRequest.newBuilder().addCompare(InProcessKv.createRevisionIs(key, revision))
                .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)))
                .build()).getHeader();
    }

    /** etcd's Election.observe: the current leader's value, then each change of it, then the next leader's. */
    private void observe(ByteString prefix, StreamObserver<LeaderResponse> observer, ReadyGate ready)
            throws InterruptedException {
        while (true) {
            RangeResponse first = kv.firstCreated(prefix);
            ResponseHeader header;
            KeyValue leader;
            if (first.getKvsCount() > 0) {
                header = first.getHeader();
                leader = first.getKvs(0);
            } else {
                leader = null;
                header = null;
                try (KeyWatch watch = kv.watch(prefix, InProcessKv.prefixEnd(prefix), first.getHeader().getRevision())) {
                    while (leader == null) {
                        WatchResponse response = watch.next();
                        for (Event event : response.getEventsList()) {
                            if (event.getType() == Event.EventType.PUT) {
                                leader = event.getKv();
                                header = response.getHeader().toBuilder().setRevision(leader.getModRevision()).build();
                                break;
                            }
                        }
                    }
                }
            }
            ready.send(observer, LeaderResponse.newBuilder().setHeader(header).setKv(leader).build());
            try (KeyWatch watch = kv.watch(leader.getKey(), ByteString.EMPTY, header.getRevision() + 1)) {
                boolean deleted = false;
                while (!deleted) {
                    WatchResponse response = watch.next();
                    for (Event event : response.getEventsList()) {
                        if (event.getType() == Event.EventType.DELETE) {
                            deleted = true;
                            break;
                        }
                        ready.send(observer, LeaderResponse.newBuilder().setHeader(response.getHeader())
                                .setKv(event.getKv()).build());
                    }
                }
            }
        }
    }

    private static RequestOp put(ByteString key, ByteString value, long lease) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(key).setValue(value)
                .setLease(lease)).build();
    }

    private static LeaderKey requireLeader(boolean present, LeaderKey leader) {
        if (!present) {
            throw new ElectionException(ElectionException.MISSING_LEADER_KEY);
        }
        return leader;
    }

    /** Sends a stream's responses only while the transport takes them, so a slow observer buffers nothing here. */
    private static final class ReadyGate {
        private final ServerCallStreamObserver<?> call;

        ReadyGate(ServerCallStreamObserver<?> call) {
            this.call = call;
            call.setOnReadyHandler(this::readyChanged);
        }

        private synchronized void readyChanged() {
            notifyAll();
        }

        synchronized <R> void send(StreamObserver<R> observer, R response) throws InterruptedException {
            while (!call.isReady()) {
                wait();
            }
            observer.onNext(response);
        }
    }
}
