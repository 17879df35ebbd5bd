package dev.cairn.node.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code --auto-tls} and {@code --peer-auto-tls}: like etcd, a self-signed ECDSA P-521 certificate for organization
 * "etcd", valid one year, naming the listen hosts, kept as {@code cert.pem} and {@code key.pem} in
 * {@code <data-dir>/fixtures/client} (or {@code fixtures/peer}) and reused on later starts while both files exist.
 * The peer certificate is also usable as a client certificate, since members dial each other with it.
 */
final class AutoTlsCertificate {
    private static final Duration VALIDITY = Duration.ofDays(365);

    private AutoTlsCertificate() {
    }

    /** Returns the directory holding cert.pem and key.pem, generating them first when either is missing. */
    static Path ensure(Path dataDir, List<URI> listenUrls) throws TlsSetupException {
        return ensure(dataDir.resolve("fixtures").resolve("client"), listenUrls, "--auto-tls",
                KeyPurposeId.id_kp_serverAuth);
    }

    /** The peer certificate, in {@code <data-dir>/fixtures/peer}. */
    static Path ensurePeer(Path dataDir, List<URI> listenUrls) throws TlsSetupException {
        return ensure(dataDir.resolve("fixtures").resolve("peer"), listenUrls, "--peer-auto-tls",
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    private static Path ensure(Path dir, List<URI> listenUrls, String setting, KeyPurposeId... purposes)
            throws TlsSetupException {
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp521r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("O=etcd");
            X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, new SecureRandom()), Date.from(now), Date.from(now.plus(VALIDITY)), subject,
                    keys.getPublic())
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames(listenUrls))
                    .build(new JcaContentSignerBuilder("SHA512withECDSA").build(keys.getPrivate()));
            Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            Files.deleteIfExists(keyFile);
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            return dir;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new TlsSetupException(setting + ": cannot create a self-signed certificate in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Each listen host as an IP address or DNS name, as etcd does. */
    private static GeneralNames alternativeNames(List<URI> listenUrls) throws UnknownHostException {
        List<GeneralName> names = new ArrayList<>();
        for (URI url : listenUrls) {
            String host = url.getHost();
            boolean literalAddress = host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
            names.add(literalAddress
                    ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress())
                    : new GeneralName(GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
