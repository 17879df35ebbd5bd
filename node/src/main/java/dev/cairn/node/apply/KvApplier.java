package dev.cairn.node.apply;

import dev.cairn.node.storage.mvcc.MvccStore;

/** Applies committed KV requests to the MVCC store. Used by the apply thread only, one batch at a time. */
public final class KvApplier {
    private final MvccStore store;
    private final LeaseAttachments leases;

    /** @param leases the lessor: a put naming a lease it does not know fails LEASE_NOT_FOUND */
    public KvApplier(MvccStore store, LeaseAttachments leases) {
        this.store = store;
        this.leases = leases;
    }

    public ApplyBatch begin() {
        return new KvApplyBatch(store.beginWrite(), leases);
    }
}
