package dev.cairn.node.raft;

import static dev.cairn.node.raft.RaftTestSupport.ID;
import static dev.cairn.node.raft.RaftTestSupport.freshSingleVoter;
import static dev.cairn.node.raft.RaftTestSupport.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RawNodeElectionTest {

    @Test
    void freshNodeHasNothingToDo() {
        RawNode node = freshSingleVoter();
        assertThat(node.hasReady()).isFalse();
        assertThat(node.status()).isEqualTo(new RaftStatus(ID, 0, 0, Role.FOLLOWER, 0, 0, 0, 0, 0, false));
    }

    @Test
    void singleVoterElectsItselfWithinTheRandomizedTimeout() {
        RawNode node = freshSingleVoter();
        int electionTicks = RaftConfig.defaults(ID).electionTicks();
        for (int i = 0; i < electionTicks - 1; i++) {
            node.tick();
        }
        assertThat(node.status().role()).as("no election before electionTicks").isEqualTo(Role.FOLLOWER);

        int ticks = electionTicks - 1;
        while (node.status().role() != Role.LEADER) {
            node.tick();
            ticks++;
            assertThat(ticks).as("election timeout stays below 2 * electionTicks").isLessThan(2 * electionTicks);
        }
        assertThat(node.status().term()).isEqualTo(1);
        assertThat(node.status().vote()).isEqualTo(ID);
        assertThat(node.status().leaderId()).isEqualTo(ID);
    }

    @Test
    void electionTimeoutIsRandomizedAcrossSeeds() {
        Set<Integer> timeouts = new java.util.HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            RawNode node = new RawNode(RaftConfig.defaults(ID), voters(ID), HardState.EMPTY, List.of(), 0, 0,
                    new SplittableRandom(seed));
            int ticks = 0;
            while (node.status().role() != Role.LEADER) {
                node.tick();
                ticks++;
            }
            timeouts.add(ticks);
        }
        assertThat(timeouts).allMatch(t -> t >= 10 && t < 20).hasSizeGreaterThan(1);
    }

    @Test
    void newLeaderReportsRoleTermAndItsEmptyEntry() {
        RawNode node = freshSingleVoter();
        node.campaign();

        Ready ready = node.ready();
        assertThat(ready.softState()).isEqualTo(new SoftState(ID, Role.LEADER));
        assertThat(ready.hardState()).isEqualTo(new HardState(1, ID, 0));
        assertThat(ready.entries()).containsExactly(new Entry(1, 1, EntryType.NORMAL, new byte[0]));
        assertThat(ready.committedEntries()).as("not durable yet, so not committed").isEmpty();
        assertThat(ready.mustSync()).isTrue();
    }

    @Test
    void leaderIgnoresTicksAndRepeatedCampaigns() {
        RawNode node = RaftTestSupport.electedSingleVoter();
        for (int i = 0; i < 100; i++) {
            node.tick();
        }
        node.campaign();
        assertThat(node.status().term()).isEqualTo(1);
        assertThat(node.hasReady()).isFalse();
    }

    @Test
    void candidateAmongThreeVotersWaitsForVotes() {
        RawNode node = new RawNode(RaftConfig.defaults(1).withPreVote(false), voters(1L, 2L, 3L), HardState.EMPTY,
                List.of(), 0, 0, new SplittableRandom(1));
        node.campaign();
        assertThat(node.status().role()).isEqualTo(Role.CANDIDATE);
        assertThat(node.status().term()).isEqualTo(1);
        assertThat(node.status().vote()).isEqualTo(1);
        assertThatThrownBy(() -> node.propose(EntryType.NORMAL, new byte[1]))
                .isInstanceOf(NotLeaderException.class);

        node.campaign();
        assertThat(node.status().term()).as("a new campaign starts a new term").isEqualTo(2);
    }

    @Test
    void memberOutsideTheVotersNeverCampaigns() {
        RawNode learner = new RawNode(RaftConfig.defaults(9), voters(1L), HardState.EMPTY, List.of(), 0, 0,
                new SplittableRandom(1));
        for (int i = 0; i < 100; i++) {
            learner.tick();
        }
        learner.campaign();
        assertThat(learner.status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(learner.status().term()).isZero();
    }
}
