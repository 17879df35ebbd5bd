package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.Member;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a data dir and rebuilds the member from it: the state store (applied up to its consistent index), the
 * Raft log (entries beyond that index are replayed) and the Raft core. A fresh data dir bootstraps a new
 * cluster from the initial-cluster setting, as etcd does: one membership entry per member, committed at term 1;
 * or, with initial-cluster-state=existing, joins a running cluster that already lists this member.
 */
record RecoveredState(MvccStore store, RaftLogStorage log, Membership membership, RawNode raft,
                      Map<Long, List<String>> peers) {

    /** @param directory asks running members which cluster they form; used to join one and to check the data dir */
    static RecoveredState open(ServerSettings settings, ClusterDirectory directory) {
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
            StoreSnapshotInstaller.completeInterruptedInstall(store, log);
            return recover(settings, store, log, directory);
        } catch (RuntimeException e) {
            log.close();
            store.close();
            throw e;
        }
    }

    private static RecoveredState recover(ServerSettings settings, MvccStore store, RaftLogStorage log,
                                          ClusterDirectory directory) {
        long applied = store.consistentIndex();
        boolean fresh = applied == 0 && log.lastIndex() == 0;
        if (!fresh) {
            checkLogCoversStore(settings, log, applied);
        }
        Optional<Membership> stored = Membership.load(store);
        Membership membership;
        ConfState conf;
        Map<Long, List<String>> peers = new HashMap<>();
        List<byte[]> bootstrap = List.of();
        if (stored.isPresent()) {
            membership = stored.get();
            conf = membership.confState();
            membership.members().forEach(m -> peers.put(m.getID(), m.getPeerURLsList()));
            checkSameClusterAsPeers(settings, membership, directory);
            if (fresh) {
                bootstrap = restoredEntries(membership); // a data dir restored from a snapshot names its members
            }
        } else if (settings.newCluster()) {
            Map<String, Long> initialIds = initialMemberIds(settings);
            membership = Membership.create(store, localIdFrom(settings, initialIds),
                    MemberIds.clusterId(initialIds.values()));
            // After a crash before the first apply, the log's bootstrap entries tell the voters again.
            conf = fresh ? new ConfState(Set.copyOf(initialIds.values()), Set.of()) : ConfState.EMPTY;
            initialIds.forEach((name, id) -> peers.put(id, settings.initialCluster().get(name)));
            if (fresh) {
                bootstrap = bootstrapEntries(settings, initialIds);
            }
        } else {
            ClusterDirectory.RemoteCluster remote = fetchCluster(settings, directory);
            Member own = ownEntry(settings, remote);
            if (fresh) {
                LostDataDir.refuseIfStartedBefore(settings, own);
            }
            membership = Membership.create(store, own.getID(), remote.clusterId());
            conf = ConfState.EMPTY; // the leader's log or snapshot tells this member who the voters are
            remote.members().forEach(m -> peers.put(m.getID(), m.getPeerURLsList()));
        }
        peers.remove(membership.localId());
        long appliedTerm = store.readMeta(ApplyLoop.APPLIED_TERM_META).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
        List<Entry> unapplied = log.entries().stream().filter(e -> e.index() > applied).toList();
        // A commit-only hard state is written without fsync, so after a crash it may trail what was applied;
        // everything applied was committed.
        HardState persisted = log.hardState();
        HardState hardState = new HardState(persisted.term(), persisted.vote(), Math.max(persisted.commit(), applied));
        RaftConfig defaults = RaftConfig.defaults(membership.localId());
        RaftConfig config = new RaftConfig(membership.localId(), settings.electionTicks(), 1,
                defaults.maxCommittedBytesPerReady(), defaults.maxUncommittedBytes(), defaults.maxPendingReads(),
                defaults.preVote(), defaults.checkQuorum(), defaults.maxInflightMessages(),
                defaults.maxBytesPerMessage());
        RawNode raft = new RawNode(config, conf, hardState, unapplied, applied, appliedTerm, new SecureRandom());
        if (!bootstrap.isEmpty()) {
            raft.bootstrap(bootstrap);
        }
        if (conf.voters().equals(Set.of(membership.localId()))) {
            raft.campaign(); // a single voter needs no election timeout to pass
        }
        return new RecoveredState(store, log, membership, raft, Map.copyOf(peers));
    }

    /** A member started with --initial-cluster-state=existing asks the running members which cluster they form. */
    private static ClusterDirectory.RemoteCluster fetchCluster(ServerSettings settings, ClusterDirectory directory) {
        List<String> peerUrls = otherMembersUrls(settings);
        return directory.fetch(peerUrls).orElseThrow(() -> new IllegalStateException(
                "--initial-cluster-state=existing: no member of the cluster answered at " + peerUrls
                        + "; cannot join"));
    }

    /** Finds this member in the cluster's member list by its peer URLs, added there by {@code etcdctl member add}. */
    private static Member ownEntry(ServerSettings settings, ClusterDirectory.RemoteCluster remote) {
        List<String> own = settings.advertisePeerUrls().stream().sorted().toList();
        return remote.members().stream()
                .filter(m -> m.getPeerURLsList().stream().sorted().toList().equals(own))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("member " + settings.name() + " with peer URLs " + own
                        + " is not in the member list of cluster " + Long.toHexString(remote.clusterId())
                        + "; add it first with `etcdctl member add " + settings.name() + " --peer-urls=...`"));
    }

    /**
     * A data dir of another cluster must not join this one: when a peer named by --initial-cluster answers with
     * another cluster id, the member refuses to start. (With no peer answering, it starts: they may all be down.)
     */
    private static void checkSameClusterAsPeers(ServerSettings settings, Membership membership,
                                                ClusterDirectory directory) {
        List<String> peerUrls = otherMembersUrls(settings);
        if (peerUrls.isEmpty()) {
            return;
        }
        directory.fetch(peerUrls).ifPresent(remote -> {
            if (remote.clusterId() != membership.clusterId()) {
                throw new IllegalStateException("data dir " + settings.dataDir() + " belongs to cluster "
                        + Long.toHexString(membership.clusterId()) + " but the members at " + peerUrls
                        + " form cluster " + Long.toHexString(remote.clusterId()) + ": cluster ID mismatch");
            }
        });
    }

    private static List<String> otherMembersUrls(ServerSettings settings) {
        List<String> own = settings.advertisePeerUrls();
        return settings.initialCluster().entrySet().stream()
                .filter(entry -> !entry.getKey().equals(settings.name()))
                .flatMap(entry -> entry.getValue().stream())
                .filter(url -> !own.contains(url))
                .toList();
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
