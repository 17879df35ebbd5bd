package dev.cairn.node.apply;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds the attachments of the open request until it ends, so a request that fails part way (and is undone in the
 * store) leaves the lessor untouched too.
 */
final class PendingAttachments implements LeaseAttachments {
    private final LeaseAttachments target;
    private final Map<ByteString, Long> pending = new LinkedHashMap<>();

    PendingAttachments(LeaseAttachments target) {
        this.target = target;
    }

    @Override
    public boolean exists(long leaseId) {
        return target.exists(leaseId);
    }

    @Override
    public void attach(ByteString key, long leaseId) {
        pending.put(key, leaseId);
    }

    void publish() {
        pending.forEach(target::attach);
        pending.clear();
    }

    void discard() {
        pending.clear();
    }
}
