package dev.cairn.node.apply;

import com.google.protobuf.ByteString;

/** The lessor as the KV write path sees it: which leases exist, and which lease each key is attached to. */
public interface LeaseAttachments {
    boolean exists(long leaseId);

    /** Records that {@code key} now belongs to {@code leaseId}; 0 detaches it (a put without lease, a delete). */
    void attach(ByteString key, long leaseId);
}
