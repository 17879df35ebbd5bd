package dev.cairn.node.config;

import static dev.cairn.node.config.EtcdSettings.ADVERTISE_CLIENT_URLS;
import static dev.cairn.node.config.EtcdSettings.DATA_DIR;
import static dev.cairn.node.config.EtcdSettings.ELECTION_TIMEOUT;
import static dev.cairn.node.config.EtcdSettings.STRICT_RECONFIG_CHECK;
import static dev.cairn.node.config.EtcdSettings.ENABLE_LEASE_CHECKPOINT;
import static dev.cairn.node.config.EtcdSettings.LEASE_CHECKPOINT_INTERVAL;
import static dev.cairn.node.config.EtcdSettings.WATCH_PROGRESS_NOTIFY_INTERVAL;
import static dev.cairn.node.config.EtcdSettings.HEARTBEAT_INTERVAL;
import static dev.cairn.node.config.EtcdSettings.INITIAL_ADVERTISE_PEER_URLS;
import static dev.cairn.node.config.EtcdSettings.INITIAL_CLUSTER;
import static dev.cairn.node.config.EtcdSettings.INITIAL_CLUSTER_STATE;
import static dev.cairn.node.config.EtcdSettings.INITIAL_CLUSTER_TOKEN;
import static dev.cairn.node.config.EtcdSettings.LISTEN_CLIENT_URLS;
import static dev.cairn.node.config.EtcdSettings.LISTEN_PEER_URLS;
import static dev.cairn.node.config.EtcdSettings.LOGGER;
import static dev.cairn.node.config.EtcdSettings.LOG_LEVEL;
import static dev.cairn.node.config.EtcdSettings.LOG_OUTPUTS;
import static dev.cairn.node.config.EtcdSettings.MAX_REQUEST_BYTES;
import static dev.cairn.node.config.EtcdSettings.AUTO_COMPACTION_MODE;
import static dev.cairn.node.config.EtcdSettings.AUTO_COMPACTION_RETENTION;
import static dev.cairn.node.config.EtcdSettings.LISTEN_METRICS_URLS;
import static dev.cairn.node.config.EtcdSettings.MAX_TXN_OPS;
import static dev.cairn.node.config.EtcdSettings.NAME;
import static dev.cairn.node.config.EtcdSettings.QUOTA_BACKEND_BYTES;
import static dev.cairn.node.config.EtcdSettings.SNAPSHOT_CATCHUP_ENTRIES;
import static dev.cairn.node.config.EtcdSettings.SNAPSHOT_COUNT;
import static dev.cairn.node.config.EtcdSettings.WAL_DIR;

import dev.cairn.node.lease.LeaseCheckpointPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns raw settings (from one source: command line over environment, or the config file) into a validated
 * {@link NodeConfig}, applying etcd's defaults and checks in etcd's spirit: one line naming the setting at fault.
 */
final class NodeConfigAssembler {

