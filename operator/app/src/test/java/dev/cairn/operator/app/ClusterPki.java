package dev.cairn.operator.app;

import dev.cairn.operator.members.AdminEndpoints;
import dev.cairn.operator.pki.CertificateAuthority;
import dev.cairn.operator.pki.CertificateIssuer;
import dev.cairn.operator.pki.CertificateProfile;
import dev.cairn.operator.pki.ClusterSubjectAltNames;
import dev.cairn.operator.pki.IssuedCertificate;
import dev.cairn.operator.pki.Pem;
import dev.cairn.operator.pki.SubjectAltNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A test cluster's certificates, issued by the operator's own pki exactly as the reconciler issues them (one CA, one
 * server and one peer certificate shared by every member, the operator's client certificate), written as PEM files
 * for the members' TLS flags.
 */
final class ClusterPki {
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String CLUSTER = "test";
    private static final String NAMESPACE = "default";

    private final Path caFile;
    private final Path serverCertFile;
    private final Path serverKeyFile;
    private final Path peerCertFile;
    private final Path peerKeyFile;
    private final AdminEndpoints.ClientTls operatorTls;

    private ClusterPki(Path dir, CertificateAuthority authority, IssuedCertificate server, IssuedCertificate peer,
                       IssuedCertificate operator) {
        this.caFile = write(dir.resolve("ca.pem"), Pem.certificate(authority.certificate()));
        this.serverCertFile = write(dir.resolve("server.pem"), Pem.certificate(server.certificate()));
        this.serverKeyFile = write(dir.resolve("server-key.pem"), Pem.privateKey(server.privateKey()));
        this.peerCertFile = write(dir.resolve("peer.pem"), Pem.certificate(peer.certificate()));
        this.peerKeyFile = write(dir.resolve("peer-key.pem"), Pem.privateKey(peer.privateKey()));
        this.operatorTls = new AdminEndpoints.ClientTls(Pem.certificate(authority.certificate()),
                Pem.certificate(operator.certificate()), Pem.privateKey(operator.privateKey()));
    }

    static ClusterPki issue(Path dir) {
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
        CertificateAuthority authority = issuer.createAuthority(CLUSTER, VALIDITY);
        IssuedCertificate server = issuer.issue(authority, CertificateProfile.SERVER, CLUSTER + "-server",
                ClusterSubjectAltNames.server(CLUSTER, NAMESPACE, CLUSTER + "-peer", CLUSTER + "-client"), VALIDITY);
        IssuedCertificate peer = issuer.issue(authority, CertificateProfile.PEER, CLUSTER + "-peer",
                loopbackPeerNames(), VALIDITY);
        IssuedCertificate operator = issuer.issue(authority, CertificateProfile.CLIENT, "cairn-operator",
                SubjectAltNames.none(), VALIDITY);
        return new ClusterPki(dir, authority, server, peer, operator);
    }

    /**
     * The operator's peer names plus 127.0.0.1: in Kubernetes the members reach each other by those DNS names;
     * here they meet on loopback, and etcd accepts a peer's client certificate only if its IP SANs match the
     * connection's address or its DNS names resolve to it (etcd's security guide).
     */
    private static SubjectAltNames loopbackPeerNames() {
        SubjectAltNames operatorNames = ClusterSubjectAltNames.peer(CLUSTER, NAMESPACE, CLUSTER + "-peer");
        List<String> ips = new ArrayList<>(operatorNames.ipAddresses());
        ips.add("127.0.0.1");
        return new SubjectAltNames(operatorNames.dnsNames(), ips);
    }

    /** etcd's client and peer TLS flags with client-certificate authentication on both ports. */
    List<String> memberFlags() {
        return List.of(
                "--cert-file", serverCertFile.toString(), "--key-file", serverKeyFile.toString(),
                "--trusted-ca-file", caFile.toString(), "--client-cert-auth",
                "--peer-cert-file", peerCertFile.toString(), "--peer-key-file", peerKeyFile.toString(),
                "--peer-trusted-ca-file", caFile.toString(), "--peer-client-cert-auth");
    }

    AdminEndpoints.ClientTls operatorTls() {
        return operatorTls;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
