package dev.cairn.node.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.etcdserverpb.MemberListResponse;
import dev.cairn.node.proto.raft.ConfChange;
import dev.cairn.node.proto.raft.MemberAttributes;
import dev.cairn.node.proto.raft.MemberAttributesUpdate;
import dev.cairn.node.raft.ConfState;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.mvcc.MvccWriteBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's members as the applied log defines them, with this member's and the cluster's ids. Changed only
 * by the apply thread through conf-change entries and persisted with the state they belong to (same RocksDB
 * batch), read by any thread.
 */
public final class Membership {
    static final String MEMBERS_META = "members";
    static final String CLUSTER_ID_META = "cluster_id";
    static final String LOCAL_ID_META = "local_member_id";
    static final String REMOVED_META = "removed_members";
    /** etcd 3.4 allows one learner at a time. */
    private static final int MAX_LEARNERS = 1;

    private final long localId;
    private final long clusterId;
    private volatile Map<Long, Member> members;
    private volatile Set<Long> removed;

    private Membership(long localId, long clusterId, Map<Long, Member> members, Set<Long> removed) {
        this.localId = localId;
        this.clusterId = clusterId;
        this.members = members;
        this.removed = Set.copyOf(removed);
    }

    /**
     * A member about to bootstrap or join a cluster: ids known, no member applied yet. The ids are written to the
     * store at once, so a restart before the first entry is applied still knows who this member is.
     */
    static Membership create(MvccStore store, long localId, long clusterId) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.writeMeta(CLUSTER_ID_META, toBytes(clusterId));
            batch.writeMeta(LOCAL_ID_META, toBytes(localId));
            batch.commit(store.consistentIndex());
        }
        store.syncToDisk();
        return new Membership(localId, clusterId, new TreeMap<>(Long::compareUnsigned), Set.of());
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
        Set<Long> removed = store.readMeta(REMOVED_META).map(Membership::decodeIds).orElse(Set.of());
        return Optional.of(new Membership(toLong(local.get()), toLong(cluster.get()), members, removed));
    }

    /** Re-reads the members and removed ids after the store was replaced by a snapshot; the ids stay. */
    void reload(MvccStore store) {
        Map<Long, Member> reloaded = new TreeMap<>(Long::compareUnsigned);
        store.readMeta(MEMBERS_META).ifPresent(bytes -> decode(bytes).forEach(m -> reloaded.put(m.getID(), m)));
        removed = store.readMeta(REMOVED_META).map(Membership::decodeIds).orElse(Set.of());
        members = reloaded;
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

    /**
     * Why a committed conf change must not take effect (etcd's ValidateConfigurationChange), or empty when it may.
     * Every member decides this at the same log position, so all of them agree.
     */
    Optional<EtcdError> check(ConfChange change) {
        long id = change.getMemberId();
        if (removed.contains(id)) {
            return Optional.of(EtcdError.MEMBER_NOT_FOUND);
        }
        Member current = members.get(id);
        return switch (change.getType()) {
            case ADD_VOTER, ADD_LEARNER -> {
                if (current != null) {
                    yield Optional.of(EtcdError.MEMBER_EXISTS);
                }
                if (peerUrlTaken(change.getMember().getPeerUrlsList(), 0)) {
                    yield Optional.of(EtcdError.PEER_URL_EXISTS);
                }
                boolean learner = change.getType() == ConfChange.Type.ADD_LEARNER;
                yield learner && learnerCount() + 1 > MAX_LEARNERS ? Optional.of(EtcdError.TOO_MANY_LEARNERS)
                        : Optional.empty();
            }
            case PROMOTE -> current == null ? Optional.of(EtcdError.MEMBER_NOT_FOUND)
                    : current.getIsLearner() ? Optional.empty() : Optional.of(EtcdError.MEMBER_NOT_LEARNER);
            case REMOVE -> current == null ? Optional.of(EtcdError.MEMBER_NOT_FOUND) : Optional.empty();
            case UPDATE -> current == null ? Optional.of(EtcdError.MEMBER_NOT_FOUND)
                    : peerUrlTaken(change.getMember().getPeerUrlsList(), id) ? Optional.of(EtcdError.PEER_URL_EXISTS)
                    : Optional.empty();
            case UNRECOGNIZED -> throw new IllegalStateException("conf change of unknown type " + change.getTypeValue());
        };
    }

    /**
     * Applies one committed conf change that passed {@link #check} and writes the result into the same batch as
     * the rest of the state.
     */
    void apply(ConfChange change, ApplyBatch batch) {
        Map<Long, Member> next = new TreeMap<>(Long::compareUnsigned);
        next.putAll(members);
        long id = change.getMemberId();
        switch (change.getType()) {
            case ADD_VOTER, ADD_LEARNER -> next.put(id, toMember(id, change.getMember(),
                    change.getType() == ConfChange.Type.ADD_LEARNER));
            case UPDATE -> next.put(id, next.get(id).toBuilder()
                    .clearPeerURLs().addAllPeerURLs(change.getMember().getPeerUrlsList()).build());
            case PROMOTE -> next.put(id, next.get(id).toBuilder().setIsLearner(false).build());
            case REMOVE -> {
                next.remove(id);
                Set<Long> nextRemoved = new TreeSet<>(removed);
                nextRemoved.add(id);
                removed = Set.copyOf(nextRemoved);
                batch.writeMeta(REMOVED_META, encodeIds(nextRemoved));
            }
            case UNRECOGNIZED -> throw new IllegalStateException("conf change of unknown type " + change.getTypeValue());
        }
        members = next;
        batch.writeMeta(MEMBERS_META, encode(next.values()));
        batch.writeMeta(CLUSTER_ID_META, toBytes(clusterId));
        batch.writeMeta(LOCAL_ID_META, toBytes(localId));
    }

    /** True once the member was removed: it may never come back under the same id (etcd's rule). */
    public boolean isRemoved(long id) {
        return removed.contains(id);
    }

    /** The voters and learners the Raft core must know, as this membership defines them. */
    public ConfState confState() {
        return confStateOf(members.values());
    }

    /** The configuration a stored member list (as {@link #MEMBERS_META} holds it) describes. */
    static ConfState confStateOf(byte[] storedMembers) {
        return confStateOf(decode(storedMembers));
    }

    private static ConfState confStateOf(Iterable<Member> members) {
        Set<Long> voters = new TreeSet<>();
        Set<Long> learners = new TreeSet<>();
        members.forEach(m -> (m.getIsLearner() ? learners : voters).add(m.getID()));
        return new ConfState(voters, learners);
    }

    private boolean peerUrlTaken(List<String> urls, long exceptMember) {
        return members.values().stream().filter(m -> m.getID() != exceptMember)
                .flatMap(m -> m.getPeerURLsList().stream()).anyMatch(urls::contains);
    }

    private long learnerCount() {
        return members.values().stream().filter(Member::getIsLearner).count();
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

    private static byte[] encodeIds(Set<Long> ids) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * ids.size());
        ids.forEach(buffer::putLong);
        return buffer.array();
    }

    private static Set<Long> decodeIds(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Set<Long> ids = new TreeSet<>();
        while (buffer.remaining() >= 8) {
            ids.add(buffer.getLong());
        }
        return Set.copyOf(ids);
    }

    static byte[] toBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static long toLong(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
