package dev.cairn.node.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies a peer's certificate chain with the trusted CAs, then, as etcd's peer listener and dialer do, checks the
 * leaf against {@code --peer-cert-allowed-cn} (its common name) or {@code --peer-cert-allowed-hostname} (its
 * subject alternative names) and, for certificates presented by dialing peers, against {@code --peer-crl-file}.
 */
final class PeerCertificateCheck extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager authorities;
    private final String allowedCn;
    private final String allowedHostname;
    private final List<X509CRL> revocations;

    /**
     * @param allowedCn       required common name, or null
     * @param allowedHostname required SAN match, or null
     * @param revocations     CRLs checked against client certificates (empty for none)
     */
    PeerCertificateCheck(X509ExtendedTrustManager authorities, String allowedCn, String allowedHostname,
                         List<X509CRL> revocations) {
        this.authorities = authorities;
        this.allowedCn = allowedCn;
        this.allowedHostname = allowedHostname;
        this.revocations = List.copyOf(revocations);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        authorities.checkClientTrusted(chain, authType);
        checkClient(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        authorities.checkClientTrusted(chain, authType, socket);
        checkClient(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        authorities.checkClientTrusted(chain, authType, engine);
        checkClient(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        authorities.checkServerTrusted(chain, authType);
        checkIdentity(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        authorities.checkServerTrusted(chain, authType, socket);
        checkIdentity(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        authorities.checkServerTrusted(chain, authType, engine);
        checkIdentity(chain[0]);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authorities.getAcceptedIssuers();
    }

    private void checkClient(X509Certificate[] chain) throws CertificateException {
        for (X509Certificate certificate : chain) {
            for (X509CRL crl : revocations) {
                if (crl.isRevoked(certificate)) {
                    throw new CertificateException("certificate with serial " + certificate.getSerialNumber()
                            .toString(16) + " is revoked by --peer-crl-file");
                }
            }
        }
        checkIdentity(chain[0]);
    }

    /** etcd's wording when the CN or hostname does not match. */
    private void checkIdentity(X509Certificate leaf) throws CertificateException {
        boolean allowed = allowedCn != null ? allowedCn.equals(commonName(leaf))
                : allowedHostname == null || matchesHostname(leaf, allowedHostname);
        if (!allowed) {
            throw new CertificateException("client certificate authentication failed");
        }
    }

    private static String commonName(X509Certificate certificate) throws CertificateException {
        try {
            String name = null;
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    name = String.valueOf(rdn.getValue()); // the last CN, as Go reports CommonName
                }
            }
            return name;
        } catch (InvalidNameException e) {
            throw new CertificateException("unreadable certificate subject: " + e.getMessage(), e);
        }
    }

    /**
     * Go's {@code VerifyHostname} rules: an IP is compared with the IP address SANs, a name with the DNS SANs
     * (case-insensitive, a leading {@code *.} matching exactly one label); the common name is not consulted.
     */
    static boolean matchesHostname(X509Certificate certificate, String host) throws CertificateParsingException {
        var names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return false;
        }
        boolean isIp = looksLikeIp(host);
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            String value = String.valueOf(name.get(1));
            if (isIp && type == 7 && sameAddress(value, host)) {
                return true;
            }
            if (!isIp && type == 2 && dnsMatches(value, host)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeIp(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.contains(":") || bare.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static boolean sameAddress(String san, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            // Both are literals, so no name lookup happens.
            return InetAddress.getByName(san).equals(InetAddress.getByName(bare));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
