package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every implemented flag in each of Go's four spellings, booleans, help, version and syntax errors. */
class CommandLineSyntaxTest {

    static NodeConfig load(String... args) {
        return ConfigLoader.load(List.of(args), Map.of()).config();
    }

    /** flag, a valid value, and what NodeConfig must then hold. Other flags keep their defaults. */
    static Stream<Arguments> implementedFlags() {
        return Stream.of(
                flag("name", "default", NodeConfig::name, "default"),
                flag("data-dir", "/var/lib/cairn", NodeConfig::dataDir, Path.of("/var/lib/cairn")),
                flag("wal-dir", "/wal", NodeConfig::walDir, Path.of("/wal")),
                flag("listen-peer-urls", "http://127.0.0.1:12380", NodeConfig::listenPeerUrls,
                        List.of(URI.create("http://127.0.0.1:12380"))),
                flag("advertise-client-urls", "http://10.0.0.1:2379,http://node-a:2379",
                        NodeConfig::advertiseClientUrls,
                        List.of(URI.create("http://10.0.0.1:2379"), URI.create("http://node-a:2379"))),
                flag("initial-cluster-state", "existing", NodeConfig::initialClusterState,
                        InitialClusterState.EXISTING),
                flag("initial-cluster-token", "tok-1", NodeConfig::initialClusterToken, "tok-1"),
                flag("snapshot-count", "5000", NodeConfig::snapshotCount, 5000L),
                flag("quota-backend-bytes", "4294967296", NodeConfig::quotaBackendBytes, 4294967296L),
                flag("heartbeat-interval", "50", NodeConfig::heartbeatInterval, Duration.ofMillis(50)),
                flag("election-timeout", "2000", NodeConfig::electionTimeout, Duration.ofMillis(2000)),
                flag("max-request-bytes", "10485760", NodeConfig::maxRequestBytes, 10485760),
                flag("max-txn-ops", "1024", NodeConfig::maxTxnOps, 1024),
                flag("log-level", "debug", NodeConfig::logLevel, "debug"),
                flag("logger", "zap", NodeConfig::logLevel, "info"),
                flag("log-outputs", "stdout", NodeConfig::logOutputs, List.of("stdout")));
    }

    private static Arguments flag(String name, String value, Function<NodeConfig, Object> getter, Object expected) {
        return Arguments.of(name, value, getter, expected);
    }

    @ParameterizedTest(name = "--{0} {1}")
    @MethodSource("implementedFlags")
    void everySpellingOfAFlagGivesTheSameValue(String name, String value, Function<NodeConfig, Object> getter,
                                               Object expected) {
        assertThat(getter.apply(load("--" + name, value))).isEqualTo(expected);
        assertThat(getter.apply(load("--" + name + "=" + value))).isEqualTo(expected);
        assertThat(getter.apply(load("-" + name, value))).isEqualTo(expected);
        assertThat(getter.apply(load("-" + name + "=" + value))).isEqualTo(expected);
    }

    @Test
    void listenClientUrlsInEverySpelling() {
        for (List<String> args : List.of(
                List.of("--listen-client-urls", "http://127.0.0.1:1", "--advertise-client-urls", "http://a:1"),
                List.of("--listen-client-urls=http://127.0.0.1:1", "-advertise-client-urls=http://a:1"),
                List.of("-listen-client-urls", "http://127.0.0.1:1", "-advertise-client-urls", "http://a:1"),
                List.of("-listen-client-urls=http://127.0.0.1:1", "--advertise-client-urls=http://a:1"))) {
            NodeConfig config = ConfigLoader.load(args, Map.of()).config();
            assertThat(config.listenClientUrls()).containsExactly(URI.create("http://127.0.0.1:1"));
            assertThat(config.advertiseClientUrls()).containsExactly(URI.create("http://a:1"));
        }
    }

