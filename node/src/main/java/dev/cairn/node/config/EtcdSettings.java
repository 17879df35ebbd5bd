package dev.cairn.node.config;

import static dev.cairn.node.config.SettingType.BOOL;
import static dev.cairn.node.config.SettingType.DURATION;
import static dev.cairn.node.config.SettingType.INTEGER;
import static dev.cairn.node.config.SettingType.LIST;
import static dev.cairn.node.config.SettingType.STRING;
import static dev.cairn.node.config.SettingType.UNSIGNED;
import static dev.cairn.node.config.SettingType.URLS;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of every setting etcd 3.4 and 3.5 accept, marking the ones cairn implements. A setting etcd
 * knows but cairn does not implement is recognised by name so that using it can be refused with a clear
 * message instead of "unknown flag" or, worse, being silently ignored.
 */
final class EtcdSettings {

    // Supported settings, by flag name.
    static final String NAME = "name";
    static final String DATA_DIR = "data-dir";
    static final String WAL_DIR = "wal-dir";
    static final String LISTEN_CLIENT_URLS = "listen-client-urls";
    static final String ADVERTISE_CLIENT_URLS = "advertise-client-urls";
    static final String LISTEN_PEER_URLS = "listen-peer-urls";
    static final String INITIAL_ADVERTISE_PEER_URLS = "initial-advertise-peer-urls";
    static final String INITIAL_CLUSTER = "initial-cluster";
    static final String INITIAL_CLUSTER_STATE = "initial-cluster-state";
    static final String INITIAL_CLUSTER_TOKEN = "initial-cluster-token";
    static final String SNAPSHOT_COUNT = "snapshot-count";
    static final String QUOTA_BACKEND_BYTES = "quota-backend-bytes";
    static final String STRICT_RECONFIG_CHECK = "strict-reconfig-check";
    static final String SNAPSHOT_CATCHUP_ENTRIES = "experimental-snapshot-catchup-entries";
    static final String HEARTBEAT_INTERVAL = "heartbeat-interval";
    static final String ELECTION_TIMEOUT = "election-timeout";
    static final String MAX_REQUEST_BYTES = "max-request-bytes";
    static final String MAX_TXN_OPS = "max-txn-ops";
    static final String CONFIG_FILE = "config-file";
    static final String LOG_LEVEL = "log-level";
    static final String LOGGER = "logger";
    static final String LOG_OUTPUTS = "log-outputs";
    static final String VERSION = "version";
    static final String AUTO_COMPACTION_MODE = "auto-compaction-mode";
    static final String AUTO_COMPACTION_RETENTION = "auto-compaction-retention";
    static final String LISTEN_METRICS_URLS = "listen-metrics-urls";
    static final String ENABLE_LEASE_CHECKPOINT = "experimental-enable-lease-checkpoint";
    static final String LEASE_CHECKPOINT_INTERVAL = "experimental-lease-checkpoint-interval";
    static final String WATCH_PROGRESS_NOTIFY_INTERVAL = "experimental-watch-progress-notify-interval";

    // TLS settings, parsed into TlsSettings (and PeerTlsSettings for the peer side).
    static final String CERT_FILE = "cert-file";
    static final String KEY_FILE = "key-file";
    static final String CLIENT_CERT_AUTH = "client-cert-auth";
    static final String TRUSTED_CA_FILE = "trusted-ca-file";
    static final String AUTO_TLS = "auto-tls";
    static final String CLIENT_CRL_FILE = "client-crl-file";
    static final String PEER_CERT_FILE = "peer-cert-file";
    static final String PEER_KEY_FILE = "peer-key-file";
    static final String PEER_CLIENT_CERT_AUTH = "peer-client-cert-auth";
    static final String PEER_TRUSTED_CA_FILE = "peer-trusted-ca-file";
    static final String PEER_AUTO_TLS = "peer-auto-tls";
    static final String PEER_CRL_FILE = "peer-crl-file";
    static final String CIPHER_SUITES = "cipher-suites";
    static final String TLS_MIN_VERSION = "tls-min-version";
    static final String TLS_MAX_VERSION = "tls-max-version";
    static final String PEER_CERT_ALLOWED_CN = "peer-cert-allowed-cn";
    static final String PEER_CERT_ALLOWED_HOSTNAME = "peer-cert-allowed-hostname";

    /** Flags etcd accepts and ignores for compatibility with etcd 0.4/2.x command lines. */
    private static final Set<String> IGNORED = Set.of(
            "cluster-active-size", "cluster-remove-delay", "cluster-sync-interval", "config", "force",
            "max-result-buffer", "max-retry-attempts", "peer-heartbeat-interval", "peer-election-timeout",
            "retry-interval", "snapshot", "v", "vv");

