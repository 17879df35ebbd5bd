package dev.cairn.node.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * Member and cluster ids derived the way etcd derives them, so that the same flags give the same ids as etcd:
 * a member id is the first 8 bytes (big-endian) of SHA-1 over its sorted peer URLs joined without separator
 * followed by the cluster token; a cluster id is the first 8 bytes of SHA-1 over the sorted member ids, each
 * as 8 big-endian bytes. Two clusters started with different tokens never share ids.
 */
public final class MemberIds {
    private MemberIds() {
    }

    public static long memberId(List<String> peerUrls, String clusterToken) {
        String joined = String.join("", peerUrls.stream().sorted().toList()) + clusterToken;
        return firstLong(sha1(joined.getBytes(StandardCharsets.UTF_8)));
    }

    public static long clusterId(Collection<Long> memberIds) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * memberIds.size());
        memberIds.stream().sorted(Long::compareUnsigned).forEach(buffer::putLong);
        return firstLong(sha1(buffer.array()));
    }

    private static long firstLong(byte[] hash) {
        return ByteBuffer.wrap(hash, 0, 8).getLong();
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }
}
