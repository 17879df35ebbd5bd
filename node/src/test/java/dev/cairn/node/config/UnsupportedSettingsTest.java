package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings etcd knows that cairn does not implement yet: recognised, parsed where TLS, and reported when used. */
class UnsupportedSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"--peer-client-cert-file=/pc.pem",
            "--enable-v2", "--auth-token=jwt,pub-key=a", "--experimental-initial-corrupt-check",
            "--experimental-enable-lease-checkpoint-persist=false", "--discovery=https://discovery.etcd.io/x",
            "--discovery-srv=example.com", "--proxy=on", "--max-snapshots=10", "--max-wals=10",
            "--grpc-keepalive-interval=1h", "--enable-pprof", "--metrics=extensive",
            "--force-new-cluster", "--unsafe-no-fsync", "--debug", "--log-package-levels=etcdmain=DEBUG",
            "--experimental-compaction-batch-limit=10",
            "--socket-reuse-port", "--enable-log-rotation", "--max-concurrent-streams=100",
            "--initial-election-tick-advance=false", "--host-whitelist=example.com", "--cors=http://a.example"})
    void usingAnUnsupportedFlagIsReportedByName(String argument) {
        ParsedCommandLine parsed = ConfigLoader.load(List.of(argument), Map.of());
        String flag = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
        assertThat(parsed.unsupportedSettingsUsed()).containsExactly(flag);
        assertThat(parsed.refusals()).containsExactly("cairn: " + flag + " is not supported by this version of cairn yet");
        assertThat(parsed.config()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--enable-v2=false", "--auto-compaction-retention=0", "--auto-compaction-mode=periodic",
            "--strict-reconfig-check", "--max-snapshots=5", "--client-cert-auth=false", "--cert-file=",
            "--enable-grpc-gateway=true", "--log-output=default", "--pre-vote=true", "--initial-election-tick-advance"})
    void givingEtcdsDefaultChangesNothingAndIsNotReported(String argument) {
        ParsedCommandLine parsed = ConfigLoader.load(List.of(argument), Map.of());
        assertThat(parsed.unsupportedSettingsUsed()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--cert-file=/c.pem", "--key-file=/k.pem", "--trusted-ca-file=/ca.pem",
            "--client-cert-auth", "--auto-tls", "--client-crl-file=/crl",
            "--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "--tls-min-version=TLS1.3",
            "--tls-max-version=TLS1.2"})
    void clientTlsFlagsAreSupported(String argument) {
        assertThat(ConfigLoader.load(List.of(argument), Map.of()).unsupportedSettingsUsed()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--peer-cert-file=/p.pem", "--peer-key-file=/pk.pem", "--peer-trusted-ca-file=/pca.pem",
            "--peer-client-cert-auth", "--peer-auto-tls", "--peer-crl-file=/crl", "--peer-cert-allowed-cn=member",
            "--peer-cert-allowed-hostname=member.example"})
    void peerTlsFlagsAreSupported(String argument) {
        assertThat(ConfigLoader.load(List.of(argument), Map.of()).unsupportedSettingsUsed()).isEmpty();
    }

    @Test
    void tlsFlagsAreParsedIntoTheConfig() {
        NodeConfig config = ConfigLoader.load(List.of("--cert-file", "/c.pem", "--key-file", "/k.pem",
                "--trusted-ca-file", "/ca.pem", "--client-cert-auth", "--client-crl-file", "/crl",
                "--peer-cert-file", "/p.pem", "--peer-key-file", "/pk.pem", "--peer-trusted-ca-file", "/pca.pem",
                "--peer-client-cert-auth=true", "--peer-auto-tls", "--peer-crl-file", "/pcrl",
                "--peer-cert-allowed-cn", "member-cn", "--peer-cert-allowed-hostname", "m1.example",
                "--listen-client-urls", "https://127.0.0.1:2379", "--advertise-client-urls", "https://n1:2379",
                "--listen-peer-urls", "https://127.0.0.1:2380"), Map.of()).config();
        assertThat(config.clientTls()).isEqualTo(new TlsSettings(Path.of("/c.pem"), Path.of("/k.pem"),
                Path.of("/ca.pem"), Path.of("/crl"), true, false));
        assertThat(config.clientTls().enabled()).isTrue();
        assertThat(config.peerTls()).isEqualTo(new PeerTlsSettings(new TlsSettings(Path.of("/p.pem"),
                Path.of("/pk.pem"), Path.of("/pca.pem"), Path.of("/pcrl"), true, true), "member-cn", "m1.example"));
    }

    @Test
    void autoTlsAloneEnablesTls() {
        NodeConfig config = ConfigLoader.load(List.of("--auto-tls", "--listen-client-urls", "https://127.0.0.1:2379",
                "--advertise-client-urls", "https://n1:2379"), Map.of()).config();
        assertThat(config.clientTls().enabled()).isTrue();
        assertThat(config.clientTls().certFile()).isNull();
    }

    @Test
    void everyCatalogueEntryIsReachableAsFlagAndVariable() {
        for (SettingSpec spec : EtcdSettings.all()) {
            assertThat(EtcdSettings.find(spec.name())).contains(spec);
            assertThat(spec.environmentVariable()).matches("ETCD_[A-Z0-9_]+");
        }
        assertThat(EtcdSettings.all()).hasSizeGreaterThan(100);
    }
}
