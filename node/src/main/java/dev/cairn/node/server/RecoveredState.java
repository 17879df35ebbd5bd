package dev.cairn.node.server;

import dev.cairn.node.proto.raft.ConfChange;
import dev.cairn.node.proto.raft.MemberAttributes;
import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.HardState;
import dev.cairn.node.raft.RaftConfig;
import dev.cairn.node.raft.RawNode;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.raftlog.RaftLogStorage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a data dir and rebuilds the member from it: the state store (applied up to its consistent index), the
 * Raft log (entries beyond that index are replayed) and the Raft core. A fresh data dir bootstraps a new
 * cluster from the initial-cluster setting, as etcd does: one membership entry per member, committed at term 1.
 */
record RecoveredState(MvccStore store, RaftLogStorage log, Membership membership, RawNode raft) {

    static RecoveredState open(ServerSettings settings) {
        createDir(settings.stateDir());
        createDir(settings.raftLogDir());
        MvccStore store = MvccStore.open(settings.stateDir());
        RaftLogStorage log;
        try {
            log = RaftLogStorage.open(settings.raftLogDir());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            return recover(settings, store, log);
        } catch (RuntimeException e) {
            log.close();
            store.close();
            throw e;
        }
    }

    private static RecoveredState recover(ServerSettings settings, MvccStore store, RaftLogStorage log) {
        long applied = store.consistentIndex();
        boolean fresh = applied == 0 && log.lastIndex() == 0;
        if (fresh && !settings.newCluster()) {
            throw new IllegalStateException("--initial-cluster-state=existing needs a running cluster to join; "
                    + "joining is not supported by this version of cairn yet");
        }
        if (!fresh) {
            checkLogCoversStore(settings, log, applied);
        }
        Map<String, Long> initialIds = initialMemberIds(settings);
        Membership membership = Membership.load(store).orElseGet(() -> Membership.forBootstrap(
                localIdFrom(settings, initialIds), MemberIds.clusterId(initialIds.values())));
        Set<Long> voters = new TreeSet<>();
        membership.members().stream().filter(m -> !m.getIsLearner()).forEach(m -> voters.add(m.getID()));
        if (voters.isEmpty()) {
            voters.addAll(initialIds.values()); // bootstrap entries not applied yet
        }
        if (voters.size() > 1) {
            throw new IllegalStateException("this data dir belongs to a cluster of " + voters.size()
                    + " members; clusters of more than one member are not supported by this version of cairn yet");
        }
        long appliedTerm = store.readMeta(ApplyLoop.APPLIED_TERM_META).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
        List<Entry> unapplied = log.entries().stream().filter(e -> e.index() > applied).toList();
        // A commit-only hard state is written without fsync, so after a crash it may trail what was applied;
        // everything applied was committed.
        HardState stored = log.hardState();
        HardState hardState = new HardState(stored.term(), stored.vote(), Math.max(stored.commit(), applied));
        RaftConfig defaults = RaftConfig.defaults(membership.localId());
        RaftConfig config = new RaftConfig(membership.localId(), settings.electionTicks(), 1,
                defaults.maxCommittedBytesPerReady(), defaults.maxUncommittedBytes(), defaults.maxPendingReads());
        RawNode raft = new RawNode(config, new ConfState(voters, Set.of()), hardState, unapplied, applied, appliedTerm,
                new SecureRandom());
        if (fresh) {
            // A data dir restored from a snapshot already names its members; the flags only bootstrap a new one.
            raft.bootstrap(membership.members().isEmpty() ? bootstrapEntries(settings, initialIds)
                    : restoredEntries(membership));
        }
        if (voters.equals(Set.of(membership.localId()))) {
            raft.campaign(); // a single voter needs no election timeout to pass
        }
        return new RecoveredState(store, log, membership, raft);
    }

    private static void checkLogCoversStore(ServerSettings settings, RaftLogStorage log, long applied) {
        if (log.lastIndex() < applied || log.firstIndex() > applied + 1) {
            throw new IllegalStateException("raft log in " + settings.raftLogDir() + " holds entries "
                    + log.firstIndex() + ".." + log.lastIndex() + " but the state store in " + settings.stateDir()
                    + " was applied up to " + applied + ": the two do not belong together");
        }
    }

    private static Map<String, Long> initialMemberIds(ServerSettings settings) {
        Map<String, Long> ids = new LinkedHashMap<>();
        settings.initialCluster().forEach((name, urls) -> ids.put(name, MemberIds.memberId(urls, settings.clusterToken())));
        return ids;
    }

    private static long localIdFrom(ServerSettings settings, Map<String, Long> initialIds) {
        Long id = initialIds.get(settings.name());
        if (id == null) {
            throw new IllegalStateException("member " + settings.name() + " is not in --initial-cluster");
        }
        return id;
    }

    private static List<byte[]> bootstrapEntries(ServerSettings settings, Map<String, Long> initialIds) {
        List<byte[]> entries = new ArrayList<>();
        initialIds.entrySet().stream().sorted(Map.Entry.comparingByValue(Long::compareUnsigned)).forEach(member ->
                entries.add(ConfChange.newBuilder()
                        .setType(ConfChange.Type.ADD_VOTER)
                        .setMemberId(member.getValue())
                        .setMember(MemberAttributes.newBuilder()
                                .addAllPeerUrls(settings.initialCluster().get(member.getKey())))
                        .build().toByteArray()));
        return entries;
    }

    private static List<byte[]> restoredEntries(Membership membership) {
        return membership.members().stream().map(member -> ConfChange.newBuilder()
                .setType(ConfChange.Type.ADD_VOTER)
                .setMemberId(member.getID())
                .setMember(MemberAttributes.newBuilder().addAllPeerUrls(member.getPeerURLsList()))
                .build().toByteArray()).toList();
    }

    private static void createDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("directory " + dir + " is not writable");
        }
    }
}
