package dev.cairn.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyManagerTest {
    @TempDir
    Path dir;

    private TestCertificates first;
    private TestCertificates second;
    private Path cert;
    private Path key;

    /** Two certificate and key pairs, the first of them in the files the key manager reads. */
    @BeforeEach
    void twoPairs() throws IOException {
        first = TestCertificates.create(Files.createDirectories(dir.resolve("first")), "ca");
        second = TestCertificates.create(Files.createDirectories(dir.resolve("second")), "ca");
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        TestCertificates.replaceFile(cert, first.serverCert);
        TestCertificates.replaceFile(key, first.serverKey);
    }

    @Test
    void aChangedPairIsServedFromTheNextHandshakeAndAPairThatDoesNotMatchIsNot() throws Exception {
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) ReloadingKeyManager.load("--cert-file", cert,
                "--key-file", key);
        assertThat(served(keys)).isEqualTo(TestCertificates.certificate(first.serverCert));

        TestCertificates.replaceFile(cert, second.serverCert);
        TestCertificates.replaceFile(key, second.serverKey);
        assertThat(served(keys)).isEqualTo(TestCertificates.certificate(second.serverCert));

        TestCertificates.replaceFile(cert, first.serverCert); // half way through a renewal: the key does not match yet
        assertThat(served(keys)).isEqualTo(TestCertificates.certificate(second.serverCert));
        Files.delete(key); // and then missing for a moment
        assertThat(served(keys)).isEqualTo(TestCertificates.certificate(second.serverCert));

        TestCertificates.replaceFile(key, first.serverKey);
        assertThat(served(keys)).isEqualTo(TestCertificates.certificate(first.serverCert));
    }

    @Test
    void aHandshakeThatChoseItsAliasBeforeAReloadStillGetsTheMatchingChainAndKey() throws Exception {
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) ReloadingKeyManager.load("--cert-file", cert,
                "--key-file", key);
        String chosenBefore = keys.chooseEngineServerAlias("RSA", null, null);

        TestCertificates.replaceFile(cert, second.serverCert);
        TestCertificates.replaceFile(key, second.serverKey);
        assertThat(served(keys)).isEqualTo(TestCertificates.certificate(second.serverCert));

        assertThat(keys.getCertificateChain(chosenBefore)[0]).isEqualTo(TestCertificates.certificate(first.serverCert));
        assertThat(keys.getPrivateKey(chosenBefore).getEncoded())
                .isEqualTo(PemFiles.privateKey("--key-file", first.serverKey).getEncoded());
    }

    @Test
    void aPairThatCannotBeUsedAtStartupFailsAsBefore() {
        assertThatThrownBy(() -> ReloadingKeyManager.load("--cert-file", first.serverCert, "--key-file",
                second.serverKey))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("does not match the certificate in --cert-file");
    }

    private static X509Certificate served(X509ExtendedKeyManager keys) {
        String alias = keys.chooseEngineServerAlias("RSA", null, null);
        assertThat(alias).isNotNull();
        X509Certificate[] chain = keys.getCertificateChain(alias);
        assertThat(keys.getPrivateKey(alias)).isNotNull();
        return chain[0];
    }

}
