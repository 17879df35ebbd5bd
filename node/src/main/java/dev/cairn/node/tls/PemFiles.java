package dev.cairn.node.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM certificates and private keys as etcd accepts them: certificate chains, and unencrypted RSA, ECDSA or
 * Ed25519 keys in PKCS#1, SEC1 or PKCS#8 form. Every failure names the setting and the file.
 */
final class PemFiles {
    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    private PemFiles() {
    }

    /** All certificates in the file, in order (a leaf followed by its intermediates, or a set of CAs). */
    static List<X509Certificate> certificates(String setting, Path file) throws TlsSetupException {
        byte[] pem = read(setting, file);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new TlsSetupException(setting + " " + file + ": not a valid PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsSetupException(setting + " " + file + ": no PEM certificate found");
        }
        return certificates;
    }

    /** The first private key in the file; other PEM blocks before it (such as EC PARAMETERS) are skipped. */
    static PrivateKey privateKey(String setting, Path file) throws TlsSetupException {
        byte[] pem = read(setting, file);
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsSetupException(setting + " " + file + ": encrypted private keys are not supported");
                }
                PrivateKeyInfo info = block instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                        : block instanceof PrivateKeyInfo plain ? plain : null;
                if (info != null) {
                    return toJcaKey(setting, file, info);
                }
            }
        } catch (IOException e) {
            throw new TlsSetupException(setting + " " + file + ": not a valid PEM private key: " + e.getMessage(), e);
        }
        throw new TlsSetupException(setting + " " + file + ": no PEM private key found");
    }

    private static PrivateKey toJcaKey(String setting, Path file, PrivateKeyInfo info) throws TlsSetupException {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new TlsSetupException(setting + " " + file + ": unsupported private key algorithm " + oid
                    + " (RSA, ECDSA or Ed25519 expected)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException(setting + " " + file + ": invalid " + algorithm + " private key: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(String setting, Path file) throws TlsSetupException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(setting + " " + file + ": no such file", e);
        } catch (IOException e) {
            throw new TlsSetupException(setting + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
