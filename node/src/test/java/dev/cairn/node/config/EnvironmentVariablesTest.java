package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ETCD_* variables: every implemented setting, precedence of flags, unknown and unsupported variables. */
class EnvironmentVariablesTest {

    @Test
    void everyImplementedSettingCanComeFromTheEnvironment() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("ETCD_NAME", "n1"),
                Map.entry("ETCD_DATA_DIR", "/data"),
                Map.entry("ETCD_WAL_DIR", "/wal"),
                Map.entry("ETCD_LISTEN_CLIENT_URLS", "http://0.0.0.0:2379"),
                Map.entry("ETCD_ADVERTISE_CLIENT_URLS", "http://n1:2379"),
                Map.entry("ETCD_LISTEN_PEER_URLS", "http://0.0.0.0:2380"),
                Map.entry("ETCD_INITIAL_ADVERTISE_PEER_URLS", "http://n1:2380"),
                Map.entry("ETCD_INITIAL_CLUSTER", "n1=http://n1:2380,n2=http://n2:2380"),
                Map.entry("ETCD_INITIAL_CLUSTER_STATE", "existing"),
                Map.entry("ETCD_INITIAL_CLUSTER_TOKEN", "tok"),
                Map.entry("ETCD_SNAPSHOT_COUNT", "5000"),
                Map.entry("ETCD_QUOTA_BACKEND_BYTES", "1048576"),
                Map.entry("ETCD_HEARTBEAT_INTERVAL", "200"),
                Map.entry("ETCD_ELECTION_TIMEOUT", "3000"),
                Map.entry("ETCD_MAX_REQUEST_BYTES", "2097152"),
                Map.entry("ETCD_MAX_TXN_OPS", "256"),
                Map.entry("ETCD_LOG_LEVEL", "warn"),
                Map.entry("ETCD_LOGGER", "zap"),
                Map.entry("ETCD_LOG_OUTPUTS", "stdout"));
        ParsedCommandLine parsed = ConfigLoader.load(List.of(), env);
        NodeConfig config = parsed.config();
        assertThat(config.name()).isEqualTo("n1");
        assertThat(config.dataDir()).isEqualTo(Path.of("/data"));
        assertThat(config.walDir()).isEqualTo(Path.of("/wal"));
        assertThat(config.listenClientUrls()).containsExactly(URI.create("http://0.0.0.0:2379"));
        assertThat(config.advertiseClientUrls()).containsExactly(URI.create("http://n1:2379"));
        assertThat(config.listenPeerUrls()).containsExactly(URI.create("http://0.0.0.0:2380"));
        assertThat(config.initialAdvertisePeerUrls()).containsExactly(URI.create("http://n1:2380"));
        assertThat(config.initialCluster()).containsOnlyKeys("n1", "n2");
        assertThat(config.initialClusterState()).isEqualTo(InitialClusterState.EXISTING);
        assertThat(config.initialClusterToken()).isEqualTo("tok");
        assertThat(config.snapshotCount()).isEqualTo(5000);
        assertThat(config.quotaBackendBytes()).isEqualTo(1048576);
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.electionTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(config.maxRequestBytes()).isEqualTo(2097152);
        assertThat(config.maxTxnOps()).isEqualTo(256);
        assertThat(config.logLevel()).isEqualTo("warn");
        assertThat(config.logOutputs()).containsExactly("stdout");
        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.unsupportedSettingsUsed()).isEmpty();
    }

    @Test
    void aFlagWinsOverItsVariableWithAWarning() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--name", "from-flag"),
                Map.of("ETCD_NAME", "from-env", "ETCD_DATA_DIR", "/env-data"));
        assertThat(parsed.config().name()).isEqualTo("from-flag");
        assertThat(parsed.config().dataDir()).isEqualTo(Path.of("/env-data"));
        assertThat(parsed.warnings()).containsExactly(
                "environment variable ETCD_NAME is shadowed by --name given on the command line; using the flag");
    }

    @Test
    void anUnknownEtcdVariableWarnsAndDoesNotFail() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of(),
                Map.of("ETCD_FOO", "bar", "ETCDCTL_API", "3", "HOME", "/root", "ETCD_UNSUPPORTED_ARCH", "arm64"));
        assertThat(parsed.config()).isNotNull();
        assertThat(parsed.warnings()).containsExactly("unrecognized environment variable ETCD_FOO=bar");
    }

    @Test
    void emptyVariablesCountAsUnset() {
        NodeConfig config = ConfigLoader.load(List.of(), Map.of("ETCD_NAME", "", "ETCD_CERT_FILE", "")).config();
        assertThat(config.name()).isEqualTo("default");
    }

    @Test
    void anUnsupportedSettingFromTheEnvironmentIsReportedByItsVariable() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of(),
                Map.of("ETCD_MAX_WALS", "10", "ETCD_PEER_CLIENT_CERT_FILE", "/p.pem", "ETCD_CERT_FILE", "/c.pem",
                        "ETCD_KEY_FILE", "/k.pem"));
        assertThat(parsed.unsupportedSettingsUsed())
                .containsExactlyInAnyOrder("ETCD_MAX_WALS", "ETCD_PEER_CLIENT_CERT_FILE");
        assertThat(parsed.config().clientTls().certFile()).isEqualTo(Path.of("/c.pem"));
        assertThat(parsed.config().clientTls().keyFile()).isEqualTo(Path.of("/k.pem"));
    }

    @Test
    void peerTlsComesFromTheEnvironment() {
        NodeConfig config = ConfigLoader.load(List.of(), Map.of("ETCD_PEER_CERT_FILE", "/p.pem",
                "ETCD_PEER_KEY_FILE", "/pk.pem", "ETCD_PEER_TRUSTED_CA_FILE", "/ca.pem",
                "ETCD_PEER_CLIENT_CERT_AUTH", "true", "ETCD_PEER_CRL_FILE", "/crl.pem",
                "ETCD_PEER_CERT_ALLOWED_HOSTNAME", "m1.example")).config();
        assertThat(config.peerTls()).isEqualTo(new PeerTlsSettings(new TlsSettings(Path.of("/p.pem"),
                Path.of("/pk.pem"), Path.of("/ca.pem"), Path.of("/crl.pem"), true, false), null, "m1.example"));
    }

    @Test
    void anInvalidValueNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("ETCD_SNAPSHOT_COUNT", "many")))
                .hasMessage("cairn: invalid value \"many\" for ETCD_SNAPSHOT_COUNT: must be a non-negative integer");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("ETCD_ENABLE_V2", "maybe")))
                .hasMessage("cairn: invalid boolean value \"maybe\" for ETCD_ENABLE_V2");
    }

    @Test
    void listenClientUrlsFromTheEnvironmentAlsoNeedAdvertiseClientUrls() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(),
                Map.of("ETCD_LISTEN_CLIENT_URLS", "http://127.0.0.1:2379")))
                .hasMessage("cairn: --advertise-client-urls is required when --listen-client-urls is set explicitly");
    }
}
