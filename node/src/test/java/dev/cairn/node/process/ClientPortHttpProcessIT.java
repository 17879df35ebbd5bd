package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.node.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP on the client port, next to gRPC, against real etcd 3.4: curl gets {@code /health}, {@code /version} and
 * {@code /metrics} from both servers' client URLs, plain and with mutual TLS, and etcdctl works on the same ports.
 */
class ClientPortHttpProcessIT {
    private static final Pattern JSON_KEY = Pattern.compile("\"([^\"]+)\"\\s*:");

    private static Path workDir;
    private static ServerPair servers;
    private static Curl curl;

    @BeforeAll
    static void startServers() throws IOException {
        assumeTrue(Curl.installed(), "curl is not installed");
        workDir = ServerPair.newWorkDir("client-port-http-");
        curl = new Curl(workDir);
        servers = ServerPair.start(workDir);
        servers.reference.awaitReady(etcdctl(servers.reference));
        servers.candidate.awaitReady(etcdctl(servers.candidate));
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void healthAndVersionHaveEtcdsJsonKeys() {
        for (String path : List.of("/health", "/health?exclude=NOSPACE", "/version")) {
            Curl.Result etcd = curl.get(servers.reference.endpoint() + path, List.of());
            Curl.Result cairn = curl.get(servers.candidate.endpoint() + path, List.of());
            assertThat(etcd.status()).as("etcd %s: %s", path, etcd).isEqualTo(200);
            assertThat(cairn.status()).as("cairn %s: %s", path, cairn).isEqualTo(200);
            assertSameKeys(path, etcd.body(), cairn.body());
        }
    }

    @Test
    void metricsAndGrpcShareTheClientPort() {
        CommandOutput put = etcdctl(servers.candidate).run(List.of("put", "shared-port", "yes"), "");
        assertThat(put.exitCode()).as(put.render()).isZero();
        Curl.Result metrics = curl.get(servers.candidate.endpoint() + "/metrics", List.of());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("\netcd_server_has_leader 1\n");
        assertThat(etcdctl(servers.candidate).run(List.of("get", "shared-port"), "").stdout())
                .isEqualTo("shared-port\nyes\n");
    }

    @Test
    void unknownPathsAreNotFoundAsOnEtcd() {
        Curl.Result etcd = curl.get(servers.reference.endpoint() + "/no-such-endpoint", List.of());
        Curl.Result cairn = curl.get(servers.candidate.endpoint() + "/no-such-endpoint", List.of());
        assertThat(cairn.status()).isEqualTo(etcd.status()).isEqualTo(404);
        assertThat(cairn.body()).isEqualTo(etcd.body());
    }

    @Test
    void theV3GatewayIsRefusedByNameOnCairn() {
        Curl.Result cairn = curl.get(servers.candidate.endpoint() + "/v3/kv/range",
                List.of("-X", "POST", "-d", "{\"key\":\"Zm9v\"}"));
        assertThat(cairn.status()).isEqualTo(501);
        assertThat(cairn.body()).contains("/v3 JSON gateway is not supported");
    }

    @Test
    void aMutualTlsClientPortServesHttpOnlyToClientsWithACertificate() throws IOException {
        Path tlsDir = Files.createDirectories(workDir.resolve("tls"));
        TestCertificates pki = TestCertificates.create(Files.createDirectories(tlsDir.resolve("pki")), "cairn-test-ca");
        List<String> serverFlags = List.of("--cert-file", pki.serverCert.toString(), "--key-file",
                pki.serverKey.toString(), "--trusted-ca-file", pki.caCert.toString(), "--client-cert-auth");
        List<String> caOnly = List.of("--cacert", pki.caCert.toString());
        List<String> withCertificate = List.of("--cacert", pki.caCert.toString(),
                "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString());
        try (ServerPair tls = ServerPair.start(tlsDir, "https", serverFlags)) {
            tls.reference.awaitReady(etcdctl(tls.reference, withCertificate));
            tls.candidate.awaitReady(etcdctl(tls.candidate, withCertificate));
            // cairn's gRPC takes every connection whose ALPN chose h2, so curl must ask for HTTP/1.1 over TLS.
            List<String> http1WithCertificate = new ArrayList<>(withCertificate);
            http1WithCertificate.add("--http1.1");
            for (String path : List.of("/health", "/version")) {
                Curl.Result etcd = curl.get(tls.reference.endpoint() + path, http1WithCertificate);
                Curl.Result cairn = curl.get(tls.candidate.endpoint() + path, http1WithCertificate);
                assertThat(etcd.status()).as("etcd %s: %s", path, etcd).isEqualTo(200);
                assertThat(cairn.status()).as("cairn %s: %s", path, cairn).isEqualTo(200);
                assertSameKeys(path, etcd.body(), cairn.body());
            }
            List<String> http1CaOnly = new ArrayList<>(caOnly);
            http1CaOnly.add("--http1.1");
            assertThat(curl.get(tls.reference.endpoint() + "/health", http1CaOnly).status()).isZero();
            Curl.Result refused = curl.get(tls.candidate.endpoint() + "/health", http1CaOnly);
            assertThat(refused.status()).as("%s", refused).isZero();
            assertThat(refused.exitCode()).isNotZero();

            CommandOutput put = etcdctl(tls.candidate, withCertificate).run(List.of("put", "over-tls", "1"), "");
            assertThat(put.exitCode()).as(put.render()).isZero();
        }
    }

    /**
     * Every key etcd 3.4 answers is in cairn's answer; cairn may add only {@code reason}, which /health has from
     * etcd 3.5 on (the API version cairn reports).
     */
    private static void assertSameKeys(String path, String etcdJson, String cairnJson) {
        Set<String> etcdKeys = keys(etcdJson);
        Set<String> cairnKeys = keys(cairnJson);
        assertThat(etcdKeys).as("etcd's keys for %s in %s", path, etcdJson).isNotEmpty();
        assertThat(cairnKeys).as("cairn's keys for %s: %s vs etcd's %s", path, cairnJson, etcdJson)
                .containsAll(etcdKeys);
        Set<String> extra = new TreeSet<>(cairnKeys);
        extra.removeAll(etcdKeys);
        assertThat(extra).as("keys cairn adds for %s", path).isSubsetOf(Set.of("reason"));
    }

    private static Set<String> keys(String json) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = JSON_KEY.matcher(json);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    private static Etcdctl etcdctl(ServerProcess server) {
        return etcdctl(server, List.of());
    }

    private static Etcdctl etcdctl(ServerProcess server, List<String> flags) {
        List<String> global = new ArrayList<>(List.of("--dial-timeout=2s", "--command-timeout=5s"));
        global.addAll(flags);
        return new Etcdctl(server.endpoint(), workDir, global);
    }
}
