package dev.cairn.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MajorityQuorumTest {

    @ParameterizedTest(name = "matches {0} -> committed {1}")
    @CsvSource(delimiter = '|', value = {
            "7         | 7",
            "0         | 0",
            "5,5,5     | 5",
            "1,2,3     | 2",
            "3,1,0     | 1",
            "9,9,0     | 9",
            "9,0,0     | 0",
            "1,2,3,4,5 | 3",
            "5,5,1,1,1 | 1",
            "5,5,5,1,1 | 5",
            "10,9,8,0,0| 8",
    })
    void committedIndexIsWhatAMajorityReached(String matches, long expected) {
        long[] indexes = java.util.Arrays.stream(matches.split(",")).mapToLong(Long::parseLong).toArray();
        assertThat(MajorityQuorum.committedIndex(indexes)).isEqualTo(expected);
    }

    @Test
    void majoritySizes() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7).stream().map(MajorityQuorum::size))
                .containsExactly(1, 2, 2, 3, 3, 4, 4);
    }

    @Test
    void committedIndexOfNoVotersIsZero() {
        assertThat(MajorityQuorum.committedIndex(new long[0])).isZero();
    }

    @Test
    void singleVoterWinsWithItsOwnVote() {
        assertThat(MajorityQuorum.voteResult(Set.of(1L), Map.of(1L, true))).isEqualTo(VoteResult.WON);
        assertThat(MajorityQuorum.voteResult(Set.of(1L), Map.of())).isEqualTo(VoteResult.PENDING);
        assertThat(MajorityQuorum.voteResult(Set.of(1L), Map.of(1L, false))).isEqualTo(VoteResult.LOST);
    }

    @Test
    void threeVotersNeedTwoGrants() {
        Set<Long> voters = Set.of(1L, 2L, 3L);
        assertThat(MajorityQuorum.voteResult(voters, Map.of(1L, true))).isEqualTo(VoteResult.PENDING);
        assertThat(MajorityQuorum.voteResult(voters, Map.of(1L, true, 2L, true))).isEqualTo(VoteResult.WON);
        assertThat(MajorityQuorum.voteResult(voters, Map.of(1L, true, 2L, false))).isEqualTo(VoteResult.PENDING);
        assertThat(MajorityQuorum.voteResult(voters, Map.of(1L, true, 2L, false, 3L, false)))
                .isEqualTo(VoteResult.LOST);
    }

    @Test
    void fiveVotersNeedThreeGrantsAndIgnoreOutsiders() {
        Set<Long> voters = Set.of(1L, 2L, 3L, 4L, 5L);
        assertThat(MajorityQuorum.voteResult(voters, Map.of(1L, true, 2L, true, 9L, true)))
                .isEqualTo(VoteResult.PENDING);
        assertThat(MajorityQuorum.voteResult(voters, Map.of(1L, true, 2L, true, 3L, true)))
                .isEqualTo(VoteResult.WON);
        assertThat(MajorityQuorum.voteResult(voters, Map.of(1L, false, 2L, false, 3L, false)))
                .isEqualTo(VoteResult.LOST);
    }

    @Test
    void acknowledgementQuorum() {
        Set<Long> five = Set.of(1L, 2L, 3L, 4L, 5L);
        assertThat(MajorityQuorum.isReachedBy(five, Set.of(1L, 2L))).isFalse();
        assertThat(MajorityQuorum.isReachedBy(five, Set.of(1L, 2L, 5L))).isTrue();
        assertThat(MajorityQuorum.isReachedBy(Set.of(1L), Set.of(1L))).isTrue();
        assertThat(MajorityQuorum.isReachedBy(Set.of(1L, 2L, 3L), Set.of(1L, 7L))).isFalse();
    }
}
