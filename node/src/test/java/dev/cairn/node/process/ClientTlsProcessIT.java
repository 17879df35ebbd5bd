package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.tls.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client TLS against real etcd: both servers are started with the same CA, server certificate and
 * {@code --client-cert-auth} on an https client URL, and the real etcdctl must get the same answers from both, with
 * and without a valid client certificate.
 */
class ClientTlsProcessIT {
    private static final List<String> TIMEOUTS = List.of("--dial-timeout=2s", "--command-timeout=5s");
    /** A refused handshake makes etcdctl retry until its command timeout, so refusals get a short one. */
    private static final List<String> SHORT_TIMEOUTS = List.of("--dial-timeout=1s", "--command-timeout=2s");

    private static Path workDir;
    private static TestCertificates pki;
    private static TestCertificates otherPki;
    private static ServerProcess reference;
    private static ServerProcess candidate;
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        workDir = ServerPair.newWorkDir("client-tls-");
        pki = TestCertificates.create(Files.createDirectories(workDir.resolve("pki")), "cairn-test-ca");
        otherPki = TestCertificates.create(Files.createDirectories(workDir.resolve("other-pki")), "other-ca");
        List<String> tlsFlags = List.of("--cert-file", pki.serverCert.toString(), "--key-file", pki.serverKey.toString(),
                "--trusted-ca-file", pki.caCert.toString(), "--client-cert-auth");
        servers = ServerPair.start(workDir, "https", tlsFlags);
        reference = servers.reference;
        candidate = servers.candidate;
        reference.awaitReady(withClientCertificate(reference));
        candidate.awaitReady(withClientCertificate(candidate));
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void etcdctlWithAClientCertificatePutsAndGetsLikeEtcd() {
        for (List<String> command : List.of(List.of("put", "tls-key", "tls-value"), List.of("get", "tls-key"))) {
            CommandOutput expected = withClientCertificate(reference).run(command, "");
            CommandOutput actual = withClientCertificate(candidate).run(command, "");
            assertThat(expected.exitCode()).as(expected.render()).isZero();
            assertThat(actual).as("%s on cairn:%n%s", command, actual.render()).isEqualTo(expected);
        }
        assertThat(withClientCertificate(candidate).run(List.of("get", "tls-key"), "").stdout())
                .isEqualTo("tls-key\ntls-value\n");
    }

    @Test
    void etcdctlWithoutAClientCertificateFailsOnBoth() {
        List<String> caOnly = new ArrayList<>(SHORT_TIMEOUTS);
        caOnly.addAll(flags("--cacert", pki.caCert));
        assertThat(etcdctl(reference, caOnly).run(List.of("get", "tls-key"), "").exitCode()).isNotZero();
        assertThat(etcdctl(candidate, caOnly).run(List.of("get", "tls-key"), "").exitCode()).isNotZero();
    }

    @Test
    void etcdctlWithACertificateFromAnotherCaFailsOnBoth() {
        List<String> foreign = new ArrayList<>(SHORT_TIMEOUTS);
        foreign.addAll(flags("--cacert", pki.caCert, "--cert", otherPki.clientCert, "--key", otherPki.clientKey));
        assertThat(etcdctl(reference, foreign).run(List.of("put", "k", "v"), "").exitCode()).isNotZero();
        assertThat(etcdctl(candidate, foreign).run(List.of("put", "k", "v"), "").exitCode()).isNotZero();
    }

    @Test
    void autoTlsServesEtcdctlLikeEtcd() {
        ServerProcess etcd = null;
        ServerProcess cairn = null;
        try {
            etcd = ServerProcess.start("etcd-auto-tls", ServerPair.etcdLauncher(),
                    workDir, "https", List.of("--auto-tls"));
            cairn = ServerProcess.start("cairn-auto-tls", ServerPair.cairnLauncher(), workDir,
                    "https", List.of("--auto-tls"));
            // etcdctl 3.4 dials in plaintext unless told otherwise when no certificate flag is given.
            List<String> insecure = List.of("--insecure-transport=false", "--insecure-skip-tls-verify");
            List<String> verifying = new ArrayList<>(SHORT_TIMEOUTS);
            verifying.add("--insecure-transport=false");
            etcd.awaitReady(etcdctl(etcd, insecure));
            cairn.awaitReady(etcdctl(cairn, insecure));
            for (List<String> command : List.of(List.of("put", "a", "1"), List.of("get", "a"))) {
                CommandOutput expected = etcdctl(etcd, insecure).run(command, "");
                assertThat(expected.exitCode()).as(expected.render()).isZero();
                assertThat(etcdctl(cairn, insecure).run(command, "")).isEqualTo(expected);
            }
            assertThat(cairn.dataDir().resolve("fixtures/client/cert.pem")).isRegularFile();
            // Without skipping verification the self-signed certificate is not trusted, by either server's client.
            assertThat(etcdctl(etcd, verifying).run(List.of("get", "a"), "").exitCode()).isNotZero();
            assertThat(etcdctl(cairn, verifying).run(List.of("get", "a"), "").exitCode()).isNotZero();
        } finally {
            if (cairn != null) {
                cairn.close();
            }
            if (etcd != null) {
                etcd.close();
            }
        }
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateStopsCairnWithAOneLineError() throws Exception {
        Path dataDir = workDir.resolve("mismatch-data");
        List<String> command = new ArrayList<>(ServerPair.cairnLauncher());
        command.addAll(List.of("--data-dir", dataDir.toString(), "--listen-client-urls", "https://127.0.0.1:0",
                "--advertise-client-urls", "https://127.0.0.1:2379", "--cert-file", pki.serverCert.toString(),
                "--key-file", pki.clientKey.toString()));
        Path output = workDir.resolve("mismatch.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo("cairn: --key-file " + pki.clientKey
                + " does not match the certificate in --cert-file " + pki.serverCert + "\n");
        assertThat(dataDir).doesNotExist();
    }

    private static Etcdctl withClientCertificate(ServerProcess server) {
        return etcdctl(server, flags("--cacert", pki.caCert, "--cert", pki.clientCert, "--key", pki.clientKey));
    }

    /** Later flags win in etcdctl, so short timeouts among {@code flags} override the default ones. */
    private static Etcdctl etcdctl(ServerProcess server, List<String> flags) {
        List<String> global = new ArrayList<>(TIMEOUTS);
        global.addAll(flags);
        return new Etcdctl(server.endpoint(), workDir, global);
    }

    private static List<String> flags(Object... namesAndFiles) {
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < namesAndFiles.length; i += 2) {
            flags.add(namesAndFiles[i] + "=" + namesAndFiles[i + 1]);
        }
        return flags;
    }

}
