package dev.cairn.node.cli;

import dev.cairn.node.api.ClientServer;
import dev.cairn.node.api.ServerVersion;
import dev.cairn.node.api.http.HttpEndpoints;
import dev.cairn.node.cli.bench.BenchCommand;
import dev.cairn.node.cli.snapshot.BackupCommand;
import dev.cairn.node.cli.snapshot.SnapshotCommand;
import dev.cairn.node.config.AutoCompaction;
import dev.cairn.node.config.ConfigException;
import dev.cairn.node.config.ConfigLoader;
import dev.cairn.node.config.InitialClusterState;
import dev.cairn.node.config.NodeConfig;
import dev.cairn.node.config.ParsedCommandLine;
import dev.cairn.node.logging.LogSetup;
import dev.cairn.node.server.AutoCompactor;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.ServerSettings;
import dev.cairn.node.lease.LeaseClock;
import dev.cairn.node.systemd.SystemdNotifier;
import dev.cairn.node.tls.ClientTlsContext;
import dev.cairn.node.tls.PeerTlsContext;
import dev.cairn.node.tls.TlsSetupException;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cairn} command: with etcd's flags it runs a member; {@code cairn bench ...} runs the load generator,
 * {@code cairn snapshot ...} saves, inspects and restores snapshots, {@code cairn backup save} takes a verified backup.
 * Every failure to start is one line on stderr and a non-zero exit.
 */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && Set.of("bench", "backup", "snapshot").contains(args[0])) {
            // A tool's output is its own; libraries (grpc-java's start-up notes) speak only of trouble.
            LogSetup.configure("warn", "stderr");
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(BenchCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("backup")) {
            System.exit(BackupCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("snapshot")) {
            System.exit(SnapshotCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        System.exit(serve(Arrays.asList(args)));
    }

    private static int serve(List<String> args) {
        ParsedCommandLine parsed;
        try {
            parsed = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        if (parsed.helpRequested()) {
            System.out.print(ConfigLoader.helpText());
            return 0;
        }
        if (parsed.versionRequested()) {
            System.out.println("cairn Version: " + cairnVersion());
            System.out.println("etcd API Version: " + ServerVersion.ETCD_VERSION);
            System.out.println("Java Version: " + Runtime.version());
            return 0;
        }
        if (!parsed.refusals().isEmpty()) {
            parsed.refusals().forEach(System.err::println);
            return 1;
        }
        NodeConfig config = parsed.config();
        LogSetup.configure(config.logLevel(), config.logOutputsJoined());
        parsed.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        return run(config);
    }

    private static int run(NodeConfig config) {
        try {
            ClientServer.checkListenable(config.listenClientUrls());
            ClientServer.checkListenable(config.listenMetricsUrls());
        } catch (IOException e) {
            System.err.println("cairn: " + e.getMessage());
            return 1;
        }
        Optional<SslContext> clientTls;
        Optional<PeerTlsContext> peerTls;
        try {
            clientTls = ClientTlsContext.build(config.clientTls(), config.dataDir(), config.listenClientUrls());
            peerTls = PeerTlsContext.build(config.peerTls(), config.dataDir(), config.listenPeerUrls());
        } catch (TlsSetupException e) {
            System.err.println("cairn: " + e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, "client TLS setup failed", e);
            return 1;
        }
        EtcdNode node;
        try {
            node = EtcdNode.start(toSettings(config),
                    PeerWiring.transport(config.listenPeerUrls(), peerTls, snapshotDir(config)),
                    PeerWiring.directory(peerTls), Main::haltOnFatal, () -> exitAfterRemoval(config),
                    LeaseClock.system());
        } catch (RuntimeException e) {
            System.err.println("cairn: " + e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, "start failed", e);
            return 1;
        }
        ClientServer server;
        try {
            server = ClientServer.start(node, config.listenClientUrls(), config.maxTxnOps(), config.maxRequestBytes(),
                    clientTls);
        } catch (IOException e) {
            node.close();
            System.err.println("cairn: " + e.getMessage());
            return 1;
        }
        HttpEndpoints http;
        try {
            http = HttpEndpoints.start(node, config.listenMetricsUrls());
        } catch (IOException e) {
            server.close();
            node.close();
            System.err.println("cairn: " + e.getMessage());
            return 1;
        }
        AutoCompactor compactor = startAutoCompaction(node, config.autoCompaction());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(System.Logger.Level.INFO, "received stop signal, shutting down");
            if (compactor != null) {
                compactor.close();
            }
            http.close();
            server.close();
            node.close();
            stopped.countDown();
        }, "cairn-shutdown"));
        LOG.log(System.Logger.Level.INFO, "ready to serve client requests on {0} (member {1} of cluster {2}, name {3})",
                config.listenClientUrls(), Long.toHexString(node.membership().localId()),
                Long.toHexString(node.membership().clusterId()), config.name());
        // As etcd: a Type=notify unit counts the member as started once the listeners are bound, the log is applied
        // and the cluster has taken in this member's name and client URLs (which needs a quorum).
        node.announced().thenRun(() -> SystemdNotifier.notifyReady(System.getenv()));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The compactor --auto-compaction-mode/--auto-compaction-retention ask for, or null when they are off. */
    private static AutoCompactor startAutoCompaction(EtcdNode node, AutoCompaction setting) {
        return switch (setting.mode()) {
            case OFF -> null;
            case PERIODIC -> AutoCompactor.periodic(node, setting.period());
            case REVISION -> AutoCompactor.revision(node, setting.revisions());
        };
    }

    static ServerSettings toSettings(NodeConfig config) {
        Map<String, List<String>> initialCluster = new LinkedHashMap<>();
        config.initialCluster().forEach((name, urls) -> initialCluster.put(name, strings(urls)));
        return new ServerSettings(
                config.name(),
                config.dataDir(),
                config.walDir(),
                initialCluster,
                config.initialClusterState() == InitialClusterState.NEW,
                config.initialClusterToken(),
                strings(config.initialAdvertisePeerUrls()),
                strings(config.advertiseClientUrls()),
                config.snapshotCount(),
                config.heartbeatInterval(),
                config.electionTimeout(),
                config.maxTxnOps(),
                config.maxRequestBytes(),
                config.quotaBackendBytes(),
                config.leaseCheckpoints(),
                config.watchProgressNotifyInterval(),
                config.strictReconfigCheck(),
                config.snapshotCatchUpEntries());
    }

    /** Where snapshots to and from peers are staged: next to the state store, so installing one is a rename. */
    private static Path snapshotDir(NodeConfig config) {
        return config.dataDir().resolve("member").resolve("snap");
    }

    private static List<String> strings(List<URI> urls) {
        return urls.stream().map(URI::toString).toList();
    }

    /**
     * As etcd: a member removed from its cluster answers what it is answering (the removal itself, when it removed
     * itself), then stops cleanly with status 0 after ten heartbeats.
     */
    private static void exitAfterRemoval(NodeConfig config) {
        LOG.log(System.Logger.Level.INFO, "the data-dir used by this member must be removed.");
        CompletableFuture.delayedExecutor(config.heartbeatInterval().multipliedBy(10).toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> System.exit(0));
    }

    /** etcd panics when its log or store fails; continuing could acknowledge writes that are not durable. */
    private static void haltOnFatal(Throwable fatal) {
        LOG.log(System.Logger.Level.ERROR, "fatal error, stopping the member: " + fatal.getMessage(), fatal);
        System.err.flush();
        Runtime.getRuntime().halt(2);
    }

    private static String cairnVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version != null ? version : "development build";
    }
}
