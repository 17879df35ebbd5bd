package dev.cairn.operator.members;

import java.util.List;

/**
 * The etcd API calls the operator makes on one cluster: the same calls an administrator makes with etcdctl
 * (member list/add/promote/remove, endpoint status, move-leader). Every call is bounded by a deadline and fails
 * with {@link EtcdAdminException}; none is retried here, because the reconciler re-plans from a fresh observation.
 * Implementations are bound to one cluster's endpoints and credentials; close releases their connections.
 */
public interface EtcdAdmin extends AutoCloseable {

    /** {@code etcdctl member list}, from whichever member answers first. */
    List<MemberInfo> memberList() throws EtcdAdminException;

    /** {@code etcdctl endpoint status} of one member, asked at its own client URL. */
    MemberStatus status(String clientUrl) throws EtcdAdminException;

    /** {@code etcdctl member add --learner --peer-urls=...}; returns the added member (its name is empty). */
    MemberInfo addLearner(List<String> peerUrls) throws EtcdAdminException;

    /** {@code etcdctl member promote}. */
    void promote(long memberId) throws EtcdAdminException;

    /** {@code etcdctl member remove}. */
    void remove(long memberId) throws EtcdAdminException;

    /** {@code etcdctl move-leader}: asked of the current leader, at its client URL. */
    void moveLeader(String leaderClientUrl, long toMemberId) throws EtcdAdminException;

    @Override
    void close();
}
