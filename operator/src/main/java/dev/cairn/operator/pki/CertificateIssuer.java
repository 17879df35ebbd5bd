package dev.cairn.operator.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a cluster's CA and its leaf certificates with ECDSA P-256 keys. Times come from the injected clock;
 * certificates start a few minutes in the past so that members whose clocks lag slightly accept them.
 */
public final class CertificateIssuer {

    /** How far notBefore is back-dated against clock skew between the operator and the members. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final String ORGANIZATION = "cairn";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CertificateIssuer(Clock clock) {
        this.clock = clock;
    }

    /** A self-signed CA named after the cluster, valid for {@code validity} from now. */
    public CertificateAuthority createAuthority(String clusterName, Duration validity) {
        requirePositive(validity);
        KeyPair keys = newKeyPair();
        X500Name subject = name(clusterName + " CA");
        try {
            X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), validity);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(builder, keys), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the CA of cluster " + clusterName, e);
        }
    }

    /** A leaf certificate for {@code profile}, signed by {@code authority}, valid for {@code validity} from now. */
    public IssuedCertificate issue(CertificateAuthority authority, CertificateProfile profile, String commonName,
                                   SubjectAltNames altNames, Duration validity) {
        requirePositive(validity);
        if (profile != CertificateProfile.CLIENT && altNames.dnsNames().isEmpty() && altNames.ipAddresses().isEmpty()) {
            throw new IllegalArgumentException(profile + " certificate " + commonName + " needs subject alt names");
        }
        KeyPair keys = newKeyPair();
        X500Name issuer = X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded());
        try {
            X509v3CertificateBuilder builder = builder(issuer, name(commonName), keys.getPublic(), validity);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.extendedKeyUsages()));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(authority.certificate()));
            if (!altNames.dnsNames().isEmpty() || !altNames.ipAddresses().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, generalNames(altNames));
            }
            X509Certificate certificate = sign(builder, new KeyPair(authority.certificate().getPublicKey(),
                    authority.privateKey()));
            return new IssuedCertificate(certificate, keys.getPrivate(), authority.certificate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue " + profile + " certificate " + commonName, e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration validity) {
        Instant now = clock.instant();
        // Positive 127-bit serial: unique in practice and within the 20 octets RFC 5280 allows.
        BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static GeneralNames generalNames(SubjectAltNames altNames) {
        List<GeneralName> names = new ArrayList<>();
        altNames.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        altNames.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no EC P-256 key generator", e);
        }
    }

    private static void requirePositive(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive, got " + validity);
        }
    }
}
