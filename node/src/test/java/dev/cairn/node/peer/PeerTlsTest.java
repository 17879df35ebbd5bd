package dev.cairn.node.peer;

import static dev.cairn.node.peer.PeerTestSupport.CLUSTER;
import static dev.cairn.node.peer.PeerTestSupport.heartbeat;
import static dev.cairn.node.peer.PeerTestSupport.settings;
import static dev.cairn.node.peer.PeerTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.node.config.PeerTlsSettings;
import dev.cairn.node.config.TlsSettings;
import dev.cairn.node.tls.PeerTlsContext;
import dev.cairn.node.tls.TlsSetupException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peer mutual TLS between transports: etcd's peer flags, accepted and refused at the handshake. */
class PeerTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<URI> LISTEN = List.of(URI.create("https://127.0.0.1:0"));

    @TempDir
    Path dir;

    private PeerPki pki;
    private final List<PeerTransport> started = new ArrayList<>();

    @BeforeEach
    void createPki() throws Exception {
        pki = PeerPki.create(dir.resolve("pki"), "peer-ca");
    }

    @AfterEach
    void closeAll() {
        started.forEach(PeerTransport::close);
    }

    private PeerTransport start(long id, RecordingHost host, PeerTlsSettings tls) throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("member-" + id));
        Optional<PeerTlsContext> context = PeerTlsContext.build(tls, dataDir, LISTEN);
        PeerTransport transport = PeerTransport.start(settings(id, CLUSTER, "https", 0, context,
                dataDir.resolve("snap"), 4096), host);
        started.add(transport);
        return transport;
    }

    private static PeerTlsSettings mutual(PeerPki.Issued cert, Path ca, String allowedCn, String allowedHostname,
                                          Path crl) {
        return new PeerTlsSettings(new TlsSettings(cert.cert(), cert.key(), ca, crl, true, false), allowedCn,
                allowedHostname);
    }

    private static PeerTlsSettings mutual(PeerPki.Issued cert, Path ca) {
        return mutual(cert, ca, null, null, null);
    }

    /** Sends one message each way between a (id 1) and b (id 2). */
    private static void connect(PeerTransport a, PeerTransport b) {
        a.updatePeers(Map.of(2L, List.of(url("https", b))));
        b.updatePeers(Map.of(1L, List.of(url("https", a))));
        a.send(List.of(heartbeat(1, 2, 10)));
        b.send(List.of(heartbeat(2, 1, 20)));
    }

    @Test
    void mutualTlsCarriesMessagesBothWays() throws Exception {
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, hostA, mutual(pki.issue("member-1"), pki.caCert));
        PeerTransport b = start(2, hostB, mutual(pki.issue("member-2"), pki.caCert));

        connect(a, b);

        await().atMost(WAIT).until(() -> hostA.received.size() == 1 && hostB.received.size() == 1);
        assertThat(hostB.contextsFrom(1)).containsExactly(10L);
        assertThat(hostA.contextsFrom(2)).containsExactly(20L);
    }

    @Test
    void certificatesFromAnotherCaAreRefusedInBothDirections() throws Exception {
        PeerPki rogue = PeerPki.create(dir.resolve("rogue"), "rogue-ca");
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        // a trusts the real CA but holds a certificate of another one; b is all real.
        PeerTransport a = start(1, hostA, mutual(rogue.issue("member-1"), pki.caCert));
        PeerTransport b = start(2, hostB, mutual(pki.issue("member-2"), pki.caCert));

        connect(a, b);

        // b refuses a's client certificate; b's dialer refuses a's server certificate.
        await().atMost(WAIT).until(() -> hostA.unreachableCount(2) >= 2 && hostB.unreachableCount(1) >= 2);
        assertThat(hostA.receiveCalls).hasValue(0);
        assertThat(hostB.receiveCalls).hasValue(0);
        PeerTlsContext rogueContext = PeerTlsContext.build(mutual(rogue.issue("outsider"), rogue.caCert),
                dir, LISTEN).orElseThrow();
        assertThatThrownBy(() -> PeerDirectory.fetchCluster(List.of(URI.create(url("https", b))),
                Optional.of(rogueContext), Duration.ofSeconds(5)))
                .hasMessageStartingWith("cannot fetch cluster info from peer urls: could not retrieve cluster "
                        + "information from the given URLs (https://127.0.0.1:");
    }

    @Test
    void allowedCnAdmitsOnlyTheNamedCommonName() throws Exception {
        RecordingHost hostB = new RecordingHost();
        RecordingHost hostC = new RecordingHost();
        PeerTransport a = start(1, new RecordingHost(), mutual(pki.issue("member-1"), pki.caCert));
        PeerTransport b = start(2, hostB, mutual(pki.issue("member-2"), pki.caCert, "member-1", null, null));
        PeerTransport c = start(3, hostC, mutual(pki.issue("member-3"), pki.caCert));

        a.updatePeers(Map.of(2L, List.of(url("https", b))));
        a.send(List.of(heartbeat(1, 2, 1)));
        await().atMost(WAIT).until(() -> hostB.received.size() == 1);

        c.updatePeers(Map.of(2L, List.of(url("https", b))));
        c.send(List.of(heartbeat(3, 2, 1)));
        await().atMost(WAIT).until(() -> hostC.unreachableCount(2) >= 2);
        assertThat(hostB.contextsFrom(3)).isEmpty();
    }

    @Test
    void allowedHostnameIsMatchedAgainstTheSubjectAlternativeNames() throws Exception {
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        RecordingHost hostC = new RecordingHost();
        PeerTransport a = start(1, hostA, mutual(pki.issue("member-1"), pki.caCert));
        PeerTransport b = start(2, hostB, mutual(pki.issue("member-2"), pki.caCert, null, "127.0.0.1", null));
        PeerTransport c = start(3, hostC, mutual(pki.issue("member-3"), pki.caCert, null, "member-3.example", null));

        a.updatePeers(Map.of(2L, List.of(url("https", b)), 3L, List.of(url("https", c))));
        a.send(List.of(heartbeat(1, 2, 1), heartbeat(1, 3, 1)));

        await().atMost(WAIT).until(() -> hostB.received.size() == 1);
        // c wants member-3.example, which a's certificate (127.0.0.1, localhost) does not name.
        await().atMost(WAIT).until(() -> hostA.unreachableCount(3) >= 2);
        assertThat(hostA.unreachableCount(2)).isZero();
        assertThat(hostC.receiveCalls).hasValue(0);
    }

    @Test
    void aCertificateOnThePeerCrlIsRefused() throws Exception {
        RecordingHost hostB = new RecordingHost();
        RecordingHost hostC = new RecordingHost();
        PeerPki.Issued revoked = pki.issue("member-3");
        Path crl = pki.revoke("crl.pem", revoked.certificate());
        PeerTransport a = start(1, new RecordingHost(), mutual(pki.issue("member-1"), pki.caCert));
        PeerTransport b = start(2, hostB, mutual(pki.issue("member-2"), pki.caCert, null, null, crl));
        PeerTransport c = start(3, hostC, mutual(revoked, pki.caCert));

        a.updatePeers(Map.of(2L, List.of(url("https", b))));
        a.send(List.of(heartbeat(1, 2, 1)));
        await().atMost(WAIT).until(() -> hostB.received.size() == 1);

        c.updatePeers(Map.of(2L, List.of(url("https", b))));
        c.send(List.of(heartbeat(3, 2, 1)));
        await().atMost(WAIT).until(() -> hostC.unreachableCount(2) >= 2);
        assertThat(hostB.contextsFrom(3)).isEmpty();
    }

    @Test
    void autoTlsMembersTalkWithSelfSignedCertificates() throws Exception {
        PeerTlsSettings auto = new PeerTlsSettings(new TlsSettings(null, null, null, null, false, true), null, null);
        RecordingHost hostA = new RecordingHost();
        RecordingHost hostB = new RecordingHost();
        PeerTransport a = start(1, hostA, auto);
        PeerTransport b = start(2, hostB, auto);

        connect(a, b);

        await().atMost(WAIT).until(() -> hostA.received.size() == 1 && hostB.received.size() == 1);
        assertThat(dir.resolve("member-1").resolve("fixtures").resolve("peer").resolve("cert.pem")).isRegularFile();
        assertThat(dir.resolve("member-2").resolve("fixtures").resolve("peer").resolve("key.pem")).isRegularFile();
    }

    @Test
    void combinationsThatCannotBeHonouredAreRefused() throws Exception {
        PeerPki.Issued cert = pki.issue("member-1");
        assertThatThrownBy(() -> PeerTlsContext.build(new PeerTlsSettings(
                new TlsSettings(null, null, null, null, true, true), null, null), dir, LISTEN))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageStartingWith("--peer-auto-tls makes a self-signed certificate that other members cannot "
                        + "verify");
        assertThatThrownBy(() -> PeerTlsContext.build(mutual(cert, pki.caCert, "a", "b", null), dir, LISTEN))
                .hasMessage("AllowedCN and AllowedHostname are mutually exclusive (cn=\"a\", hostname=\"b\")");
        assertThatThrownBy(() -> PeerTlsContext.build(new PeerTlsSettings(
                new TlsSettings(cert.cert(), cert.key(), null, pki.revoke("c.pem"), false, false), null, null), dir,
                LISTEN))
                .hasMessage("--peer-crl-file checks the certificates of dialing members, which are only asked for "
                        + "with --peer-client-cert-auth or --peer-trusted-ca-file");
        assertThatThrownBy(() -> PeerTlsContext.build(new PeerTlsSettings(
                new TlsSettings(cert.cert(), null, null, null, false, false), null, null), dir, LISTEN))
                .hasMessage("--peer-cert-file is set but --peer-key-file is not; both are needed for peer TLS");
        assertThatThrownBy(() -> PeerTlsContext.build(new PeerTlsSettings(
                new TlsSettings(cert.cert(), cert.cert(), null, null, false, false), null, null), dir, LISTEN))
                .hasMessage("--peer-key-file " + cert.cert() + ": no PEM private key found");
        assertThatThrownBy(() -> PeerTlsContext.build(new PeerTlsSettings(
                new TlsSettings(null, null, pki.caCert, null, true, false), null, null), dir, LISTEN))
                .hasMessage("peer certificate checks are configured but no peer certificate: set --peer-cert-file "
                        + "and --peer-key-file");
        assertThat(PeerTlsContext.build(PeerTlsSettings.NONE, dir, LISTEN)).isEmpty();
    }

    @Test
    void httpsPeersCannotBeDialedWithoutPeerTls() throws Exception {
        PeerTransport plain = PeerTransport.start(settings(1, CLUSTER, "http", 0, Optional.empty(), dir, 16),
                new RecordingHost());
        started.add(plain);
        assertThatThrownBy(() -> plain.updatePeers(Map.of(2L, List.of("https://127.0.0.1:2380"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peer URL https://127.0.0.1:2380 needs peer TLS (--peer-cert-file and --peer-key-file, "
                        + "or --peer-auto-tls)");
        assertThatThrownBy(() -> settings(1, CLUSTER, "https", 0, Optional.empty(), dir, 16))
                .hasMessage("TLS key/cert (--peer-cert-file, --peer-key-file) must be provided for "
                        + "--listen-peer-urls https://127.0.0.1:0 with a secure scheme");
    }
}
