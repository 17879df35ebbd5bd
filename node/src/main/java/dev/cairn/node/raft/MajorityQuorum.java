package dev.cairn.node.raft;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/** Majority arithmetic over a set of voters, independent of how many there are. */
public final class MajorityQuorum {
    private MajorityQuorum() {
    }

    /** Votes (or acknowledgements) needed out of {@code voters}. */
    public static int size(int voters) {
        return voters / 2 + 1;
    }

    /**
     * The largest index that a majority of voters has reached, given each voter's match index.
     * With no voters nothing can be committed, so the answer is 0.
     */
    public static long committedIndex(long[] matchIndexes) {
        if (matchIndexes.length == 0) {
            return 0;
        }
        long[] sorted = matchIndexes.clone();
        Arrays.sort(sorted);
        // Ascending order: the value at this position is reached by exactly a majority (or more) of voters.
        return sorted[sorted.length - size(sorted.length)];
    }

    /** Result of an election among {@code voters}; votes from non-voters are ignored. */
    public static VoteResult voteResult(Collection<Long> voters, Map<Long, Boolean> votes) {
        int granted = 0;
        int missing = 0;
        for (long voter : voters) {
            Boolean vote = votes.get(voter);
            if (vote == null) {
                missing++;
            } else if (vote) {
                granted++;
            }
        }
        int needed = size(voters.size());
        if (granted >= needed) {
            return VoteResult.WON;
        }
        return granted + missing >= needed ? VoteResult.PENDING : VoteResult.LOST;
    }

    /** True when the members in {@code acknowledged} form a majority of {@code voters}. */
    public static boolean isReachedBy(Collection<Long> voters, Collection<Long> acknowledged) {
        long count = voters.stream().filter(acknowledged::contains).count();
        return count >= size(voters.size());
    }
}
