package dev.cairn.node.process;

import java.util.HashMap;
import java.util.Map;

/**
 * Replaces member and cluster ids by names in order of first appearance ({@code <id1>}, {@code <id2>}, ...), so
 * two servers with different ids compare equal while each must still use its ids consistently: a header's
 * member_id, the member list's ID, the status' leader and the hex id in tables must all be the same member.
 * Zero is kept as is: etcd never uses 0 as an id, so a server that answers 0 shows up in the comparison.
 */
final class IdAliases {
    /** A single-member run sees two ids (member and cluster); the bound only guards against runaway output. */
    private static final int MAX_IDS = 1_000;

    private final Map<String, String> aliasByDecimalId = new HashMap<>();

    String ofDecimal(String decimal) {
        return alias(Long.toUnsignedString(Long.parseUnsignedLong(decimal)));
    }

    /** etcdctl prints ids in tables as lower-case hex without leading zeros. */
    String ofHex(String hex) {
        return alias(Long.toUnsignedString(Long.parseUnsignedLong(hex, 16)));
    }

    private String alias(String decimal) {
        if (decimal.equals("0")) {
            return "0";
        }
        if (aliasByDecimalId.size() >= MAX_IDS && !aliasByDecimalId.containsKey(decimal)) {
            throw new IllegalStateException("more than " + MAX_IDS + " distinct ids in etcdctl output");
        }
        return aliasByDecimalId.computeIfAbsent(decimal, id -> "<id" + (aliasByDecimalId.size() + 1) + ">");
    }
}
