package dev.cairn.node.peer;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** A throwaway CA for peer certificates: members' certificates with chosen CNs, and CRLs revoking some of them. */
final class PeerPki {
    private static final AtomicLong SERIALS = new AtomicLong(100);

    record Issued(Path cert, Path key, X509Certificate certificate) {
    }

    private final Path dir;
    private final X500Name caName;
    private final KeyPair caKeys;
    final Path caCert;

    private PeerPki(Path dir, X500Name caName, KeyPair caKeys, Path caCert) {
        this.dir = dir;
        this.caName = caName;
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    static PeerPki create(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        KeyPair keys = keys();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(SERIALS.getAndIncrement()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .build(signer(keys)));
        Path caFile = dir.resolve(name + "-ca.pem");
        write(caFile, ca);
        return new PeerPki(dir, subject, keys, caFile);
    }

    /** A certificate usable to serve and to dial, for 127.0.0.1 and localhost, with the given common name. */
    Issued issue(String commonName) throws Exception {
        KeyPair keys = keys();
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                caName, BigInteger.valueOf(SERIALS.getAndIncrement()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + commonName), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}))
                .build(signer(caKeys)));
        Path cert = dir.resolve(commonName + ".pem");
        Path key = dir.resolve(commonName + "-key.pem");
        write(cert, certificate);
        write(key, new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded())); // PKCS#8
        return new Issued(cert, key, certificate);
    }

    /** A PEM CRL of this CA revoking the given certificates. */
    Path revoke(String fileName, X509Certificate... revoked) throws Exception {
        Date now = new Date();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(caName, now);
        builder.setNextUpdate(new Date(now.getTime() + Duration.ofDays(1).toMillis()));
        for (X509Certificate certificate : revoked) {
            builder.addCRLEntry(certificate.getSerialNumber(), now, CRLReason.keyCompromise);
        }
        Path file = dir.resolve(fileName);
        write(file, new JcaX509CRLConverter().getCRL(builder.build(signer(caKeys))));
        return file;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static ContentSigner signer(KeyPair keys) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    }

    private static void write(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Files.writeString(file, text.toString());
    }
}
