package dev.cairn.node.apply;

import dev.cairn.node.storage.mvcc.MvccStore;
import java.util.function.LongPredicate;

/** Applies committed KV requests to the MVCC store. Used by the apply thread only, one batch at a time. */
public final class KvApplier {
    private final MvccStore store;
    private final LongPredicate leaseExists;

    /** @param leaseExists tells whether a lease id is granted; a put naming another lease fails LEASE_NOT_FOUND */
    public KvApplier(MvccStore store, LongPredicate leaseExists) {
        this.store = store;
        this.leaseExists = leaseExists;
    }

    public ApplyBatch begin() {
        return new KvApplyBatch(store.beginWrite(), leaseExists);
    }
}
