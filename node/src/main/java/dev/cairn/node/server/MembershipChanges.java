package dev.cairn.node.server;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.raft.ConfChange;
import dev.cairn.node.proto.raft.MemberAttributes;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The Cluster service's membership changes with etcd's checks before proposing: URL validity, and with
 * {@code --strict-reconfig-check} the started-member quorum rules and peer connectivity, so that a change cannot
 * take away the quorum the cluster is running on. The rules that every member re-checks when the change is
 * applied (duplicate ids or URLs, unknown members, the learner limit) live in {@link Membership#check}.
 */
public final class MembershipChanges {
    /** etcd's HealthInterval: a peer counts as connected only when it has been for this long. */
    static final Duration HEALTH_INTERVAL = Duration.ofSeconds(5);
    /** etcd promotes a learner only once its log is within this share of the leader's. */
    private static final double LEARNER_READY_SHARE = 0.9;

    /** When each peer's connection has been up since, as the peer transport sees it. */
    public interface PeerActivity {
        Optional<Instant> activeSince(long memberId);
    }

    /** The Raft leader's view of how far each member's log matches; empty on a member that does not lead. */
    public interface ReplicationView {
        OptionalLong match(long memberId);

        boolean isLeader();
    }

    public record Added(Member member, List<Member> members) {
    }

    private final Membership membership;
    private final boolean strict;
    private final Function<ConfChange.Builder, CompletableFuture<Object>> propose;
    private final PeerActivity peers;
    private final ReplicationView replication;
    private final Clock clock;

    public MembershipChanges(Membership membership, boolean strict,
                             Function<ConfChange.Builder, CompletableFuture<Object>> propose, PeerActivity peers,
                             ReplicationView replication, Clock clock) {
        this.membership = membership;
        this.strict = strict;
        this.propose = propose;
        this.peers = peers;
        this.replication = replication;
        this.clock = clock;
    }

    public CompletableFuture<Added> add(List<String> peerUrls, boolean learner) {
        try {
            checkUrls(peerUrls);
            if (strict) {
                if (!learner && !readyToAddVoter()) {
                    throw EtcdError.NOT_ENOUGH_STARTED_MEMBERS.exception();
                }
                if (!connectedToAllPeers()) {
                    throw EtcdError.UNHEALTHY.exception();
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // etcd's NewMember: the id hashes the peer URLs with the current Unix time, so a re-added member is new.
        long id = MemberIds.memberId(peerUrls, Long.toString(clock.instant().getEpochSecond()));
        ConfChange.Builder change = ConfChange.newBuilder()
                .setType(learner ? ConfChange.Type.ADD_LEARNER : ConfChange.Type.ADD_VOTER)
                .setMemberId(id)
                .setMember(MemberAttributes.newBuilder().addAllPeerUrls(peerUrls));
        return membersAfter(change).thenApply(members -> new Added(
                members.stream().filter(m -> m.getID() == id).findFirst()
                        .orElseGet(() -> Membership.toMember(id, change.getMember(), learner)), members));
    }

    public CompletableFuture<List<Member>> remove(long id) {
        if (strict) {
            Optional<Member> member = membership.member(id);
            boolean learner = member.map(Member::getIsLearner).orElse(false);
            if (!learner && member.isPresent()) {
                if (!readyToRemoveVoter(id)) {
                    return CompletableFuture.failedFuture(EtcdError.NOT_ENOUGH_STARTED_MEMBERS.exception());
                }
                if (!removalKeepsActiveQuorum(id)) {
                    return CompletableFuture.failedFuture(EtcdError.UNHEALTHY.exception());
                }
            }
        }
        return membersAfter(ConfChange.newBuilder().setType(ConfChange.Type.REMOVE).setMemberId(id));
    }

    public CompletableFuture<List<Member>> update(long id, List<String> peerUrls) {
        try {
            checkUrls(peerUrls);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return membersAfter(ConfChange.newBuilder().setType(ConfChange.Type.UPDATE).setMemberId(id)
                .setMember(MemberAttributes.newBuilder().addAllPeerUrls(peerUrls)));
    }

    /**
     * Promotes a learner. Only the leader knows how far the learner's log is, so a member that does not lead
     * answers NOT_LEADER and the caller asks the leader (as etcd forwards the request to it).
     */
    public CompletableFuture<List<Member>> promote(long id) {
        if (!replication.isLeader()) {
            return CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
        }
        Optional<Member> member = membership.member(id);
        if (member.isEmpty()) {
            return CompletableFuture.failedFuture(EtcdError.MEMBER_NOT_FOUND.exception());
        }
        if (!member.get().getIsLearner()) {
            return CompletableFuture.failedFuture(EtcdError.MEMBER_NOT_LEARNER.exception());
        }
        long leaderMatch = replication.match(membership.localId()).orElse(0);
        long learnerMatch = replication.match(id).orElse(0);
        if (learnerMatch < leaderMatch * LEARNER_READY_SHARE) {
            return CompletableFuture.failedFuture(EtcdError.LEARNER_NOT_READY.exception());
        }
        if (strict && !readyToPromote()) {
            return CompletableFuture.failedFuture(EtcdError.NOT_ENOUGH_STARTED_MEMBERS.exception());
        }
        return membersAfter(ConfChange.newBuilder().setType(ConfChange.Type.PROMOTE).setMemberId(id));
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<List<Member>> membersAfter(ConfChange.Builder change) {
        return propose.apply(change).thenApply(result -> (List<Member>) result);
    }

    private static void checkUrls(List<String> urls) {
        if (urls.isEmpty()) {
            throw EtcdError.MEMBER_BAD_URLS.exception();
        }
        for (String url : urls) {
            try {
                URI uri = new URI(url);
                boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                if (!web || uri.getHost() == null || uri.getPort() < 0
                        || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                    throw EtcdError.MEMBER_BAD_URLS.exception();
                }
            } catch (URISyntaxException e) {
                throw EtcdError.MEMBER_BAD_URLS.exception();
            }
        }
    }

    // etcd's IsReadyToAddVotingMember: the started voters must still be a quorum once the new one counts.
    private boolean readyToAddVoter() {
        List<Member> voters = voters();
        long started = voters.stream().filter(MembershipChanges::isStarted).count();
        int members = voters.size() + 1;
        if (started == 1 && members == 2) {
            return true; // growing a one-member cluster, as the restore runbook does
        }
        return started >= members / 2 + 1;
    }

    private boolean readyToRemoveVoter(long id) {
        List<Member> others = voters().stream().filter(m -> m.getID() != id).toList();
        long started = others.stream().filter(MembershipChanges::isStarted).count();
        return started >= others.size() / 2 + 1;
    }

    private boolean readyToPromote() {
        List<Member> voters = voters();
        long started = 1 + voters.stream().filter(MembershipChanges::isStarted).count();
        int members = voters.size() + 1;
        return started >= members / 2 + 1;
    }

    private boolean connectedToAllPeers() {
        Instant since = clock.instant().minus(HEALTH_INTERVAL);
        return voters().stream().filter(m -> m.getID() != membership.localId())
                .allMatch(m -> connectedSince(m.getID(), since));
    }

    // etcd's mayRemoveMember: a peer that is down anyway may go; otherwise the active voters left must be a quorum.
    private boolean removalKeepsActiveQuorum(long id) {
        if (id != membership.localId() && peers.activeSince(id).isEmpty()) {
            return true;
        }
        Instant since = clock.instant().minus(HEALTH_INTERVAL);
        List<Member> voters = voters();
        long active = voters.stream()
                .filter(m -> m.getID() == membership.localId() || connectedSince(m.getID(), since)).count();
        return active - 1 >= 1 + (voters.size() - 1) / 2;
    }

    private boolean connectedSince(long id, Instant since) {
        return peers.activeSince(id).map(start -> !start.isAfter(since)).orElse(false);
    }

    private List<Member> voters() {
        return membership.members().stream().filter(m -> !m.getIsLearner()).toList();
    }

    private static boolean isStarted(Member member) {
        return !member.getName().isEmpty();
    }
}
