package dev.cairn.node.apply;

import dev.cairn.node.proto.etcdserverpb.CompactionRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.proto.mvccpb.Event;
import java.util.List;

/**
 * The apply thread's view of one group of committed entries. Requests are applied in order, each seeing the ones
 * before; a request that fails with an {@link dev.cairn.node.error.EtcdException} leaves nothing behind. Nothing is
 * visible to readers or durable until {@link #commit(long)}.
 */
public interface ApplyBatch extends AutoCloseable {
    PutResponse put(PutRequest r);

    DeleteRangeResponse deleteRange(DeleteRangeRequest r);

    TxnResponse txn(TxnRequest r);

    CompactResult compact(CompactionRequest r);

    void writeMeta(String name, byte[] value);

    void deleteMeta(String name);

    /** The changes applied so far, in revision order, as watch events without prev_kv. */
    List<Event> events();

    /** Writes the batch and the consistent index in one atomic RocksDB write, then publishes it to readers. */
    void commit(long consistentIndex);

    /** Abandons the batch unless it was committed. */
    @Override
    void close();
}
