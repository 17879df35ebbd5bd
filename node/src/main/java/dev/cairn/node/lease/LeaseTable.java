package dev.cairn.node.lease;

import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.storage.mvcc.KeyRange;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.mvcc.RangeResult;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * The leases in the state store: one metadata entry per lease holding its granted TTL and the remaining TTL of its
 * latest checkpoint (0 for none). Attached keys are not stored twice: every live key carries its lease id, and the
 * attachments are rebuilt from the keys at start (as etcd).
 */
final class LeaseTable {
    private static final String PREFIX = "lease/";
    private static final int KEYS_PER_PAGE = 10_000;

    private LeaseTable() {
    }

    static String metaName(long id) {
        return PREFIX + HexFormat.of().toHexDigits(id);
    }

    static byte[] encode(long ttlSeconds, long checkpointedTtl) {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(ttlSeconds).putLong(checkpointedTtl).array();
    }

    /**
     * Restores every stored lease, expiring its checkpointed or full TTL from now, then attaches the live keys that
     * name one. An entry of the TTL alone (written before checkpoints existed) has no checkpoint.
     */
    static void recover(MvccStore store, Lessor lessor) {
        for (Map.Entry<String, byte[]> stored : store.readMetaWithPrefix(PREFIX).entrySet()) {
            long id = HexFormat.fromHexDigitsToLong(stored.getKey().substring(PREFIX.length()));
            ByteBuffer value = ByteBuffer.wrap(stored.getValue());
            long ttl = value.getLong();
            lessor.restore(id, ttl, value.hasRemaining() ? value.getLong() : 0);
        }
        byte[] from = {0};
        byte[] everything = {0};
        while (true) {
            RangeResult page = store.range(KeyRange.of(from, everything), 0, KEYS_PER_PAGE, false);
            for (KeyValue kv : page.kvs()) {
                if (kv.getLease() != 0) {
                    lessor.attach(kv.getKey(), kv.getLease());
                }
            }
            if (page.kvs().size() < KEYS_PER_PAGE) {
                return;
            }
            byte[] last = page.kvs().getLast().getKey().toByteArray();
            from = Arrays.copyOf(last, last.length + 1); // the smallest key after the last one read
        }
    }
}
