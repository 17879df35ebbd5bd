package dev.cairn.node.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.etcdserverpb.MemberListResponse;
import dev.cairn.node.proto.raft.ConfChange;
import dev.cairn.node.proto.raft.MemberAttributes;
import dev.cairn.node.proto.raft.MemberAttributesUpdate;
import dev.cairn.node.storage.mvcc.MvccStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's members as the applied log defines them, with this member's and the cluster's ids. Changed only
 * by the apply thread through conf-change entries and persisted with the state they belong to (same RocksDB
 * batch), read by any thread.
 */
public final class Membership {
    static final String MEMBERS_META = "members";
    static final String CLUSTER_ID_META = "cluster_id";
    static final String LOCAL_ID_META = "local_member_id";

    private final long localId;
    private final long clusterId;
    private volatile Map<Long, Member> members;

    private Membership(long localId, long clusterId, Map<Long, Member> members) {
        this.localId = localId;
        this.clusterId = clusterId;
        this.members = members;
    }

    /** A member about to bootstrap a new cluster: ids known, no member applied yet. */
    static Membership forBootstrap(long localId, long clusterId) {
        return new Membership(localId, clusterId, new TreeMap<>(Long::compareUnsigned));
    }

    /** The membership a data dir holds, if it was ever bootstrapped. */
    static Optional<Membership> load(MvccStore store) {
        Optional<byte[]> local = store.readMeta(LOCAL_ID_META);
        Optional<byte[]> cluster = store.readMeta(CLUSTER_ID_META);
        if (local.isEmpty() || cluster.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Member> members = new TreeMap<>(Long::compareUnsigned);
        store.readMeta(MEMBERS_META).ifPresent(bytes -> decode(bytes).forEach(m -> members.put(m.getID(), m)));
        return Optional.of(new Membership(toLong(local.get()), toLong(cluster.get()), members));
    }

    public long localId() {
        return localId;
    }

    public long clusterId() {
        return clusterId;
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public Optional<Member> member(long id) {
        return Optional.ofNullable(members.get(id));
    }

    /** Applies one committed conf change and writes the result into the same batch as the rest of the state. */
    void apply(ConfChange change, ApplyBatch batch) {
        Map<Long, Member> next = new TreeMap<>(Long::compareUnsigned);
        next.putAll(members);
        long id = change.getMemberId();
        switch (change.getType()) {
            case ADD_VOTER, ADD_LEARNER -> next.put(id, toMember(id, change.getMember(),
                    change.getType() == ConfChange.Type.ADD_LEARNER));
            case UPDATE -> {
                Member current = next.get(id);
                if (current == null) {
                    throw new IllegalStateException("conf change updates unknown member " + Long.toHexString(id));
                }
                next.put(id, toMember(id, change.getMember(), current.getIsLearner()));
            }
            // Removal and promotion arrive with multi-member clusters; no code path of this version proposes them.
            default -> throw new IllegalStateException("conf change " + change.getType() + " is not supported by this version");
        }
        members = next;
        batch.writeMeta(MEMBERS_META, encode(next.values()));
        batch.writeMeta(CLUSTER_ID_META, toBytes(clusterId));
        batch.writeMeta(LOCAL_ID_META, toBytes(localId));
    }

    /** Records the name and client URLs a member announced once it started serving. */
    void publish(MemberAttributesUpdate update, ApplyBatch batch) {
        Member current = members.get(update.getMemberId());
        if (current == null) {
            return; // a member removed before its announcement was applied
        }
        Map<Long, Member> next = new TreeMap<>(Long::compareUnsigned);
        next.putAll(members);
        next.put(current.getID(), current.toBuilder()
                .setName(update.getAttributes().getName())
                .clearClientURLs()
                .addAllClientURLs(update.getAttributes().getClientUrlsList())
                .build());
        members = next;
        batch.writeMeta(MEMBERS_META, encode(next.values()));
    }

    static Member toMember(long id, MemberAttributes attributes, boolean learner) {
        return Member.newBuilder()
                .setID(id)
                .setName(attributes.getName())
                .addAllPeerURLs(attributes.getPeerUrlsList())
                .addAllClientURLs(attributes.getClientUrlsList())
                .setIsLearner(learner)
                .build();
    }

    static byte[] encode(Iterable<Member> members) {
        return MemberListResponse.newBuilder().addAllMembers(members).build().toByteArray();
    }

    private static List<Member> decode(byte[] bytes) {
        try {
            return new ArrayList<>(MemberListResponse.parseFrom(bytes).getMembersList());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored member list is unreadable: " + e.getMessage(), e);
        }
    }

    static byte[] toBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static long toLong(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
