package dev.cairn.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Elections among several voters: pre-vote, check-quorum, the leader lease and the rules for granting votes. */
class MultiMemberElectionTest {
    private static final ConfState THREE = new ConfState(Set.of(1L, 2L, 3L), Set.of());

    private static Message vote(MessageType type, long from, long to, long term, long lastTerm, long lastIndex,
                                long context) {
        return new Message(type, from, to, term, lastTerm, lastIndex, List.of(), 0, false, 0, context, null);
    }

    private static Message heartbeat(long from, long to, long term) {
        return new Message(MessageType.HEARTBEAT, from, to, term, 0, 0, List.of(), 0, false, 0, 0, null);
    }

    private static List<Message> drainMessages(RawNode node) {
        Ready ready = node.ready();
        node.advance(ready);
        return ready.messages();
    }

    @Test
    void campaignWinsWithAQuorumOfVotes() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.LEADER);
        assertThat(cluster.node(1).status().term()).isEqualTo(1);
        assertThat(cluster.node(2).status().leaderId()).isEqualTo(1);
        assertThat(cluster.node(3).status().leaderId()).isEqualTo(1);
        assertThat(cluster.sent()).filteredOn(m -> m.type() == MessageType.PRE_VOTE)
                .as("pre-vote asks at the next term without raising its own").hasSize(2)
                .allSatisfy(m -> assertThat(m.term()).isEqualTo(1));
    }

    @Test
    void electionFollowsTheRandomizedTimeoutOfTicks() {
        TestCluster cluster = TestCluster.ofVoters(3);
        for (int tick = 0; tick < 40 && cluster.node(1).status().leaderId() == 0; tick++) {
            cluster.tickAll(1);
        }
        long leader = cluster.node(1).status().leaderId();
        assertThat(leader).isNotZero();
        assertThat(cluster.node(2).status().leaderId()).isEqualTo(leader);
        assertThat(cluster.node(leader).status().role()).isEqualTo(Role.LEADER);
    }

    @Test
    void preVoteKeepsARejoiningPartitionedMemberFromRaisingTheTerm() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(3);
        for (int i = 0; i < 100; i++) {
            cluster.node(3).tick();
            cluster.settle();
        }
        assertThat(cluster.node(3).status().role()).as("keeps asking for pre-votes").isEqualTo(Role.PRE_CANDIDATE);
        assertThat(cluster.node(3).status().term()).as("pre-votes do not raise the term").isEqualTo(1);

        cluster.heal();
        cluster.tickAll(3);
        assertThat(cluster.node(1).status().role()).as("the leader is not disturbed").isEqualTo(Role.LEADER);
        assertThat(cluster.node(1).status().term()).isEqualTo(1);
        assertThat(cluster.node(3).status().leaderId()).isEqualTo(1);
    }

    @Test
    void withoutPreVoteARejoiningMemberDisruptsTheLeader() {
        TestCluster cluster = TestCluster.ofVoters(3, id -> RaftConfig.defaults(id).withPreVote(false)
                .withCheckQuorum(false));
        cluster.elect(1);
        cluster.isolate(3);
        for (int i = 0; i < 100; i++) {
            cluster.node(3).tick();
            cluster.settle();
        }
        assertThat(cluster.node(3).status().term()).isGreaterThan(1);
        cluster.heal();
        cluster.node(3).tick(); // its next campaign reaches the others
        for (int i = 0; i < 30 && cluster.node(1).status().term() == 1; i++) {
            cluster.node(3).tick();
            cluster.settle();
        }
        assertThat(cluster.node(1).status().term()).as("the rejoining member forced a new term").isGreaterThan(1);
    }

    @Test
    void leaderWithoutAQuorumStepsDownAfterAnElectionTimeout() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(1);
        int electionTicks = RaftConfig.defaults(1).electionTicks();
        cluster.tick(1, electionTicks); // first check: the followers answered during the election
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.LEADER);
        cluster.tick(1, electionTicks); // second check: nobody answered since the first
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(cluster.node(1).status().leaderId()).isZero();
        assertThat(cluster.node(1).status().term()).as("stepping down does not raise the term").isEqualTo(1);
    }

    @Test
    void leaderHearingFromAQuorumStaysLeader() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(3);
        cluster.tickAll(5 * RaftConfig.defaults(1).electionTicks());
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.LEADER);
        assertThat(cluster.node(1).status().term()).isEqualTo(1);
    }

    @Test
    void aVoteIsGrantedOncePerTermAndPersistedBeforeTheAnswer() {
        RawNode node = new RawNode(RaftConfig.defaults(1), THREE, HardState.EMPTY, List.of(), 0, 0,
                new SplittableRandom(1));
        node.step(vote(MessageType.VOTE, 2, 1, 1, 0, 0, 0));
        node.step(vote(MessageType.VOTE, 3, 1, 1, 0, 0, 0));
        Ready ready = node.ready();
        assertThat(ready.hardState()).isEqualTo(new HardState(1, 2, 0));
        assertThat(ready.mustSync()).as("the vote must be durable before it is sent").isTrue();
        assertThat(ready.messages()).extracting(Message::to, Message::reject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, false),
                        org.assertj.core.groups.Tuple.tuple(3L, true));
        node.advance(ready);

        node.step(vote(MessageType.VOTE, 2, 1, 1, 0, 0, 0));
        assertThat(drainMessages(node)).singleElement().extracting(Message::reject)
                .as("asking again for the same vote gets it again").isEqualTo(false);
    }

    @Test
    void votesGoOnlyToCandidatesWithLogsAtLeastAsUpToDate() {
        List<Entry> log = List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(2, 2, EntryType.NORMAL, null));
        RawNode node = new RawNode(RaftConfig.defaults(1), THREE, new HardState(2, 0, 1), log, 0, 0,
                new SplittableRandom(1));
        node.step(vote(MessageType.VOTE, 2, 1, 3, 1, 5, 0));
        assertThat(drainMessages(node)).singleElement().satisfies(m -> {
            assertThat(m.reject()).as("older last term loses despite a longer log").isTrue();
            assertThat(m.term()).isEqualTo(3);
        });
        node.step(vote(MessageType.VOTE, 3, 1, 4, 2, 1, 0));
        assertThat(drainMessages(node)).singleElement().extracting(Message::reject)
                .as("same last term, shorter log").isEqualTo(true);
        node.step(vote(MessageType.VOTE, 3, 1, 5, 2, 2, 0));
        assertThat(drainMessages(node)).singleElement().extracting(Message::reject).isEqualTo(false);
        assertThat(node.status().vote()).isEqualTo(3);
    }

    @Test
    void preVoteIsAnsweredAtTheAskedTermWithoutChangingOurs() {
        RawNode node = new RawNode(RaftConfig.defaults(1), THREE, new HardState(4, 0, 0), List.of(), 0, 0,
                new SplittableRandom(1));
        node.step(vote(MessageType.PRE_VOTE, 2, 1, 5, 0, 0, 0));
        Ready ready = node.ready();
        assertThat(ready.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.PRE_VOTE_RESPONSE);
            assertThat(m.term()).isEqualTo(5);
            assertThat(m.reject()).isFalse();
        });
        assertThat(ready.hardState()).as("neither term nor vote changes").isNull();
        node.advance(ready);
        assertThat(node.status().term()).isEqualTo(4);

        node.step(vote(MessageType.PRE_VOTE, 3, 1, 3, 0, 0, 0));
        assertThat(drainMessages(node)).singleElement().satisfies(m -> {
            assertThat(m.reject()).as("a pre-vote below our term").isTrue();
            assertThat(m.term()).isEqualTo(4);
        });
    }

    @Test
    void aCandidateBehindInTermIsToldTheNewerTermAndCampaignsAboveIt() {
        RawNode node = new RawNode(RaftConfig.defaults(1), THREE, new HardState(7, 0, 0), List.of(), 0, 0,
                new SplittableRandom(1));
        node.step(vote(MessageType.VOTE, 2, 1, 3, 0, 0, 0));
        assertThat(drainMessages(node)).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.VOTE_RESPONSE);
            assertThat(m.reject()).isTrue();
            assertThat(m.term()).isEqualTo(7);
        });

        RawNode candidate = new RawNode(RaftConfig.defaults(2).withPreVote(false), THREE, new HardState(2, 0, 0),
                List.of(), 0, 0, new SplittableRandom(2));
        candidate.campaign();
        candidate.step(new Message(MessageType.VOTE_RESPONSE, 1, 2, 7, 0, 0, List.of(), 0, true, 0, 0, null));
        assertThat(candidate.status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(candidate.status().term()).isEqualTo(7);
        candidate.campaign();
        assertThat(candidate.status().term()).isEqualTo(8);
    }

    @Test
    void membersThatHeardFromALeaderRefuseVotesUnlessItIsATransfer() {
        RawNode node = new RawNode(RaftConfig.defaults(1), THREE, HardState.EMPTY, List.of(), 0, 0,
                new SplittableRandom(1));
        node.step(heartbeat(2, 1, 1));
        drainMessages(node);

        node.step(vote(MessageType.PRE_VOTE, 3, 1, 2, 0, 0, 0));
        node.step(vote(MessageType.VOTE, 3, 1, 2, 0, 0, 0));
        assertThat(drainMessages(node)).as("ignored within the leader lease").isEmpty();
        assertThat(node.status().term()).isEqualTo(1);

        node.step(vote(MessageType.VOTE, 3, 1, 2, 0, 0, 1));
        assertThat(drainMessages(node)).singleElement().extracting(Message::reject).isEqualTo(false);
        assertThat(node.status().term()).isEqualTo(2);
        assertThat(node.status().vote()).isEqualTo(3);
    }

    @Test
    void leaseEndsAnElectionTimeoutAfterTheLeaderWasLastHeard() {
        RawNode node = new RawNode(RaftConfig.defaults(1), THREE, HardState.EMPTY, List.of(), 0, 0,
                new SplittableRandom(1));
        node.step(heartbeat(2, 1, 1));
        drainMessages(node);
        for (int i = 0; i < RaftConfig.defaults(1).electionTicks(); i++) {
            node.tick(); // the randomized timeout is at least this long, so no campaign yet
        }
        node.step(vote(MessageType.PRE_VOTE, 3, 1, 2, 0, 0, 0));
        assertThat(drainMessages(node)).filteredOn(m -> m.type() == MessageType.PRE_VOTE_RESPONSE)
                .singleElement().extracting(Message::reject).isEqualTo(false);
    }

    @Test
    void followersThatLoseTheirStreamToTheLeaderElectANewOneWithinOneElectionTimeout() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(1); // crashed: its connections closed, which both followers' transports report
        cluster.node(2).reportUnreachable(1);
        cluster.node(3).reportUnreachable(1);
        int ticks = 0;
        // Without the report no follower campaigns before a whole election timeout has passed.
        while (ticks < RaftConfig.defaults(1).electionTicks() - 1 && cluster.node(2).status().leaderId() <= 1) {
            cluster.node(2).tick();
            cluster.node(3).tick();
            cluster.settle();
            ticks++;
        }
        long newLeader = cluster.node(2).status().leaderId();
        assertThat(newLeader).as("leader after %d ticks", ticks).isIn(2L, 3L);
        assertThat(cluster.node(3).status().leaderId()).isEqualTo(newLeader);
        assertThat(cluster.node(newLeader).status().term()).isEqualTo(2);
    }

    @Test
    void withoutPreVoteALostStreamToTheLeaderDoesNotHastenAnElection() {
        TestCluster cluster = TestCluster.ofVoters(3, id -> RaftConfig.defaults(id).withPreVote(false));
        cluster.elect(1);
        cluster.isolate(1);
        cluster.node(2).reportUnreachable(1);
        cluster.node(3).reportUnreachable(1);
        for (int i = 0; i < RaftConfig.defaults(1).electionTicks() - 1; i++) {
            cluster.node(2).tick();
            cluster.node(3).tick();
            cluster.settle();
        }
        assertThat(cluster.node(2).status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(cluster.node(3).status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(cluster.node(2).status().term()).isEqualTo(1);
    }

    @Test
    void aFollowerThatKeepsLosingItsStreamToALiveLeaderDoesNotDisturbIt() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        int electionTicks = RaftConfig.defaults(1).electionTicks();
        for (int i = 0; i < 5; i++) {
            cluster.node(2).reportUnreachable(1); // its own stream keeps failing; the leader's heartbeats arrive
            for (int tick = 0; tick < electionTicks - 1; tick++) { // node 2's clock runs ahead of the others'
                cluster.node(2).tick();
                cluster.settle();
            }
            cluster.tickAll(1);
            cluster.propose(1, "v" + i);
        }
        assertThat(cluster.sent()).as("node 2 did campaign, with pre-votes")
                .anyMatch(m -> m.type() == MessageType.PRE_VOTE && m.from() == 2);
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.LEADER);
        assertThat(cluster.node(1).status().term()).as("no pre-vote won, so nobody raised the term").isEqualTo(1);
        assertThat(cluster.node(2).status().leaderId()).isEqualTo(1);
        assertThat(cluster.appliedValues(2)).as("replication went on").contains("v4");
    }

    @Test
    void staleAppendsAndHeartbeatsAreAnsweredSoTheOldLeaderStepsDown() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(1);
        for (int i = 0; i < 100 && cluster.node(2).status().leaderId() <= 1; i++) {
            cluster.node(2).tick(); // the old leader is not ticked, so check-quorum does not demote it
            cluster.node(3).tick();
            cluster.settle();
        }
        long newLeader = cluster.node(2).status().leaderId();
        assertThat(newLeader).isIn(2L, 3L);
        assertThat(cluster.node(newLeader).status().term()).isEqualTo(2);
        assertThat(cluster.node(1).status().role()).as("still believes it leads").isEqualTo(Role.LEADER);

        cluster.heal();
        cluster.propose(1, "stale write"); // its APPENDs reach members of a newer term
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(cluster.node(1).status().term()).isEqualTo(2);
        cluster.tickAll(2);
        assertThat(cluster.node(1).status().leaderId()).isEqualTo(newLeader);
        assertThat(cluster.appliedValues(3)).doesNotContain("stale write");
        assertThat(cluster.appliedValues(1)).as("the old leader's uncommitted entry is replaced")
                .doesNotContain("stale write");
    }

    @Test
    void learnersAndNonMembersNeverCampaignNorCount() {
        ConfState conf = new ConfState(Set.of(1L, 2L), Set.of(3L));
        TestCluster cluster = new TestCluster(RaftConfig::defaults);
        cluster.add(1, conf);
        cluster.add(2, conf);
        cluster.add(3, conf);
        cluster.add(4, ConfState.EMPTY);
        cluster.isolate(2);
        cluster.elect(1);
        assertThat(cluster.node(1).status().role()).as("the learner's pre-vote does not count")
                .isEqualTo(Role.PRE_CANDIDATE);
        cluster.tick(3, 100);
        cluster.tick(4, 100);
        cluster.settle();
        assertThat(cluster.node(3).status().term()).isZero();
        assertThat(cluster.node(3).status().learner()).isTrue();
        assertThat(cluster.node(4).status().term()).isZero();
        assertThat(cluster.sent()).noneMatch(m -> (m.type() == MessageType.PRE_VOTE || m.type() == MessageType.VOTE)
                && (m.from() == 3 || m.from() == 4));
    }

    @Test
    void memberIdsUseAllSixtyFourBits() {
        long a = 0x8000_0000_0000_0001L;
        long b = 0xffff_ffff_ffff_fffeL;
        long c = 3;
        ConfState conf = new ConfState(Set.of(a, b, c), Set.of());
        TestCluster cluster = new TestCluster(RaftConfig::defaults);
        cluster.add(a, conf);
        cluster.add(b, conf);
        cluster.add(c, conf);
        cluster.elect(b);
        assertThat(cluster.node(b).status().role()).isEqualTo(Role.LEADER);
        cluster.propose(a, "from a");
        assertThat(cluster.appliedValues(c)).containsExactly("from a");
        assertThat(cluster.node(b).progress()).containsOnlyKeys(a, b, c);
    }
}
