package dev.cairn.node.linearizability;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.Compare;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;

/**
 * Runs a register command as the etcd v3 KV call a client would make: put, range of the one key, delete, and
 * compare-and-set as a txn comparing the value (or, for absence, create_revision 0) and putting on success.
 */
final class KvCommands {
    private KvCommands() {
    }

    /** Blocks for the reply; a failed call throws {@link io.grpc.StatusRuntimeException}. */
    static Reply execute(KVGrpc.KVBlockingStub kv, Command command) {
        return switch (command) {
            case Command.Put put -> {
                kv.put(putRequest(put.key(), put.value()));
                yield new Reply.Written();
            }
            case Command.Get get -> {
                RangeResponse range = kv.range(RangeRequest.newBuilder().setKey(bytes(get.key()))
                        .setSerializable(get.serializable()).build());
                yield new Reply.Observed(range.getKvsCount() == 0 ? null : range.getKvs(0).getValue().toStringUtf8());
            }
            case Command.CompareAndSet cas -> {
                Compare.Builder compare = Compare.newBuilder().setKey(bytes(cas.key()))
                        .setResult(Compare.CompareResult.EQUAL);
                if (cas.expected() == null) {
                    compare.setTarget(Compare.CompareTarget.CREATE).setCreateRevision(0);
                } else {
                    compare.setTarget(Compare.CompareTarget.VALUE).setValue(bytes(cas.expected()));
                }
                boolean succeeded = kv.txn(TxnRequest.newBuilder().addCompare(compare)
                        .addSuccess(RequestOp.newBuilder().setRequestPut(putRequest(cas.key(), cas.replacement())))
                        .build()).getSucceeded();
                yield new Reply.Swapped(succeeded);
            }
            case Command.Delete delete ->
                    new Reply.Deleted(kv.deleteRange(DeleteRangeRequest.newBuilder().setKey(bytes(delete.key()))
                            .build()).getDeleted());
        };
    }

    private static PutRequest putRequest(String key, String value) {
        return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build();
    }

    private static ByteString bytes(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
