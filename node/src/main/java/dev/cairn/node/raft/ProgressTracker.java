package dev.cairn.node.raft;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The voters of the current configuration, how far each one's log is known to match the leader's, and the
 * votes received in the current election. Match indexes of peers are fed by append responses (next milestone);
 * the leader's own match index moves only when its entries are durable.
 */
final class ProgressTracker {
    private final Set<Long> voters;
    private final Map<Long, Long> matchIndex = new HashMap<>();
    private final Map<Long, Boolean> votes = new HashMap<>();

    ProgressTracker(Set<Long> voters) {
        if (voters.isEmpty() || voters.contains(0L)) {
            throw new IllegalArgumentException("voters must be non-empty ids other than 0: " + voters);
        }
        this.voters = Set.copyOf(voters);
    }

    boolean isVoter(long id) {
        return voters.contains(id);
    }

    void resetMatches() {
        matchIndex.clear();
    }

    void updateMatch(long id, long index) {
        matchIndex.merge(id, index, Math::max);
    }

    long match(long id) {
        return matchIndex.getOrDefault(id, 0L);
    }

    long quorumMatchIndex() {
        long[] matches = voters.stream().mapToLong(this::match).toArray();
        return MajorityQuorum.committedIndex(matches);
    }

    void resetVotes() {
        votes.clear();
    }

    void recordVote(long id, boolean granted) {
        votes.putIfAbsent(id, granted);
    }

    VoteResult voteResult() {
        return MajorityQuorum.voteResult(voters, votes);
    }

    boolean isQuorum(Collection<Long> acknowledged) {
        return MajorityQuorum.isReachedBy(voters, acknowledged);
    }
}
