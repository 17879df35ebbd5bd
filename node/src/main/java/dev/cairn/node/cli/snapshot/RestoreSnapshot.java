package dev.cairn.node.cli.snapshot;

import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.server.MemberIds;
import dev.cairn.node.server.RestoredState;
import dev.cairn.node.server.ServerSettings;
import dev.cairn.node.snapshot.SnapshotArchive;
import dev.cairn.node.storage.mvcc.MvccStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code cairn snapshot restore <file>}: builds a new data dir holding the snapshot's keys, leases and revision as
 * the state of a new cluster defined by etcd's bootstrap flags, with a fresh Raft log. The dir is built next to its
 * final place and renamed into it only when complete; an existing data dir is never touched.
 */
final class RestoreSnapshot {
    private RestoreSnapshot() {
    }

    static void run(List<String> args, PrintStream out) throws IOException {
        SnapshotArgs parsed = SnapshotArgs.parse(args, Set.of("name", "data-dir", "initial-cluster",
                "initial-cluster-token", "initial-advertise-peer-urls"), Set.of("skip-hash-check"));
        Path file = Path.of(parsed.file("restore <filename>"));
        String name = parsed.flag("name", "default");
        Path dataDir = Path.of(parsed.flag("data-dir", name + ".etcd"));
        String token = parsed.flag("initial-cluster-token", "etcd-cluster");
        Map<String, List<String>> cluster = parseCluster(parsed.flag("initial-cluster",
                "default=http://localhost:2380"));
        List<String> advertised = List.of(parsed.flag("initial-advertise-peer-urls", "http://localhost:2380")
                .split(","));
        List<String> ownUrls = cluster.get(name);
        if (ownUrls == null) {
            throw new SnapshotUsageException("member \"" + name + "\" is not in --initial-cluster");
        }
        if (!Set.copyOf(ownUrls).equals(Set.copyOf(advertised))) {
            throw new SnapshotUsageException("--initial-cluster has " + name + "=" + String.join(",", ownUrls)
                    + " but missing from --initial-advertise-peer-urls=" + String.join(",", advertised));
        }
        if (Files.exists(dataDir)) {
            throw new SnapshotUsageException("data-dir \"" + dataDir + "\" exists");
        }
        SnapshotArchive archive = SnapshotArchive.open(file, parsed.isSet("skip-hash-check"));

        List<Member> members = new ArrayList<>();
        cluster.forEach((memberName, urls) -> members.add(Member.newBuilder()
                .setID(MemberIds.memberId(urls, token)).setName(memberName).addAllPeerURLs(urls).build()));
        long localId = MemberIds.memberId(ownUrls, token);
        long clusterId = MemberIds.clusterId(members.stream().map(Member::getID).toList());

        Path building = dataDir.toAbsolutePath().resolveSibling(dataDir.getFileName() + ".restoring-"
                + UUID.randomUUID());
        try {
            Path stateDir = ServerSettings.stateDirOf(building);
            Files.createDirectories(stateDir);
            archive.extractTo(stateDir);
            try (MvccStore store = MvccStore.open(stateDir)) {
                RestoredState.rewrite(store, localId, clusterId, members);
            }
            Files.move(building, dataDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Directories.deleteRecursively(building);
            throw e;
        }
        out.println("Restored snapshot " + file + " (revision " + archive.header().revision() + ") into "
                + dataDir + " as member " + Long.toHexString(localId) + " of cluster " + Long.toHexString(clusterId));
    }

    /** etcd's {@code --initial-cluster}: {@code name=url,name=url,...}, a name repeated for several URLs. */
    static Map<String, List<String>> parseCluster(String text) {
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new SnapshotUsageException("--initial-cluster: \"" + pair + "\" is not name=url");
            }
            cluster.computeIfAbsent(pair.substring(0, equals).strip(), n -> new ArrayList<>())
                    .add(pair.substring(equals + 1).strip());
        }
        return cluster;
    }
}
