package dev.cairn.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.apply.KvApplier;
import dev.cairn.node.lease.LeaseCheckpointPolicy;
import dev.cairn.node.lease.Lessor;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.raft.ConfChange;
import dev.cairn.node.proto.raft.MemberAttributes;
import dev.cairn.node.proto.raft.MemberAttributesUpdate;
import dev.cairn.node.storage.mvcc.MvccStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** etcd's checks before a membership change is proposed, over a real membership kept in a real store. */
class MembershipChangesTest {
    private static final long A = 0xa1, B = 0xb2, C = 0xc3, LEARNER = 0xd4;
    private static final Instant NOW = Instant.parse("2026-11-24T07:00:00Z");

    @TempDir
    Path dir;

    private MvccStore store;
    private KvApplier applier;
    private Membership membership;
    private final List<ConfChange> proposed = new ArrayList<>();
    private final Map<Long, Instant> connectedSince = new HashMap<>();
    private final Map<Long, Long> matches = new HashMap<>();
    private boolean leader = true;

    @BeforeEach
    void threeStartedMembersAndALearner() {
        store = MvccStore.open(dir.resolve("db"));
        applier = new KvApplier(store, new Lessor(() -> 0L, 1, LeaseCheckpointPolicy.DISABLED));
        membership = Membership.create(store, A, 0x99);
        add(A, ConfChange.Type.ADD_VOTER, "http://10.0.0.1:2380");
        add(B, ConfChange.Type.ADD_VOTER, "http://10.0.0.2:2380");
        add(C, ConfChange.Type.ADD_VOTER, "http://10.0.0.3:2380");
        add(LEARNER, ConfChange.Type.ADD_LEARNER, "http://10.0.0.4:2380");
        for (long id : new long[] {A, B, C}) {
            start(id);
        }
        connectedSince.put(B, NOW.minusSeconds(60));
        connectedSince.put(C, NOW.minusSeconds(60));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void addProposesANewMemberWhoseIdHashesItsUrlsWithTheTime() throws Exception {
        CompletableFuture<MembershipChanges.Added> added = changes(true).add(List.of("http://10.0.0.5:2380"), false);

        assertThat(proposed).singleElement().satisfies(change -> {
            assertThat(change.getType()).isEqualTo(ConfChange.Type.ADD_VOTER);
            assertThat(change.getMemberId()).isEqualTo(
                    MemberIds.memberId(List.of("http://10.0.0.5:2380"), Long.toString(NOW.getEpochSecond())));
            assertThat(change.getMember().getPeerUrlsList()).containsExactly("http://10.0.0.5:2380");
        });
        assertThat(added.get().member().getPeerURLsList()).containsExactly("http://10.0.0.5:2380");
    }

    @Test
    void urlsMustBeHttpOrHttpsWithHostAndPortAndNoPath() {
        for (String bad : new String[] {"10.0.0.5:2380", "ftp://10.0.0.5:2380", "http://10.0.0.5",
                "http://10.0.0.5:2380/path", "http://[bad"}) {
            assertFails(changes(true).add(List.of(bad), false), "etcdserver: given member URLs are invalid");
        }
        assertFails(changes(true).add(List.of(), false), "etcdserver: given member URLs are invalid");
        assertThat(proposed).isEmpty();
    }

    @Test
    void strictCheckRefusesAVoterWhenTooFewMembersStarted() {
        add(0xe5, ConfChange.Type.ADD_VOTER, "http://10.0.0.6:2380"); // never started: 3 of 4 started
        add(0xf6, ConfChange.Type.ADD_VOTER, "http://10.0.0.7:2380"); // 3 of 5 started, quorum of 6 is 4

        assertFails(changes(true).add(List.of("http://10.0.0.8:2380"), false),
                "etcdserver: re-configuration failed due to not enough started members");
        assertThat(changes(false).add(List.of("http://10.0.0.8:2380"), false)).isNotCompletedExceptionally();
    }

    @Test
    void strictCheckRefusesAnAddWhileAPeerIsNotConnectedForFiveSeconds() {
        connectedSince.put(C, NOW.minusSeconds(2));

        assertFails(changes(true).add(List.of("http://10.0.0.8:2380"), true), "etcdserver: unhealthy cluster");
    }

    @Test
    void aPeerThatIsDownMayBeRemovedButNotOneWhoseLossBreaksTheActiveQuorum() {
        connectedSince.remove(C); // down
        assertThat(changes(true).remove(C)).isNotCompletedExceptionally();

        assertFails(changes(true).remove(B), "etcdserver: unhealthy cluster");
    }

    @Test
    void promoteIsDecidedByTheLeaderOnceTheLearnerIsInSync() {
        matches.put(A, 1000L);
        matches.put(LEARNER, 800L);
        assertFails(changes(true).promote(LEARNER),
                "etcdserver: can only promote a learner member which is in sync with leader");

        matches.put(LEARNER, 950L);
        assertThat(changes(true).promote(LEARNER)).isNotCompletedExceptionally();
        assertThat(proposed).singleElement().extracting(ConfChange::getType).isEqualTo(ConfChange.Type.PROMOTE);

        assertFails(changes(true).promote(B), "etcdserver: can only promote a learner member");
        assertFails(changes(true).promote(0x77), "etcdserver: member not found");
        leader = false;
        assertFails(changes(true).promote(LEARNER), "etcdserver: not leader");
    }

    @Test
    void theRulesAppliedAtCommitRefuseDuplicatesAndUnknownMembers() {
        assertThat(membership.check(addChange(B, ConfChange.Type.ADD_VOTER, "http://10.0.0.9:2380")))
                .hasValueSatisfying(e -> assertThat(e.message()).isEqualTo("etcdserver: member ID already exist"));
        assertThat(membership.check(addChange(0x55, ConfChange.Type.ADD_VOTER, "http://10.0.0.2:2380")))
                .hasValueSatisfying(e -> assertThat(e.message()).isEqualTo("etcdserver: Peer URLs already exists"));
        assertThat(membership.check(addChange(0x56, ConfChange.Type.ADD_LEARNER, "http://10.0.0.9:2380")))
                .hasValueSatisfying(e -> assertThat(e.message())
                        .isEqualTo("etcdserver: too many learner members in cluster"));
        assertThat(membership.check(ConfChange.newBuilder().setType(ConfChange.Type.REMOVE).setMemberId(0x57).build()))
                .hasValueSatisfying(e -> assertThat(e.message()).isEqualTo("etcdserver: member not found"));

        apply(ConfChange.newBuilder().setType(ConfChange.Type.REMOVE).setMemberId(C).build());
        assertThat(membership.isRemoved(C)).isTrue();
        assertThat(membership.check(addChange(C, ConfChange.Type.ADD_VOTER, "http://10.0.0.3:2380")))
                .as("a removed id never comes back").isPresent();
        assertThat(Membership.load(store).orElseThrow().isRemoved(C)).as("persisted").isTrue();
    }

    private MembershipChanges changes(boolean strict) {
        return new MembershipChanges(membership, strict, change -> {
            proposed.add(change.build());
            return CompletableFuture.completedFuture(membership.members());
        }, id -> Optional.ofNullable(connectedSince.get(id)), new MembershipChanges.ReplicationView() {
            @Override
            public OptionalLong match(long memberId) {
                Long match = matches.get(memberId);
                return match == null ? OptionalLong.empty() : OptionalLong.of(match);
            }

            @Override
            public boolean isLeader() {
                return leader;
            }
        }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void add(long id, ConfChange.Type type, String url) {
        apply(addChange(id, type, url));
    }

    private static ConfChange addChange(long id, ConfChange.Type type, String url) {
        return ConfChange.newBuilder().setType(type).setMemberId(id)
                .setMember(MemberAttributes.newBuilder().addPeerUrls(url)).build();
    }

    private void apply(ConfChange change) {
        assertThat(membership.check(change)).isEmpty();
        try (ApplyBatch batch = applier.begin()) {
            membership.apply(change, batch);
            batch.commit(store.consistentIndex() + 1);
        }
    }

    private void start(long id) {
        Member member = membership.member(id).orElseThrow();
        try (ApplyBatch batch = applier.begin()) {
            membership.publish(MemberAttributesUpdate.newBuilder().setMemberId(id).setAttributes(MemberAttributes
                    .newBuilder().setName("m" + Long.toHexString(id)).addAllPeerUrls(member.getPeerURLsList())).build(),
                    batch);
            batch.commit(store.consistentIndex() + 1);
        }
    }

    private static void assertFails(CompletableFuture<?> future, String message) {
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).cause().hasMessage(message);
    }
}
