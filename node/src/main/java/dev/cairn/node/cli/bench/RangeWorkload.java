package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;

/** The same Range request repeated: one key, or {@code [key, end)} when an end is given. */
public final class RangeWorkload implements Workload {
    private final LoadSize size;
    private final RangeRequest request;

    public RangeWorkload(LoadSize size, String key, String end, boolean serializable, long limit,
            boolean countOnly, boolean keysOnly) {
        this.size = size;
        RangeRequest.Builder builder = RangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setSerializable(serializable)
                .setLimit(limit)
                .setCountOnly(countOnly)
                .setKeysOnly(keysOnly);
        if (end != null) {
            builder.setRangeEnd(ByteString.copyFromUtf8(end));
        }
        this.request = builder.build();
    }

    @Override
    public String op() {
        return "range";
    }

    @Override
    public LoadSize size() {
        return size;
    }

    RangeRequest request() {
        return request;
    }

    @Override
    public ListenableFuture<?> issue(KVGrpc.KVFutureStub stub, long index) {
        return stub.range(request);
    }
}
