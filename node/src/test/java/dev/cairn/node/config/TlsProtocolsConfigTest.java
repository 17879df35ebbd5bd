package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cipher-suites, --tls-min-version and --tls-max-version: parsed for both sides, refused with etcd's messages. */
class TlsProtocolsConfigTest {
    @TempDir
    Path dir;

    private static NodeConfig load(String... args) {
        return ConfigLoader.load(List.of(args), Map.of()).config();
    }

    @Test
    void withoutTheFlagsEtcdsDefaultsApply() {
        assertThat(load().clientTls().protocols()).isEqualTo(TlsProtocols.DEFAULT);
        assertThat(TlsProtocols.DEFAULT.minVersion()).isEqualTo(TlsVersion.TLS1_2);
        assertThat(TlsProtocols.DEFAULT.maxVersion()).isEqualTo(TlsVersion.TLS1_3);
    }

    @Test
    void suitesAndVersionsApplyToClientAndPeerAlike() {
        NodeConfig config = load("--cipher-suites",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
                "--tls-min-version", "TLS1.2", "--tls-max-version", "TLS1.2");
        TlsProtocols expected = new TlsProtocols(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"), TlsVersion.TLS1_2, TlsVersion.TLS1_2);
        assertThat(config.clientTls().protocols()).isEqualTo(expected);
        assertThat(config.peerTls().tls().protocols()).isEqualTo(expected);
    }

    @Test
    void theEnvironmentAndTheConfigFileWorkToo() throws Exception {
        assertThat(ConfigLoader.load(List.of(), Map.of("ETCD_TLS_MIN_VERSION", "TLS1.3")).config()
                .clientTls().protocols().minVersion()).isEqualTo(TlsVersion.TLS1_3);
        Path file = Files.writeString(dir.resolve("etcd.yaml"),
                "cipher-suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\ntls-max-version: TLS1.2\n");
        TlsProtocols fromFile = load("--config-file", file.toString()).clientTls().protocols();
        assertThat(fromFile.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(fromFile.maxVersion()).isEqualTo(TlsVersion.TLS1_2);
    }

    @Test
    void badValuesAreRefusedWithEtcdsMessages() {
        assertThatThrownBy(() -> load("--cipher-suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_MADE_UP"))
                .hasMessage("cairn: unexpected TLS cipher suite \"TLS_MADE_UP\"");
        assertThatThrownBy(() -> load("--tls-min-version", "TLS1.1"))
                .hasMessage("cairn: unexpected TLS version \"TLS1.1\" (must be one of: TLS1.2, TLS1.3)");
        assertThatThrownBy(() -> load("--tls-max-version", "1.3"))
                .hasMessage("cairn: unexpected TLS version \"1.3\" (must be one of: TLS1.2, TLS1.3)");
        assertThatThrownBy(() -> load("--tls-min-version", "TLS1.3", "--tls-max-version", "TLS1.2"))
                .hasMessage("cairn: min version (TLS1.3) is greater than max version (TLS1.2)");
        assertThatThrownBy(() -> load("--tls-min-version", "TLS1.3", "--cipher-suites",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .hasMessage("cairn: cipher suites cannot be configured when only TLS1.3 is enabled");
    }
}
