package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's YAML config file: the operations guide's fixture, precedence over flags and env, and its errors. */
class ConfigFileTest {

    @TempDir
    Path dir;

    static Path fixture() throws URISyntaxException {
        return Path.of(ConfigFileTest.class.getResource("/config/etcd.conf.yml").toURI());
    }

    @Test
    void theOperationsGuideFixtureParsesWithEveryValue() throws Exception {
        Path file = fixture();
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--config-file", file.toString()), Map.of());
        NodeConfig config = parsed.config();

        assertThat(config.name()).isEqualTo("etcd-1");
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/etcd"));
        assertThat(config.listenPeerUrls()).containsExactly(URI.create("https://10.0.0.11:2380"));
        assertThat(config.listenClientUrls())
                .containsExactly(URI.create("https://10.0.0.11:2379"), URI.create("https://127.0.0.1:2379"));
        assertThat(config.advertiseClientUrls()).containsExactly(URI.create("https://10.0.0.11:2379"));
        assertThat(config.initialAdvertisePeerUrls()).containsExactly(URI.create("https://10.0.0.11:2380"));
        assertThat(config.initialCluster()).containsExactly(
                Map.entry("etcd-1", List.of(URI.create("https://10.0.0.11:2380"))),
                Map.entry("etcd-2", List.of(URI.create("https://10.0.0.12:2380"))),
                Map.entry("etcd-3", List.of(URI.create("https://10.0.0.13:2380"))));
        assertThat(config.initialClusterToken()).isEqualTo("etcd-cluster-prod-01");
        assertThat(config.initialClusterState()).isEqualTo(InitialClusterState.NEW);
        assertThat(config.clientTls()).isEqualTo(new TlsSettings(Path.of("/etc/etcd/pki/etcd.pem"),
                Path.of("/etc/etcd/pki/etcd-key.pem"), Path.of("/etc/etcd/pki/ca.pem"), null, true, false));
        assertThat(config.peerTls()).isEqualTo(new PeerTlsSettings(new TlsSettings(Path.of("/etc/etcd/pki/etcd.pem"),
                Path.of("/etc/etcd/pki/etcd-key.pem"), Path.of("/etc/etcd/pki/ca.pem"), null, true, false), null, null));
        assertThat(config.configFile()).isEqualTo(file);
        // Not in the file: etcd's defaults.
        assertThat(config.snapshotCount()).isEqualTo(100_000);
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(100));

