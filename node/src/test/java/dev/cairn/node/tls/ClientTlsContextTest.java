package dev.cairn.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.config.TlsProtocols;
import dev.cairn.node.config.TlsSettings;
import dev.cairn.node.config.TlsVersion;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building the client TLS context from etcd's settings, and its one-line errors for unusable files. */
class ClientTlsContextTest {
    private static final List<URI> URLS = List.of(URI.create("https://127.0.0.1:2379"),
            URI.create("https://node1.example:2379"));

    @TempDir
    Path dir;

    private TestCertificates pki;

    @BeforeEach
    void createCertificates() {
        pki = TestCertificates.create(dir, "ca");
    }

    @Test
    void withoutTlsSettingsThereIsNoContext() throws Exception {
        assertThat(ClientTlsContext.build(TlsSettings.NONE, dir, URLS)).isEmpty();
    }

    @Test
    void pemCertificateAndKeyGiveAServerContextThatRequiresClientCertificatesWhenAsked() throws Exception {
        assertThat(ClientTlsContext.build(tls(pki.serverCert, pki.serverKey, pki.caCert, true), dir, URLS))
                .hasValueSatisfying(context -> assertThat(context.isServer()).isTrue());
    }

    @Test
    void aMissingCertFileIsNamed() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> ClientTlsContext.build(tls(missing, pki.serverKey, null, false), dir, URLS))
                .isInstanceOf(TlsSetupException.class)
                .hasMessage("--cert-file " + missing + ": no such file");
    }

    @Test
    void aMissingTrustedCaFileIsNamed() {
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> ClientTlsContext.build(tls(pki.serverCert, pki.serverKey, missing, true), dir, URLS))
                .hasMessage("--trusted-ca-file " + missing + ": no such file");
    }

    @Test
    void aKeyThatIsNotTheCertificatesKeyIsRefused() {
        assertThatThrownBy(() -> ClientTlsContext.build(tls(pki.serverCert, pki.clientKey, null, false), dir, URLS))
                .hasMessage("--key-file " + pki.clientKey + " does not match the certificate in --cert-file "
                        + pki.serverCert);
    }

    @Test
    void filesWithoutPemContentAreRefused() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not pem at all\n");
        assertThatThrownBy(() -> ClientTlsContext.build(tls(garbage, pki.serverKey, null, false), dir, URLS))
                .hasMessageStartingWith("--cert-file " + garbage + ": ");
        assertThatThrownBy(() -> ClientTlsContext.build(tls(pki.serverCert, garbage, null, false), dir, URLS))
                .hasMessage("--key-file " + garbage + ": no PEM private key found");
        assertThatThrownBy(() -> ClientTlsContext.build(tls(pki.serverCert, pki.serverCert, null, false), dir, URLS))
                .hasMessage("--key-file " + pki.serverCert + ": no PEM private key found");
    }

    @Test
    void aCertWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> ClientTlsContext.build(tls(pki.serverCert, null, null, false), dir, URLS))
                .hasMessage("--cert-file is set but --key-file is not; both are needed to serve TLS");
    }

    @Test
    void autoTlsGeneratesAPrivateKeyAndACertificateForTheListenHostsOnceAndReusesThem() throws Exception {
        Path dataDir = dir.resolve("data");
        TlsSettings auto = new TlsSettings(null, null, null, null, false, true);
        assertThat(ClientTlsContext.build(auto, dataDir, URLS)).isPresent();
        Path certFile = dataDir.resolve("fixtures/client/cert.pem");
        Path keyFile = dataDir.resolve("fixtures/client/key.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certFile)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("O=etcd");
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "node1.example"));
        byte[] firstCertificate = Files.readAllBytes(certFile);

        assertThat(ClientTlsContext.build(auto, dataDir, URLS)).isPresent();
        assertThat(Files.readAllBytes(certFile)).isEqualTo(firstCertificate);
    }

    @Test
    void givenCertificatesWinOverAutoTls() throws Exception {
        Path dataDir = dir.resolve("data");
        assertThat(ClientTlsContext.build(new TlsSettings(pki.serverCert, pki.serverKey, null, null, false, true),
                dataDir, URLS)).isPresent();
        assertThat(dataDir.resolve("fixtures")).doesNotExist();
    }

    @Test
    void aCipherSuiteEtcdKnowsButThisJvmCannotOfferIsNamed() {
        TlsSettings rc4 = new TlsSettings(pki.serverCert, pki.serverKey, null, null, false, false,
                new TlsProtocols(List.of("TLS_RSA_WITH_RC4_128_SHA"), TlsVersion.TLS1_2, TlsVersion.TLS1_3));
        assertThatThrownBy(() -> ClientTlsContext.build(rc4, dir, URLS)).isInstanceOf(TlsSetupException.class)
                .hasMessage("TLS cipher suite \"TLS_RSA_WITH_RC4_128_SHA\" (--cipher-suites) is not available in this JVM");
    }

    @Test
    void anUnusableRevocationListStopsTheStart() throws Exception {
        Path missing = dir.resolve("missing-crl.pem");
        assertThatThrownBy(() -> ClientTlsContext.build(withCrl(missing), dir, URLS))
                .hasMessage("--client-crl-file " + missing + ": no such file");
        Path garbage = Files.writeString(dir.resolve("garbage-crl.pem"), "not a list\n");
        assertThatThrownBy(() -> ClientTlsContext.build(withCrl(garbage), dir, URLS))
                .hasMessageStartingWith("--client-crl-file " + garbage + ": not a valid certificate revocation list");
        Path good = dir.resolve("crl.pem");
        pki.writeRevocationList(good, pki.clientCertificate.getSerialNumber());
        assertThat(ClientTlsContext.build(withCrl(good), dir, URLS)).isPresent();
    }

    private TlsSettings withCrl(Path crl) {
        return new TlsSettings(pki.serverCert, pki.serverKey, pki.caCert, crl, true, false);
    }

    private static TlsSettings tls(Path cert, Path key, Path ca, boolean clientCertAuth) {
        return new TlsSettings(cert, key, ca, null, clientCertAuth, false);
    }
}