    @Test
    void memberFlagsTogether() {
        NodeConfig config = load("--name", "n1", "--initial-advertise-peer-urls", "http://10.0.0.1:2380",
                "--initial-cluster", "n1=http://10.0.0.1:2380, n2=http://10.0.0.2:2380",
                "--listen-peer-urls=http://0.0.0.0:2380");
        assertThat(config.name()).isEqualTo("n1");
        assertThat(config.dataDir()).isEqualTo(Path.of("n1.etcd"));
        assertThat(config.initialAdvertisePeerUrls()).containsExactly(URI.create("http://10.0.0.1:2380"));
        assertThat(config.initialCluster()).containsExactly(
                Map.entry("n1", List.of(URI.create("http://10.0.0.1:2380"))),
                Map.entry("n2", List.of(URI.create("http://10.0.0.2:2380"))));
        assertThat(config.listenPeerUrls()).containsExactly(URI.create("http://0.0.0.0:2380"));
    }

    @Test
    void defaultsAreEtcds() {
        NodeConfig config = load();
        assertThat(config.name()).isEqualTo("default");
        assertThat(config.dataDir()).isEqualTo(Path.of("default.etcd"));
        assertThat(config.walDir()).isNull();
        assertThat(config.listenClientUrls()).containsExactly(URI.create("http://localhost:2379"));
        assertThat(config.advertiseClientUrls()).containsExactly(URI.create("http://localhost:2379"));
        assertThat(config.listenPeerUrls()).containsExactly(URI.create("http://localhost:2380"));
        assertThat(config.initialAdvertisePeerUrls()).containsExactly(URI.create("http://localhost:2380"));
        assertThat(config.initialCluster())
                .containsExactly(Map.entry("default", List.of(URI.create("http://localhost:2380"))));
        assertThat(config.initialClusterState()).isEqualTo(InitialClusterState.NEW);
        assertThat(config.initialClusterToken()).isEqualTo("etcd-cluster");
        assertThat(config.snapshotCount()).isEqualTo(100_000);
        assertThat(config.quotaBackendBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.electionTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(config.maxRequestBytes()).isEqualTo(1_572_864);
        assertThat(config.maxTxnOps()).isEqualTo(128);
        assertThat(config.logLevel()).isEqualTo("info");
        assertThat(config.logOutputs()).containsExactly("stderr");
        assertThat(config.clientTls()).isEqualTo(TlsSettings.NONE);
        assertThat(config.peerTls()).isEqualTo(PeerTlsSettings.NONE);
        assertThat(config.configFile()).isNull();
    }

    @Test
    void initialClusterIsDerivedFromTheNameAndAdvertisedPeerUrls() {
        NodeConfig config = load("--name", "infra0", "--initial-advertise-peer-urls",
                "http://10.0.0.5:2380,http://10.0.0.6:2380");
        assertThat(config.initialCluster()).containsExactly(Map.entry("infra0",
                List.of(URI.create("http://10.0.0.5:2380"), URI.create("http://10.0.0.6:2380"))));
    }

    @Test
    void aNameRepeatedInInitialClusterGivesThatMemberSeveralPeerUrls() {
        NodeConfig config = load("--name", "a", "--initial-advertise-peer-urls", "http://10.0.0.1:2380,http://10.0.0.2:2380",
                "--initial-cluster", "a=http://10.0.0.1:2380,b=http://10.0.0.3:2380,a=http://10.0.0.2:2380");
        assertThat(config.initialCluster().get("a"))
                .containsExactly(URI.create("http://10.0.0.1:2380"), URI.create("http://10.0.0.2:2380"));
        assertThat(config.initialCluster().keySet()).containsExactly("a", "b");
    }

    @Test
    void snapshotCountZeroMeansTheDefault() {
        assertThat(load("--snapshot-count=0").snapshotCount()).isEqualTo(100_000);
    }

    @Test
    void logOutputsDefaultIsStderrAndSeveralAreKept() {
        assertThat(load("--log-outputs", "default").logOutputs()).containsExactly("stderr");
        assertThat(load("--log-outputs", "stderr,stdout").logOutputs()).containsExactly("stderr", "stdout");
        assertThat(load("--log-outputs", "stdout,stderr").logOutputsJoined()).isEqualTo("stdout,stderr");
    }

    @Test
    void theLastOfARepeatedFlagWins() {
        assertThat(load("--name", "a", "--name", "b").name()).isEqualTo("b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--h", "-help", "--help"})
    void helpIsRecognised(String flag) {
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--name", "x", flag, "--unknown-but-after-help"), Map.of());
        assertThat(parsed.helpRequested()).isTrue();
        assertThat(parsed.config()).isNull();
    }

    @Test
    void helpTextListsTheImplementedFlagsWithTheirDefaults() {
        String help = ConfigLoader.helpText();
        for (String flag : List.of("--name 'default'", "--data-dir '${name}.etcd'", "--wal-dir ''",
                "--listen-client-urls 'http://localhost:2379'", "--advertise-client-urls 'http://localhost:2379'",
                "--listen-peer-urls 'http://localhost:2380'", "--initial-advertise-peer-urls 'http://localhost:2380'",
                "--initial-cluster 'default=http://localhost:2380'", "--initial-cluster-state 'new'",
                "--initial-cluster-token 'etcd-cluster'", "--snapshot-count '100000'", "--quota-backend-bytes '0'",
                "--heartbeat-interval '100'", "--election-timeout '1000'", "--max-request-bytes '1572864'",
                "--max-txn-ops '128'", "--log-level 'info'", "--logger 'zap'", "--log-outputs 'default'",
                "--config-file", "--version", "--help")) {
            assertThat(help).contains(flag);
        }
        assertThat(help).contains("Member:", "Clustering:", "Logging:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-version", "--version=true", "-version=1"})
    void versionIsRecognised(String flag) {
        ParsedCommandLine parsed = ConfigLoader.load(List.of(flag), Map.of());
        assertThat(parsed.versionRequested()).isTrue();
        assertThat(parsed.helpRequested()).isFalse();
    }

    @Test
    void versionFalseRuns() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--version=false"), Map.of());
        assertThat(parsed.action()).isEqualTo(ParsedCommandLine.Action.RUN);
        assertThat(parsed.config()).isNotNull();
    }