    static final String DEFAULT_NAME = "default";
    static final String DEFAULT_CLIENT_URL = "http://localhost:2379";
    static final String DEFAULT_PEER_URL = "http://localhost:2380";
    static final String DEFAULT_TOKEN = "etcd-cluster";
    static final long DEFAULT_SNAPSHOT_COUNT = 100_000;
    static final long DEFAULT_SNAPSHOT_CATCHUP_ENTRIES = 5_000;
    static final long DEFAULT_HEARTBEAT_MS = 100;
    static final long DEFAULT_ELECTION_MS = 1000;
    static final long MAX_ELECTION_MS = 50_000;
    static final int DEFAULT_MAX_REQUEST_BYTES = 1_572_864;
    static final int DEFAULT_MAX_TXN_OPS = 128;
    static final Duration DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);
    /** etcd raises a shorter --experimental-watch-progress-notify-interval to this. */
    static final Duration MIN_WATCH_PROGRESS_NOTIFY_INTERVAL = Duration.ofMillis(100);
    static final long MAX_QUOTA_BACKEND_BYTES = 8L * 1024 * 1024 * 1024;
    static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error", "panic", "fatal");

    private final Map<String, RawSetting> settings;
    private final boolean fromCommandLine;
    private final List<String> warnings;

    /**
     * @param fromCommandLine true for flags and environment; etcd applies one rule only there: an explicit
     *                        --listen-client-urls requires an explicit --advertise-client-urls
     */
    NodeConfigAssembler(Map<String, RawSetting> settings, boolean fromCommandLine, List<String> warnings) {
        this.settings = settings;
        this.fromCommandLine = fromCommandLine;
        this.warnings = warnings;
    }

    /** Settings etcd knows that cairn does not implement, given a value other than etcd's default. */
    List<String> unsupportedSettingsUsed() {
        return settings.values().stream()
                .filter(setting -> EtcdSettings.find(setting.name()).orElseThrow().usedWith(setting.value()))
                .map(RawSetting::origin)
                .toList();
    }

    NodeConfig assemble(Path configFile) {
        String name = text(NAME, DEFAULT_NAME);
        if (name.isEmpty()) {
            throw UrlParser.invalid(settings.get(NAME), "the member name must not be empty");
        }
        Path dataDir = path(DATA_DIR).orElse(Path.of(name + ".etcd"));
        Path walDir = path(WAL_DIR).orElse(null);

        List<URI> listenClientUrls = bindUrls(LISTEN_CLIENT_URLS, DEFAULT_CLIENT_URL);
        if (fromCommandLine && settings.containsKey(LISTEN_CLIENT_URLS) && !settings.containsKey(ADVERTISE_CLIENT_URLS)) {
            throw new ConfigException("--advertise-client-urls is required when --listen-client-urls is set explicitly");
        }
        List<URI> advertiseClientUrls = advertisedUrls(ADVERTISE_CLIENT_URLS, DEFAULT_CLIENT_URL);
        List<URI> listenPeerUrls = bindUrls(LISTEN_PEER_URLS, DEFAULT_PEER_URL);
        List<URI> advertisePeerUrls = advertisedUrls(INITIAL_ADVERTISE_PEER_URLS, DEFAULT_PEER_URL);
        Map<String, List<URI>> initialCluster = settings.containsKey(INITIAL_CLUSTER)
                ? UrlParser.initialCluster(settings.get(INITIAL_CLUSTER))
                : Map.of(name, advertisePeerUrls);
        checkMembership(name, advertisePeerUrls, initialCluster);

        TlsSettings clientTls = TlsSettingsReader.client(settings);
        PeerTlsSettings peerTls = TlsSettingsReader.peer(settings);
        requireTlsForSecureUrls(LISTEN_CLIENT_URLS, listenClientUrls, clientTls, "--cert-file, --key-file");
        requireTlsForSecureUrls(LISTEN_PEER_URLS, listenPeerUrls, peerTls.tls(), "--peer-cert-file, --peer-key-file");

        long heartbeatMs = positiveMillis(HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_MS);
        long electionMs = positiveMillis(ELECTION_TIMEOUT, DEFAULT_ELECTION_MS);
        if (5 * heartbeatMs > electionMs) {
            throw new ConfigException("--election-timeout[" + electionMs + "ms] should be at least as 5 times as "
                    + "--heartbeat-interval[" + heartbeatMs + "ms]");
        }
        if (electionMs > MAX_ELECTION_MS) {
            throw new ConfigException("--election-timeout[" + electionMs + "ms] is too long, and should be set "
                    + "less than " + MAX_ELECTION_MS + "ms");
        }

        return new NodeConfig(name, dataDir, walDir, listenClientUrls, advertiseClientUrls, listenPeerUrls,
                advertisePeerUrls, initialCluster, clusterState(), text(INITIAL_CLUSTER_TOKEN, DEFAULT_TOKEN),
                snapshotCount(), quotaBackendBytes(), Duration.ofMillis(heartbeatMs), Duration.ofMillis(electionMs),
                positiveInt(MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES), positiveInt(MAX_TXN_OPS, DEFAULT_MAX_TXN_OPS),
                logLevel(), logOutputs(), clientTls, peerTls, configFile,
                AutoCompaction.parse(text(AUTO_COMPACTION_MODE, "periodic"), text(AUTO_COMPACTION_RETENTION, "0")),
                metricsUrls(), leaseCheckpoints(), watchProgressNotifyInterval(), flag(STRICT_RECONFIG_CHECK, true),
                snapshotCatchUpEntries());
    }

    private boolean flag(String name, boolean defaultValue) {
        RawSetting setting = settings.get(name);
        return setting == null ? defaultValue : GoValues.parseBoolean(setting.value().trim()).orElseThrow();
    }

    /**
     * Lease checkpoints are on unless --experimental-enable-lease-checkpoint=false (etcd's default is off: a killed
     * member must not extend its leases to their full TTL). An interval of 0 is etcd's default, 5 minutes.
     */
    private LeaseCheckpointPolicy leaseCheckpoints() {
        RawSetting enabled = settings.get(ENABLE_LEASE_CHECKPOINT);
        RawSetting interval = settings.get(LEASE_CHECKPOINT_INTERVAL);
        Duration every = interval == null ? Duration.ZERO : DurationSetting.parse(interval, fromCommandLine);
        return new LeaseCheckpointPolicy(enabled == null || GoValues.parseBoolean(enabled.value().trim()).orElseThrow(),
                every.isZero() ? LeaseCheckpointPolicy.DEFAULT_INTERVAL : every);
    }

    /** As etcd: 0 keeps the default of 10 minutes, and a shorter interval than 100 ms is raised to it. */
    private Duration watchProgressNotifyInterval() {
        RawSetting setting = settings.get(WATCH_PROGRESS_NOTIFY_INTERVAL);
        Duration interval = setting == null ? Duration.ZERO : DurationSetting.parse(setting, fromCommandLine);
        if (interval.isZero()) {
            return DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL;
        }
        if (interval.compareTo(MIN_WATCH_PROGRESS_NOTIFY_INTERVAL) < 0) {
            warnings.add(setting.origin() + " " + setting.value().trim() + " is below the minimum; using "
                    + MIN_WATCH_PROGRESS_NOTIFY_INTERVAL.toMillis() + "ms");
            return MIN_WATCH_PROGRESS_NOTIFY_INTERVAL;
        }
        return interval;
    }

    private List<URI> metricsUrls() {
        if (!settings.containsKey(LISTEN_METRICS_URLS)) {
            return List.of();
        }
        List<URI> urls = bindUrls(LISTEN_METRICS_URLS, "");
        for (URI url : urls) {
            if (!url.getScheme().equals("http")) {
                throw new ConfigException("--listen-metrics-urls " + url
                        + ": only http metrics URLs are supported by this version of cairn");
            }
        }
        return urls;
    }

    private void checkMembership(String name, List<URI> advertisePeerUrls, Map<String, List<URI>> initialCluster) {
        List<URI> listed = initialCluster.get(name);
        if (listed == null) {
            throw new ConfigException("couldn't find local name \"" + name + "\" in the initial cluster "
                    + "configuration (--initial-cluster " + describe(initialCluster) + ")");
        }
        if (!new HashSet<>(listed).equals(new HashSet<>(advertisePeerUrls))) {
            throw new ConfigException("--initial-cluster has " + name + "=" + join(listed) + " but "
                    + "--initial-advertise-peer-urls is " + join(advertisePeerUrls) + "; they must match");
        }
    }

    private static void requireTlsForSecureUrls(String setting, List<URI> urls, TlsSettings tls, String flags) {
        for (URI url : urls) {
            boolean secure = url.getScheme().equals("https") || url.getScheme().equals("unixs");
            if (secure && !tls.enabled()) {
                throw new ConfigException("TLS key/cert (" + flags + ") must be provided for --" + setting + " "
                        + url + " with a secure scheme");
            }
        }
    }

    private InitialClusterState clusterState() {
        RawSetting setting = settings.get(INITIAL_CLUSTER_STATE);
        if (setting == null) {
            return InitialClusterState.NEW;
        }
        for (InitialClusterState state : InitialClusterState.values()) {
            if (state.flagValue().equals(setting.value().trim())) {
                return state;
            }
        }
        throw UrlParser.invalid(setting, "valid values are \"new\" and \"existing\"");
    }

    private long snapshotCount() {
        RawSetting setting = settings.get(SNAPSHOT_COUNT);
        long count = setting == null ? 0 : NumberParser.unsigned(setting, Long.MAX_VALUE);
        // etcd treats 0 as "use the default".
        return count == 0 ? DEFAULT_SNAPSHOT_COUNT : count;
    }

    /** etcd 3.5's --experimental-snapshot-catchup-entries: log entries kept behind a compaction for slow followers. */
    private long snapshotCatchUpEntries() {
        RawSetting setting = settings.get(SNAPSHOT_CATCHUP_ENTRIES);
        long entries = setting == null ? 0 : NumberParser.unsigned(setting, Long.MAX_VALUE);
        return entries == 0 ? DEFAULT_SNAPSHOT_CATCHUP_ENTRIES : entries;
    }

    private long quotaBackendBytes() {
        RawSetting setting = settings.get(QUOTA_BACKEND_BYTES);
        long quota = setting == null ? 0 : NumberParser.signed(setting);
        if (quota < 0) {
            throw UrlParser.invalid(setting, "must not be negative (0 means the default of 2 GiB)");
        }
        if (quota > MAX_QUOTA_BACKEND_BYTES) {
            warnings.add(setting.origin() + " " + quota + " exceeds the recommended maximum of "
                    + MAX_QUOTA_BACKEND_BYTES + " bytes");
        }
        return quota == 0 ? NodeConfig.DEFAULT_QUOTA_BACKEND_BYTES : quota;
    }

    private long positiveMillis(String name, long defaultValue) {
        RawSetting setting = settings.get(name);
        if (setting == null) {
            return defaultValue;
        }
        long millis = NumberParser.unsigned(setting, Integer.MAX_VALUE);
        if (millis == 0) {
            throw new ConfigException(setting.origin() + " must be >0 (set to 0ms)");
        }
        return millis;
    }

    private int positiveInt(String name, int defaultValue) {
        RawSetting setting = settings.get(name);
        if (setting == null) {
            return defaultValue;
        }
        long value = NumberParser.unsigned(setting, Integer.MAX_VALUE);
        if (value == 0) {
            throw UrlParser.invalid(setting, "must be greater than 0");
        }
        return (int) value;
    }

    private String logLevel() {
        RawSetting logger = settings.get(LOGGER);
        if (logger != null && !logger.value().trim().equals("zap")) {
            throw UrlParser.invalid(logger, "only 'zap' (structured JSON logging) is supported");
        }
        RawSetting setting = settings.get(LOG_LEVEL);
        if (setting == null) {
            return "info";
        }
        String level = setting.value().trim();
        if (!LOG_LEVELS.contains(level)) {
            throw UrlParser.invalid(setting, "valid levels are " + String.join(", ", LOG_LEVELS));
        }
        return level;
    }

    private List<String> logOutputs() {
        RawSetting setting = settings.get(LOG_OUTPUTS);
        if (setting == null) {
            return List.of("stderr");
        }
        Set<String> outputs = new LinkedHashSet<>();
        for (String part : setting.value().split(",", -1)) {
            String output = part.trim();
            switch (output) {
                case "default", "stderr" -> outputs.add("stderr");
                case "stdout" -> outputs.add("stdout");
                default -> throw new ConfigException(setting.origin() + " \"" + output + "\" is not supported by "
                        + "this version of cairn yet (use stderr, stdout or default)");
            }
        }
        return List.copyOf(outputs);
    }

    private List<URI> bindUrls(String name, String defaultValue) {
        return UrlParser.bindUrls(settings.getOrDefault(name, new RawSetting(name, defaultValue, "--" + name)));
    }

    private List<URI> advertisedUrls(String name, String defaultValue) {
        return UrlParser.urls(settings.getOrDefault(name, new RawSetting(name, defaultValue, "--" + name)));
    }

    private String text(String name, String defaultValue) {
        RawSetting setting = settings.get(name);
        return setting == null ? defaultValue : setting.value().trim();
    }

    private Optional<Path> path(String name) {
        String value = text(name, "");
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static String join(List<URI> urls) {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    private static String describe(Map<String, List<URI>> cluster) {
        List<String> entries = new ArrayList<>();
        cluster.forEach((member, urls) -> urls.forEach(url -> entries.add(member + "=" + url)));
        return String.join(",", entries);
    }
}
