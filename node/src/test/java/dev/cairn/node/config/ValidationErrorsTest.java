package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule: the exact one-line message naming the setting at fault. */
class ValidationErrorsTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                // Numbers.
                bad("cairn: invalid value \"abc\" for --snapshot-count: must be a non-negative integer",
                        "--snapshot-count", "abc"),
                bad("cairn: invalid value \"-1\" for --snapshot-count: must be a non-negative integer",
                        "--snapshot-count=-1"),
                bad("cairn: invalid value \"-1\" for --quota-backend-bytes: must not be negative (0 means the default of 2 GiB)",
                        "--quota-backend-bytes=-1"),
                bad("cairn: invalid value \"2GB\" for --quota-backend-bytes: must be an integer",
                        "--quota-backend-bytes", "2GB"),
                bad("cairn: invalid value \"99999999999999999999\" for --quota-backend-bytes: must be at most 9223372036854775807",
                        "--quota-backend-bytes", "99999999999999999999"),
                bad("cairn: invalid value \"1.5\" for --heartbeat-interval: must be a non-negative integer",
                        "--heartbeat-interval", "1.5"),
                bad("cairn: --heartbeat-interval must be >0 (set to 0ms)", "--heartbeat-interval", "0"),
                bad("cairn: --election-timeout must be >0 (set to 0ms)", "--election-timeout", "0"),
                bad("cairn: --election-timeout[400ms] should be at least as 5 times as --heartbeat-interval[100ms]",
                        "--election-timeout", "400"),
                bad("cairn: --election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]",
                        "--heartbeat-interval", "300"),
                bad("cairn: --election-timeout[60000ms] is too long, and should be set less than 50000ms",
                        "--election-timeout", "60000"),
                bad("cairn: invalid value \"0\" for --max-request-bytes: must be greater than 0",
                        "--max-request-bytes", "0"),
                bad("cairn: invalid value \"4294967296\" for --max-request-bytes: must be at most 2147483647",
                        "--max-request-bytes", "4294967296"),
                bad("cairn: invalid value \"-5\" for --max-txn-ops: must be a non-negative integer",
                        "--max-txn-ops=-5"),
                bad("cairn: invalid value \"0\" for --max-txn-ops: must be greater than 0", "--max-txn-ops", "0"),
                // Names and states.
                bad("cairn: invalid value \"\" for --name: the member name must not be empty", "--name="),
                bad("cairn: invalid value \"old\" for --initial-cluster-state: valid values are \"new\" and \"existing\"",
                        "--initial-cluster-state", "old"),
                // URLs.
                bad("cairn: invalid value \"localhost:2379\" for --listen-client-urls: URL scheme must be http, https, unix, or unixs: localhost:2379",
                        "--listen-client-urls", "localhost:2379", "--advertise-client-urls", "http://a:1"),
                bad("cairn: invalid value \"ftp://127.0.0.1:2379\" for --listen-peer-urls: URL scheme must be http, https, unix, or unixs: ftp://127.0.0.1:2379",
                        "--listen-peer-urls", "ftp://127.0.0.1:2379"),
                bad("cairn: invalid value \"http://127.0.0.1\" for --listen-peer-urls: URL address does not have the form \"host:port\": http://127.0.0.1",
                        "--listen-peer-urls", "http://127.0.0.1"),
                bad("cairn: invalid value \"http://127.0.0.1:2380/path\" for --listen-peer-urls: URL must not contain a path: http://127.0.0.1:2380/path",
                        "--listen-peer-urls", "http://127.0.0.1:2380/path"),
                bad("cairn: invalid value \"http://example.com:2380\" for --listen-peer-urls: expected an IP address or localhost to bind to in http://example.com:2380",
                        "--listen-peer-urls", "http://example.com:2380"),
                bad("cairn: invalid value \"http://300.1.1.1:2379\" for --listen-client-urls: invalid host in http://300.1.1.1:2379",
                        "--listen-client-urls", "http://300.1.1.1:2379", "--advertise-client-urls", "http://a:1"),
                bad("cairn: invalid value \"http://a b:1\" for --advertise-client-urls: \"http://a b:1\" is not a URL",
                        "--advertise-client-urls", "http://a b:1"),
                bad("cairn: invalid value \"http://n1\" for --initial-advertise-peer-urls: URL address does not have the form \"host:port\": http://n1",
                        "--initial-advertise-peer-urls", "http://n1"),
                bad("cairn: --advertise-client-urls is required when --listen-client-urls is set explicitly",
                        "--listen-client-urls", "http://127.0.0.1:2379"),
                bad("cairn: TLS key/cert (--cert-file, --key-file) must be provided for --listen-client-urls https://127.0.0.1:2379 with a secure scheme",
                        "--listen-client-urls", "https://127.0.0.1:2379", "--advertise-client-urls", "https://a:2379"),
                bad("cairn: TLS key/cert (--peer-cert-file, --peer-key-file) must be provided for --listen-peer-urls https://127.0.0.1:2380 with a secure scheme",
                        "--listen-peer-urls", "https://127.0.0.1:2380"),
                // Initial cluster.
                bad("cairn: invalid value \"default\" for --initial-cluster: \"default\" is not of the form name=peer-url",
                        "--initial-cluster", "default"),
                bad("cairn: invalid value \"=http://localhost:2380\" for --initial-cluster: \"=http://localhost:2380\" is not of the form name=peer-url",
                        "--initial-cluster", "=http://localhost:2380"),
                bad("cairn: invalid value \"default=http://localhost:2380,\" for --initial-cluster: \"\" is not of the form name=peer-url",
                        "--initial-cluster", "default=http://localhost:2380,"),
                bad("cairn: invalid value \"default=localhost:2380\" for --initial-cluster: URL scheme must be http, https, unix, or unixs: localhost:2380",
                        "--initial-cluster", "default=localhost:2380"),
                bad("cairn: invalid value \"default=http://localhost:2380,default=http://localhost:2380\" for --initial-cluster: duplicate entry default=http://localhost:2380",
                        "--initial-cluster", "default=http://localhost:2380,default=http://localhost:2380"),
                bad("cairn: invalid value \"default=http://localhost:2380,other=http://localhost:2380\" for --initial-cluster: peer URL http://localhost:2380 is given to both default and other",
                        "--initial-cluster", "default=http://localhost:2380,other=http://localhost:2380"),
                bad("cairn: couldn't find local name \"n3\" in the initial cluster configuration (--initial-cluster n1=http://localhost:2380,n2=http://localhost:2381)",
                        "--name", "n3", "--initial-cluster", "n1=http://localhost:2380,n2=http://localhost:2381"),
                bad("cairn: --initial-cluster has n1=http://10.0.0.1:2380 but --initial-advertise-peer-urls is http://10.0.0.9:2380; they must match",
                        "--name", "n1", "--initial-cluster", "n1=http://10.0.0.1:2380",
                        "--initial-advertise-peer-urls", "http://10.0.0.9:2380"),
                bad("cairn: --initial-cluster has n1=http://10.0.0.1:2380,http://10.0.0.2:2380 but --initial-advertise-peer-urls is http://10.0.0.1:2380; they must match",
                        "--name", "n1", "--initial-cluster", "n1=http://10.0.0.1:2380,n1=http://10.0.0.2:2380",
                        "--initial-advertise-peer-urls", "http://10.0.0.1:2380"),
                // Logging.
                bad("cairn: invalid value \"verbose\" for --log-level: valid levels are debug, info, warn, error, panic, fatal",
                        "--log-level", "verbose"),
                bad("cairn: invalid value \"capnslog\" for --logger: only 'zap' (structured JSON logging) is supported",
                        "--logger", "capnslog"),
                bad("cairn: --log-outputs \"/var/log/etcd.log\" is not supported by this version of cairn yet (use stderr, stdout or default)",
                        "--log-outputs", "stderr,/var/log/etcd.log"));
    }

    private static Arguments bad(String message, String... args) {
        return Arguments.of(List.of(args), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueIsOneLineNamingTheSetting(List<String> args, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(args, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void electionTimeoutOfExactlyFiveHeartbeatsIsAccepted() {
        NodeConfig config = ConfigLoader.load(List.of("--heartbeat-interval", "200", "--election-timeout", "1000"),
                Map.of()).config();
        assertThat(config.electionTimeout().toMillis()).isEqualTo(1000);
    }

    @Test
    void peerUrlsMatchRegardlessOfOrderAndRepeats() {
        NodeConfig config = ConfigLoader.load(List.of("--name", "n1",
                "--initial-advertise-peer-urls", "http://10.0.0.2:2380,http://10.0.0.1:2380,http://10.0.0.1:2380",
                "--initial-cluster", "n1=http://10.0.0.1:2380,n1=http://10.0.0.2:2380"), Map.of()).config();
        assertThat(config.initialAdvertisePeerUrls()).hasSize(2);
    }

    @Test
    void bindAddressesMayBeIpv4Ipv6OrLocalhostAndAdvertisedOnesAnyHost() {
        NodeConfig config = ConfigLoader.load(List.of("--listen-client-urls", "http://[::1]:2379,http://0.0.0.0:2379",
                "--advertise-client-urls", "http://node-a.example:2379", "--listen-peer-urls", "unix://localhost:2380"),
                Map.of()).config();
        assertThat(config.listenClientUrls()).hasSize(2);
        assertThat(config.listenPeerUrls()).hasSize(1);
    }

    @Test
    void aQuotaAboveEightGibIsAcceptedWithAWarning() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--quota-backend-bytes", "17179869184"), Map.of());
        assertThat(parsed.config().quotaBackendBytes()).isEqualTo(17179869184L);
        assertThat(parsed.warnings()).containsExactly(
                "--quota-backend-bytes 17179869184 exceeds the recommended maximum of 8589934592 bytes");
    }
}
