package dev.cairn.node.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.etcdserverpb.CompactionRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.storage.mvcc.MvccStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A store, applier and reader on a temp dir; each helper applies one request in its own committed batch. */
final class KvFixture implements AutoCloseable {
    final MvccStore store;
    final TestLeases leases = new TestLeases();
    final KvApplier applier;
    final KvReader reader;
    private long raftIndex;

    KvFixture(Path dir) {
        store = MvccStore.open(dir);
        applier = new KvApplier(store, leases);
        reader = new KvReader(store);
    }

    /** Granted lease ids, and the lease each key was last attached to by the write path. */
    static final class TestLeases implements LeaseAttachments {
        final Map<String, Long> attached = new HashMap<>();
        private final Set<Long> granted = new HashSet<>();

        void add(long id) {
            granted.add(id);
        }

        @Override
        public boolean exists(long leaseId) {
            return granted.contains(leaseId);
        }

        @Override
        public void attach(ByteString key, long leaseId) {
            attached.put(key.toStringUtf8(), leaseId);
        }
    }

    static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    <T> T apply(Function<ApplyBatch, T> request) {
        try (ApplyBatch batch = applier.begin()) {
            T result = request.apply(batch);
            batch.commit(++raftIndex);
            return result;
        }
    }

    PutResponse put(String key, String value) {
        return put(PutRequest.newBuilder().setKey(bs(key)).setValue(bs(value)).build());
    }

    PutResponse put(PutRequest r) {
        return apply(batch -> batch.put(r));
    }

    DeleteRangeResponse delete(DeleteRangeRequest r) {
        return apply(batch -> batch.deleteRange(r));
    }

    TxnResponse txn(TxnRequest r) {
        return apply(batch -> batch.txn(r));
    }

    CompactResult compact(long revision) {
        return apply(batch -> batch.compact(CompactionRequest.newBuilder().setRevision(revision).build()));
    }

    RangeResponse range(RangeRequest r) {
        return reader.range(r);
    }

    RangeResponse range(String key, String end) {
        return range(RangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(bs(end)).build());
    }

    static List<String> keys(List<KeyValue> kvs) {
        return kvs.stream().map(kv -> kv.getKey().toStringUtf8()).toList();
    }

    static List<String> values(List<KeyValue> kvs) {
        return kvs.stream().map(kv -> kv.getValue().toStringUtf8()).toList();
    }

    static void assertFails(EtcdError expected, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EtcdException.class,
                e -> assertThat(e.error()).isEqualTo(expected));
    }

    @Override
    public void close() {
        store.close();
    }
}