    @Test
    void aBooleanFlagAloneIsTrueAndDoesNotConsumeTheNextArgument() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of("--enable-v2", "--name", "x"), Map.of());
        assertThat(parsed.unsupportedSettingsUsed()).containsExactly("--enable-v2");
        assertThat(parsed.config().name()).isEqualTo("x");
    }

    @Test
    void goBooleanSpellingsAreAccepted() {
        for (String value : List.of("1", "t", "T", "TRUE", "true", "True")) {
            assertThat(ConfigLoader.load(List.of("--peer-auto-tls=" + value), Map.of()).config().peerTls().tls()
                    .autoTls()).isTrue();
        }
        for (String value : List.of("0", "f", "F", "FALSE", "false", "False")) {
            assertThat(ConfigLoader.load(List.of("--peer-auto-tls=" + value), Map.of()).config().peerTls().tls()
                    .autoTls()).isFalse();
        }
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of(List.of("--foo"), "cairn: unknown flag --foo"),
                Arguments.of(List.of("--foo=bar"), "cairn: unknown flag --foo"),
                Arguments.of(List.of("-foo", "bar"), "cairn: unknown flag --foo"),
                Arguments.of(List.of("--name"), "cairn: flag needs an argument: --name"),
                Arguments.of(List.of("---name", "x"), "cairn: bad flag syntax: ---name"),
                Arguments.of(List.of("-=x"), "cairn: bad flag syntax: -=x"),
                Arguments.of(List.of("--enable-v2", "yes"), "cairn: 'yes' is not a valid flag"),
                Arguments.of(List.of("--enable-v2=yes"), "cairn: invalid boolean value \"yes\" for --enable-v2"),
                Arguments.of(List.of("serve"), "cairn: 'serve' is not a valid flag"),
                Arguments.of(List.of("--name", "x", "--", "--data-dir", "y"), "cairn: '--data-dir' is not a valid flag"),
                Arguments.of(List.of("-"), "cairn: '-' is not a valid flag"));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void syntaxErrorsGiveOneClearLine(List<String> args, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(args, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void flagsEtcdIgnoresAreAcceptedWithAWarning() {
        ParsedCommandLine parsed = ConfigLoader.load(List.of("-v", "--name", "x"), Map.of());
        assertThat(parsed.config().name()).isEqualTo("x");
        assertThat(parsed.warnings()).containsExactly("flag --v is no longer supported; ignored");
    }
}
