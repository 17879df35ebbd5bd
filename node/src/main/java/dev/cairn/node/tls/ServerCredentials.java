package dev.cairn.node.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** The server's certificate chain and the private key of its leaf certificate, checked to belong together. */
record ServerCredentials(List<X509Certificate> chain, PrivateKey key) {
    private static final byte[] PROBE = "cairn key pair check".getBytes(StandardCharsets.US_ASCII);

    /** Loads the pair, naming the settings they came from in every error. */
    static ServerCredentials load(String certSetting, Path certFile, String keySetting, Path keyFile)
            throws TlsSetupException {
        List<X509Certificate> chain = PemFiles.certificates(certSetting, certFile);
        PrivateKey key = PemFiles.privateKey(keySetting, keyFile);
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new TlsSetupException(keySetting + " " + keyFile + " does not match the certificate in "
                    + certSetting + " " + certFile);
        }
        return new ServerCredentials(chain, key);
    }

    /** Signs a probe with the private key and verifies it with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) {
        if (!key.getAlgorithm().equals(certified.getAlgorithm())
                && !(key.getAlgorithm().startsWith("Ed") && certified.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> "Ed25519";
            };
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
