package dev.cairn.operator.reconciler;

import dev.cairn.operator.members.AdminEndpoints;
import dev.cairn.operator.members.EtcdAdmin;
import dev.cairn.operator.members.EtcdAdminException;
import dev.cairn.operator.members.EtcdAdminFactory;
import dev.cairn.operator.members.MemberInfo;
import dev.cairn.operator.members.MemberStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The operator's etcd client, connected to a {@link FakeEtcdCluster}; refuses calls once closed. */
final class FakeEtcdAdmin implements EtcdAdmin {

    private final FakeEtcdCluster cluster;
    private volatile boolean closed;

    private FakeEtcdAdmin(FakeEtcdCluster cluster) {
        this.cluster = cluster;
    }

    /** A factory that counts connections and insists on TLS credentials when the URLs say https. */
    static EtcdAdminFactory factory(FakeEtcdCluster cluster, AtomicInteger connections) {
        return endpoints -> {
            requireTlsMatchesScheme(endpoints);
            connections.incrementAndGet();
            return new FakeEtcdAdmin(cluster);
        };
    }

    private static void requireTlsMatchesScheme(AdminEndpoints endpoints) {
        boolean https = endpoints.clientUrls().getFirst().startsWith("https://");
        if (https != endpoints.tls().isPresent()) {
            throw new IllegalArgumentException("https URLs need client TLS and http URLs none: " + endpoints);
        }
    }

    @Override
    public List<MemberInfo> memberList() throws EtcdAdminException {
        open();
        return cluster.memberList();
    }

    @Override
    public MemberStatus status(String clientUrl) throws EtcdAdminException {
        open();
        return cluster.status(clientUrl);
    }

    @Override
    public MemberInfo addLearner(List<String> peerUrls) throws EtcdAdminException {
        open();
        // The member's client URL is on the same stable DNS name as its peer URL.
        String clientUrl = peerUrls.getFirst().replaceFirst(":2380$", ":2379");
        return cluster.addLearner(peerUrls, clientUrl);
    }

    @Override
    public void promote(long memberId) throws EtcdAdminException {
        open();
        cluster.promote(memberId);
    }

    @Override
    public void remove(long memberId) throws EtcdAdminException {
        open();
        cluster.remove(memberId);
    }

    @Override
    public void moveLeader(String leaderClientUrl, long toMemberId) throws EtcdAdminException {
        open();
        cluster.moveLeader(leaderClientUrl, toMemberId);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("admin client used after close");
        }
    }
}
