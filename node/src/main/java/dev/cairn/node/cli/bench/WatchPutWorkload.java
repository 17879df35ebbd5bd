package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;

/**
 * The puts behind the watch load: put {@code i} writes key {@code <root><i mod prefixes>/<i>} with a value stamped
 * with its send time and index, and tells the ledger the revision it was acknowledged with.
 */
final class WatchPutWorkload implements Workload {
    private final WatchLedger ledger;
    private final String root;
    private final double rate;
    private final int valSize;

    WatchPutWorkload(WatchLedger ledger, String root, double rate, int valSize) {
        if (valSize < WatchLedger.STAMP_BYTES) {
            throw new IllegalArgumentException("values must hold the " + WatchLedger.STAMP_BYTES + "-byte stamp");
        }
        this.ledger = ledger;
        this.root = root;
        this.rate = rate;
        this.valSize = valSize;
    }

    /** The key prefix watched by the watchers of prefix number {@code prefix}. */
    static String prefixKey(String root, int prefix) {
        return root + prefix + "/";
    }

    @Override
    public String op() {
        return "put";
    }

    @Override
    public LoadSize size() {
        return new LoadSize(ledger.puts(), 0, rate);
    }

    @Override
    public ListenableFuture<?> issue(KVGrpc.KVFutureStub stub, long index) {
        ByteString key = ByteString.copyFromUtf8(prefixKey(root, WatchLedger.prefixOfPut(index, ledger.prefixes()))
                + index);
        ByteString value = WatchLedger.stampedValue(System.nanoTime(), index, valSize);
        ListenableFuture<PutResponse> reply = stub.put(PutRequest.newBuilder().setKey(key).setValue(value).build());
        Futures.addCallback(reply, new FutureCallback<>() {
            @Override
            public void onSuccess(PutResponse response) {
                ledger.acknowledged(index, response.getHeader().getRevision());
            }

            @Override
            public void onFailure(Throwable failure) {
                // Counted by the load runner; the ledger treats an unacknowledged put as owed to nobody.
            }
        }, MoreExecutors.directExecutor());
        return reply;
    }
}
