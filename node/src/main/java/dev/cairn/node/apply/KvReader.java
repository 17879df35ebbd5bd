package dev.cairn.node.apply;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.storage.mvcc.KeyRange;
import dev.cairn.node.storage.mvcc.MvccReadView;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.mvcc.RangeResult;

/** Serves Range and read-only Txn from the store's published state. Thread-safe. */
public final class KvReader {
    private static final int READ_ATTEMPTS = 8;

    private final MvccStore store;

    public KvReader(MvccStore store) {
        this.store = store;
    }

    public RangeResponse range(RangeRequest r) {
        return RangeExecutor.range(store, r);
    }

    /**
     * A txn whose ops are all Ranges, read at one revision throughout.
     *
     * @throws IllegalArgumentException if some op would write: such a txn must go through Raft
     */
    public TxnResponse readOnlyTxn(TxnRequest r) {
        if (!TxnExecutor.isReadOnly(r)) {
            throw new IllegalArgumentException("txn with writes given to the read path");
        }
        for (int attempt = 1; ; attempt++) {
            PinnedView view = new PinnedView(store, store.currentRevision());
            try {
                TxnResponse response = TxnExecutor.execute(view, r, REJECT_WRITES);
                return response.toBuilder().setHeader(ResponseHeader.newBuilder().setRevision(view.revision()))
                        .build();
            } catch (EtcdException e) {
                // A compaction past the pinned revision committed meanwhile: read again at the newer state.
                if (e.error() != EtcdError.COMPACTED || attempt == READ_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static final TxnExecutor.Writes REJECT_WRITES = new TxnExecutor.Writes() {
        @Override
        public PutResponse put(PutRequest r) {
            throw new IllegalStateException("put in a read-only txn");
        }

        @Override
        public DeleteRangeResponse deleteRange(DeleteRangeRequest r) {
            throw new IllegalStateException("delete in a read-only txn");
        }
    };

    /** The store as of one revision, so every read of a txn agrees even while batches are published. */
    private record PinnedView(MvccReadView store, long revision) implements MvccReadView {
        @Override
        public RangeResult range(KeyRange range, long atRevision, long limit, boolean countOnly) {
            if (atRevision > revision) {
                throw EtcdError.FUTURE_REV.exception();
            }
            RangeResult result = store.range(range, atRevision <= 0 ? revision : atRevision, limit, countOnly);
            return new RangeResult(result.kvs(), result.count(), revision);
        }
    }
}