    /** Environment variables with the ETCD_ prefix that etcd reads for other purposes than a flag. */
    private static final Set<String> OTHER_ENVIRONMENT_VARIABLES = Set.of("ETCD_UNSUPPORTED_ARCH");

    private static final Map<String, SettingSpec> ALL = catalogue();

    private EtcdSettings() {
    }

    static Optional<SettingSpec> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    static Collection<SettingSpec> all() {
        return Collections.unmodifiableCollection(ALL.values());
    }

    static boolean isIgnored(String name) {
        return IGNORED.contains(name);
    }

    static boolean isOtherEnvironmentVariable(String variable) {
        return OTHER_ENVIRONMENT_VARIABLES.contains(variable);
    }

    private static Map<String, SettingSpec> catalogue() {
        Map<String, SettingSpec> settings = new LinkedHashMap<>();
        // Implemented.
        for (String name : new String[] {NAME, DATA_DIR, WAL_DIR, INITIAL_CLUSTER, INITIAL_CLUSTER_STATE,
                INITIAL_CLUSTER_TOKEN, CONFIG_FILE, LOG_LEVEL, LOGGER, AUTO_COMPACTION_MODE, AUTO_COMPACTION_RETENTION}) {
            supported(settings, name, STRING);
        }
        for (String name : new String[] {LISTEN_CLIENT_URLS, ADVERTISE_CLIENT_URLS, LISTEN_PEER_URLS,
                INITIAL_ADVERTISE_PEER_URLS, LISTEN_METRICS_URLS}) {
            supported(settings, name, URLS);
        }
        for (String name : new String[] {SNAPSHOT_COUNT, HEARTBEAT_INTERVAL, ELECTION_TIMEOUT, MAX_REQUEST_BYTES,
                MAX_TXN_OPS}) {
            supported(settings, name, UNSIGNED);
        }
        supported(settings, QUOTA_BACKEND_BYTES, INTEGER);
        supported(settings, LOG_OUTPUTS, LIST);
        supported(settings, VERSION, BOOL);
        for (String name : new String[] {CERT_FILE, KEY_FILE, TRUSTED_CA_FILE, CLIENT_CRL_FILE, TLS_MIN_VERSION,
                TLS_MAX_VERSION}) {
            supported(settings, name, STRING);
        }
        supported(settings, CIPHER_SUITES, LIST);
        supported(settings, CLIENT_CERT_AUTH, BOOL);
        supported(settings, AUTO_TLS, BOOL);
        supported(settings, STRICT_RECONFIG_CHECK, BOOL);
        supported(settings, SNAPSHOT_CATCHUP_ENTRIES, UNSIGNED);
        for (String name : new String[] {PEER_CERT_FILE, PEER_KEY_FILE, PEER_TRUSTED_CA_FILE, PEER_CRL_FILE,
                PEER_CERT_ALLOWED_CN, PEER_CERT_ALLOWED_HOSTNAME}) {
            supported(settings, name, STRING);
        }
        supported(settings, PEER_CLIENT_CERT_AUTH, BOOL);
        supported(settings, PEER_AUTO_TLS, BOOL);
        supported(settings, ENABLE_LEASE_CHECKPOINT, BOOL);
        supported(settings, LEASE_CHECKPOINT_INTERVAL, DURATION);
        supported(settings, WATCH_PROGRESS_NOTIFY_INTERVAL, DURATION);

        // Client and peer TLS.
        for (String name : new String[] {"client-cert-allowed-hostname", "client-cert-file", "client-key-file",
                "peer-client-cert-file", "peer-client-key-file"}) {
            unsupported(settings, name, STRING);
        }
        unsupported(settings, "experimental-peer-skip-client-san-verification", BOOL, "false");
        unsupported(settings, "self-signed-cert-validity", UNSIGNED, "1");

        // Member tuning.
        unsupported(settings, "listen-client-http-urls", URLS);
        unsupported(settings, "max-snapshots", UNSIGNED, "5");
        unsupported(settings, "max-wals", UNSIGNED, "5");
        unsupported(settings, "initial-election-tick-advance", BOOL, "true");
        unsupported(settings, "backend-batch-interval", DURATION, "0", "0s");
        unsupported(settings, "backend-batch-limit", INTEGER, "0");
        unsupported(settings, "grpc-keepalive-min-time", DURATION, "5s");
        unsupported(settings, "grpc-keepalive-interval", DURATION, "2h", "2h0m0s");
        unsupported(settings, "grpc-keepalive-timeout", DURATION, "20s");
        unsupported(settings, "max-concurrent-streams", UNSIGNED, "4294967295");
        unsupported(settings, "socket-reuse-port", BOOL, "false");
        unsupported(settings, "socket-reuse-address", BOOL, "false");

        // Clustering and discovery.
        for (String name : new String[] {"discovery", "discovery-proxy", "discovery-srv", "discovery-srv-name"}) {
            unsupported(settings, name, STRING);
        }
        unsupported(settings, "discovery-fallback", STRING, "proxy");
        unsupported(settings, "enable-v2", BOOL, "false");
        unsupported(settings, "v2-deprecation", STRING, "not-yet");
        unsupported(settings, "pre-vote", BOOL, "false", "true");

        // v2 proxy.
        unsupported(settings, "proxy", STRING, "off");
        unsupported(settings, "proxy-failure-wait", UNSIGNED, "5000");
        unsupported(settings, "proxy-refresh-interval", UNSIGNED, "30000");
        unsupported(settings, "proxy-dial-timeout", UNSIGNED, "1000");
        unsupported(settings, "proxy-write-timeout", UNSIGNED, "5000");
        unsupported(settings, "proxy-read-timeout", UNSIGNED, "0");

        // HTTP front.
        unsupported(settings, "cors", LIST, "*");
        unsupported(settings, "host-whitelist", LIST, "*");
        unsupported(settings, "enable-grpc-gateway", BOOL, "true");
        unsupported(settings, "enable-pprof", BOOL, "false");
        unsupported(settings, "metrics", STRING, "basic");

        // Logging beyond level and stderr/stdout.
        unsupported(settings, "log-output", LIST, "default");
        unsupported(settings, "debug", BOOL, "false");
        unsupported(settings, "log-package-levels", STRING);
        unsupported(settings, "enable-log-rotation", BOOL, "false");
        unsupported(settings, "log-rotation-config-json", STRING);

        // Auth.
        unsupported(settings, "auth-token", STRING, "simple");
        unsupported(settings, "bcrypt-cost", UNSIGNED, "10");
        unsupported(settings, "auth-token-ttl", UNSIGNED, "300");

        // Experimental and unsafe.
        unsupported(settings, "experimental-initial-corrupt-check", BOOL, "false");
        unsupported(settings, "experimental-corrupt-check-time", DURATION, "0", "0s");
        unsupported(settings, "experimental-enable-v2v3", STRING);
        unsupported(settings, "experimental-backend-bbolt-freelist-type", STRING, "map");
        // Cairn always persists checkpoints (etcd 3.6's behaviour): only "true" asks for nothing else.
        unsupported(settings, "experimental-enable-lease-checkpoint-persist", BOOL, "true");
        unsupported(settings, "experimental-compaction-batch-limit", INTEGER, "1000");
        unsupported(settings, "experimental-compaction-sleep-interval", DURATION, "10ms");
        unsupported(settings, "experimental-warning-apply-duration", DURATION, "100ms");
        unsupported(settings, "experimental-warning-unary-request-duration", DURATION, "300ms");
        unsupported(settings, "experimental-memory-mlock", BOOL, "false");
        unsupported(settings, "experimental-txn-mode-write-with-shared-buffer", BOOL, "true");
        unsupported(settings, "experimental-bootstrap-defrag-threshold-megabytes", UNSIGNED, "0");
        unsupported(settings, "experimental-downgrade-check-time", DURATION, "5s");
        unsupported(settings, "experimental-enable-distributed-tracing", BOOL, "false");
        unsupported(settings, "experimental-distributed-tracing-address", STRING, "localhost:4317");
        unsupported(settings, "experimental-distributed-tracing-service-name", STRING, "etcd");
        unsupported(settings, "experimental-distributed-tracing-instance-id", STRING);
        unsupported(settings, "experimental-distributed-tracing-sampling-rate", INTEGER, "0");
        unsupported(settings, "experimental-max-learners", INTEGER, "1");
        unsupported(settings, "experimental-wait-cluster-ready-timeout", DURATION, "5s");
        unsupported(settings, "experimental-compact-hash-check-enabled", BOOL, "false");
        unsupported(settings, "experimental-compact-hash-check-time", DURATION, "1m", "1m0s");
        unsupported(settings, "experimental-stop-grpc-service-on-defrag", BOOL, "false");
        unsupported(settings, "unsafe-no-fsync", BOOL, "false");
        unsupported(settings, "force-new-cluster", BOOL, "false");
        return settings;
    }

    private static void supported(Map<String, SettingSpec> settings, String name, SettingType type) {
        settings.put(name, new SettingSpec(name, type, true, Set.of()));
    }

    private static void unsupported(Map<String, SettingSpec> settings, String name, SettingType type,
                                    String... neutralValues) {
        settings.put(name, new SettingSpec(name, type, false, Set.of(neutralValues)));
    }
}