        // Client and peer TLS are both implemented.
        assertThat(parsed.unsupportedSettingsUsed()).isEmpty();
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void theFileFromTheEnvironmentIsUsedAndFlagsAndVariablesAreIgnored() throws Exception {
        Path file = write("name: from-file\ninitial-cluster: from-file=http://localhost:2380\n");
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--name", "from-flag", "--snapshot-count", "1"),
                Map.of("ETCD_CONFIG_FILE", file.toString(), "ETCD_DATA_DIR", "/from-env"));
        assertThat(parsed.config().name()).isEqualTo("from-file");
        assertThat(parsed.config().dataDir()).isEqualTo(Path.of("from-file.etcd"));
        assertThat(parsed.config().snapshotCount()).isEqualTo(100_000);
        assertThat(parsed.warnings()).containsExactly("loading configuration from " + file
                + "; other command-line flags and environment variables are ignored");
    }

    @Test
    void ignoredVariablesAloneAlsoWarn() throws Exception {
        Path file = write("name: n\ninitial-cluster: n=http://localhost:2380\n");
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--config-file", file.toString()),
                Map.of("ETCD_NAME", "ignored"));
        assertThat(parsed.config().name()).isEqualTo("n");
        assertThat(parsed.warnings()).containsExactly("loading configuration from " + file
                + "; other command-line flags and environment variables are ignored");
    }

    @Test
    void theFlagNamesTheFileOverTheVariable() throws Exception {
        Path flagFile = write("name: a\ninitial-cluster: a=http://localhost:2380\n");
        Path envFile = dir.resolve("other.yml");
        Files.writeString(envFile, "name: b\n");
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--config-file=" + flagFile),
                Map.of("ETCD_CONFIG_FILE", envFile.toString()));
        assertThat(parsed.config().name()).isEqualTo("a");
    }

    @Test
    void listsNumbersBooleansAndEmptyKeysAsEtcdSampleWritesThem() throws Exception {
        Path file = write("""
                name: 'n'
                data-dir:
                wal-dir: /wal
                snapshot-count: 10000
                heartbeat-interval: 100
                election-timeout: 1000
                quota-backend-bytes: 8589934592
                max-request-bytes: 1572864
                max-txn-ops: 128
                listen-client-urls: http://localhost:2379
                advertise-client-urls: http://localhost:2379
                initial-cluster: n=http://localhost:2380
                initial-cluster-state: 'new'
                log-level: debug
                logger: zap
                log-outputs: [stderr]
                enable-v2: false
                auto-compaction-retention: "0"
                auto-compaction-mode: periodic
                discovery:
                cors:
                strict-reconfig-check: true
                client-transport-security:
                  cert-file:
                  key-file:
                  client-cert-auth: false
                  trusted-ca-file:
                  auto-tls: false
                peer-transport-security:
                  cert-file:
                  auto-tls: false
                """);
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--config-file", file.toString()), Map.of());
        NodeConfig config = parsed.config();
        assertThat(config.name()).isEqualTo("n");
        assertThat(config.dataDir()).isEqualTo(Path.of("n.etcd"));
        assertThat(config.walDir()).isEqualTo(Path.of("/wal"));
        assertThat(config.snapshotCount()).isEqualTo(10000);
        assertThat(config.quotaBackendBytes()).isEqualTo(8589934592L);
        assertThat(config.logLevel()).isEqualTo("debug");
        assertThat(config.logOutputs()).containsExactly("stderr");
        assertThat(config.clientTls()).isEqualTo(TlsSettings.NONE);
        assertThat(parsed.unsupportedSettingsUsed()).isEmpty();
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void thePeerTransportSecurityBlockGivesEveryPeerTlsSetting() throws Exception {
        Path file = write("""
                name: n
                listen-peer-urls: https://127.0.0.1:2380
                peer-transport-security:
                  cert-file: /pki/peer.pem
                  key-file: /pki/peer-key.pem
                  client-cert-auth: true
                  trusted-ca-file: /pki/ca.pem
                  auto-tls: false
                  crl-file: /pki/crl.pem
                  allowed-cn: member
                """);
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--config-file", file.toString()), Map.of());
        assertThat(parsed.config().peerTls()).isEqualTo(new PeerTlsSettings(new TlsSettings(Path.of("/pki/peer.pem"),
                Path.of("/pki/peer-key.pem"), Path.of("/pki/ca.pem"), Path.of("/pki/crl.pem"), true, false),
                "member", null));
        assertThat(parsed.unsupportedSettingsUsed()).isEmpty();

        Path autoTls = write("name: n\npeer-transport-security:\n  auto-tls: true\n  allowed-hostname: m.example\n");
        assertThat(ConfigLoader.load(List.of("--config-file", autoTls.toString()), Map.of()).config().peerTls())
                .isEqualTo(new PeerTlsSettings(new TlsSettings(null, null, null, null, false, true), null, "m.example"));
    }

    @Test
    void unknownKeysAreIgnoredWithAWarning() throws Exception {
        Path file = write("name: default\nbogus-key: 1\nclient-transport-security:\n  nonsense: x\n");
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--config-file", file.toString()), Map.of());
        assertThat(parsed.warnings()).containsExactly("unknown key bogus-key in " + file + "; ignored",
                "unknown key client-transport-security.nonsense in " + file + "; ignored");
    }

    @Test
    void unsupportedKeysAreReportedWithTheirLocation() throws Exception {
        Path file = write("max-wals: 10\nenable-v2: true\n");
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--config-file", file.toString()), Map.of());
        assertThat(parsed.unsupportedSettingsUsed()).containsExactly(
                "max-wals in " + file, "enable-v2 in " + file);
    }

    @Test
    void fileErrorsNameTheFile() throws Exception {
        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config-file", missing.toString()), Map.of()))
                .hasMessage("cairn: cannot read --config-file " + missing + ": no such file");
        Path broken = write("name: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config-file", broken.toString()), Map.of()))
                .hasMessageStartingWith("cairn: cannot parse --config-file " + broken + ": ")
                .message().doesNotContain("\n");
        Path scalar = dir.resolve("scalar.yml");
        Files.writeString(scalar, "just text\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config-file", scalar.toString()), Map.of()))
                .hasMessage("cairn: cannot parse --config-file " + scalar + ": expected a mapping of settings");
    }

    @Test
    void valueErrorsNameTheKeyAndTheFile() throws Exception {
        Path file = write("snapshot-count: -3\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config-file", file.toString()), Map.of()))
                .hasMessage("cairn: invalid value \"-3\" for snapshot-count in " + file
                        + ": must be a non-negative integer");
        Path tls = write("client-transport-security:\n  client-cert-auth: sometimes\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config-file", tls.toString()), Map.of()))
                .hasMessage("cairn: invalid boolean value \"sometimes\" for client-transport-security.client-cert-auth in "
                        + tls);
    }

    @Test
    void anExplicitListenClientUrlsInAFileKeepsTheDefaultAdvertiseUrl() throws Exception {
        Path file = write("listen-client-urls: http://127.0.0.1:2379\n");
        NodeConfig config = ConfigLoader.load(List.of("--config-file", file.toString()), Map.of()).config();
        assertThat(config.advertiseClientUrls()).containsExactly(URI.create("http://localhost:2379"));
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "etcd", ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
