package dev.cairn.operator.app;

import dev.cairn.operator.members.AdminEndpoints;
import dev.cairn.operator.members.EtcdAdmin;
import dev.cairn.operator.members.EtcdAdminException;
import dev.cairn.operator.members.MemberInfo;
import dev.cairn.operator.members.MemberStatus;
import dev.cairn.operator.pki.Pem;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** {@link EtcdAdmin} over jetcd: one client for cluster-wide calls, and one-off channels for per-member calls. */
public final class JetcdAdmin implements EtcdAdmin {

    /** Per call; a member that does not answer in this time counts as not answering. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * How much longer than the deadline a call is waited for: gRPC ends the call at its deadline, and only its own
     * end lets jetcd shut the one-off channel of a per-member call.
     */
    private static final Duration DEADLINE_GRACE = Duration.ofSeconds(1);
    /**
     * Gives every gRPC call the call timeout as its deadline. Waiting with a timeout alone is not enough: jetcd
     * closes the one-off channel of a per-member call only when the call ends, and a call to a dead member would
     * otherwise never end (its channel and gRPC's threads would outlive {@link #close()}).
     */
    private static final ClientInterceptor CALL_DEADLINE = new ClientInterceptor() {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                     Channel next) {
            return next.newCall(method, options.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
    };

    private final Optional<SslContext> ssl;
    private final Client cluster;

    private JetcdAdmin(AdminEndpoints endpoints) {
        this.ssl = endpoints.tls().map(JetcdAdmin::sslContext);
        this.cluster = client(endpoints.clientUrls());
    }

    public static EtcdAdmin connect(AdminEndpoints endpoints) {
        return new JetcdAdmin(endpoints);
    }

    @Override
    public List<MemberInfo> memberList() throws EtcdAdminException {
        return await(cluster.getClusterClient().listMember(), "member list").getMembers().stream()
                .map(JetcdAdmin::memberInfo).toList();
    }

    @Override
    public MemberStatus status(String clientUrl) throws EtcdAdminException {
        StatusResponse status = await(cluster.getMaintenanceClient().statusMember(clientUrl),
                "endpoint status of " + clientUrl);
        return new MemberStatus(status.getHeader().getMemberId(), status.getHeader().getClusterId(),
                status.getLeader(), status.getRaftTerm(), status.getRaftIndex(), status.getRaftAppliedIndex(),
                status.getHeader().getRevision(), status.getDbSize(), status.getDbSizeInUse(), status.getVersion(),
                status.isLearner(), status.getErrorList());
    }

    @Override
    public MemberInfo addLearner(List<String> peerUrls) throws EtcdAdminException {
        List<URI> urls = peerUrls.stream().map(URI::create).toList();
        return memberInfo(await(cluster.getClusterClient().addMember(urls, true), "member add --learner " + peerUrls)
                .getMember());
    }

    @Override
    public void promote(long memberId) throws EtcdAdminException {
        await(cluster.getClusterClient().promoteMember(memberId), "member promote " + Long.toHexString(memberId));
    }

    @Override
    public void remove(long memberId) throws EtcdAdminException {
        await(cluster.getClusterClient().removeMember(memberId), "member remove " + Long.toHexString(memberId));
    }

    @Override
    public void moveLeader(String leaderClientUrl, long toMemberId) throws EtcdAdminException {
        try (Client leader = client(List.of(leaderClientUrl))) {
            await(leader.getMaintenanceClient().moveLeader(toMemberId),
                    "move-leader " + Long.toHexString(toMemberId) + " at " + leaderClientUrl);
        }
    }

    @Override
    public void close() {
        cluster.close();
    }

    private Client client(List<String> urls) {
        ClientBuilder builder = Client.builder()
                .endpoints(urls.toArray(String[]::new))
                .connectTimeout(CONNECT_TIMEOUT)
                .interceptor(CALL_DEADLINE)
                // a member that refuses connections fails the call at once instead of at the deadline
                .waitForReady(false);
        ssl.ifPresent(builder::sslContext);
        return builder.build();
    }

    private static MemberInfo memberInfo(Member member) {
        return new MemberInfo(member.getId(), member.getName(),
                member.getPeerURIs().stream().map(URI::toString).toList(),
                member.getClientURIs().stream().map(URI::toString).toList(), member.isLearner());
    }

    /**
     * The operator's TLS context. The PEM texts are parsed here rather than by Netty, which reads only PKCS#8 keys:
     * user-provided Secrets often hold PKCS#1 or SEC1 keys ({@link Pem#parsePrivateKey} reads all three), and a
     * certificate text may hold a chain or a CA bundle.
     *
     * @throws IllegalArgumentException when a PEM text is unreadable, naming which one
     */
    static SslContext sslContext(AdminEndpoints.ClientTls tls) {
        PrivateKey key;
        try {
            key = Pem.parsePrivateKey(tls.privateKeyPem());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the operator's client key: " + e.getMessage(), e);
        }
        try {
            return GrpcSslContexts.forClient()
                    .trustManager(certificates(tls.caPem(), "the cluster CA"))
                    .keyManager(key, certificates(tls.certificatePem(), "the operator's client certificate"))
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("the operator's client certificate or the cluster CA is unusable: "
                    + e.getMessage(), e);
        }
    }

    /** Every certificate of a PEM text, in order. */
    private static X509Certificate[] certificates(String pem, String what) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(what + " holds no PEM certificate");
            }
            return certificates.toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + " is not a readable PEM certificate: " + e.getMessage(), e);
        }
    }

    private static <T> T await(CompletableFuture<T> call, String what) throws EtcdAdminException {
        try {
            return call.get(CALL_TIMEOUT.plus(DEADLINE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new EtcdAdminException(what + ": no answer within " + CALL_TIMEOUT.toSeconds() + "s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EtcdAdminException(what + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdAdminException(what + ": interrupted", e);
        }
    }
}
