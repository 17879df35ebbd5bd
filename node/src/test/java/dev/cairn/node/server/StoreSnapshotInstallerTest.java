package dev.cairn.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.apply.KvApplier;
import dev.cairn.node.lease.LeaseApplier;
import dev.cairn.node.lease.LeaseCheckpointPolicy;
import dev.cairn.node.lease.LeaseClock;
import dev.cairn.node.lease.Lessor;
import dev.cairn.node.proto.etcdserverpb.AlarmMember;
import dev.cairn.node.proto.etcdserverpb.AlarmRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmType;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.raft.MemberAttributes;
import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.HardState;
import dev.cairn.node.raft.SnapshotMeta;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.raftlog.RaftLogStorage;
import dev.cairn.node.watch.WatchHub;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader's state store made into a snapshot (as the peer transport sends it) and installed on a follower that is
 * behind: the follower's store, log, leases and alarms become the leader's; what does not match is refused.
 */
class StoreSnapshotInstallerTest {
    private static final long VOTER = 0x1111;
    private static final long LEARNER = 0x2222;
    private static final long LEADER_INDEX = 12;
    private static final long LEADER_TERM = 3;
    private static final long FOLLOWER_INDEX = 5;
    private static final long FOLLOWER_TERM = 2;

    @TempDir
    Path dir;

    private MvccStore leader;
    private MvccStore follower;
    private RaftLogStorage followerLog;
    private Lessor followerLessor;
    private Alarms followerAlarms;
    private WatchHub followerWatches;
    private final List<SnapshotMeta> reloaded = new ArrayList<>();
    private StoreSnapshotInstaller installer;

    @BeforeEach
    void setUp() {
        leader = MvccStore.open(dir.resolve("leader"));
        Lessor leaderLessor = Lessor.recover(leader, LeaseClock.system(), 5, LeaseCheckpointPolicy.DISABLED);
        apply(leader, leaderLessor, LEADER_INDEX, LEADER_TERM, batch -> {
            batch.writeMeta(Membership.MEMBERS_META, Membership.encode(List.of(
                    Membership.toMember(VOTER, peerUrl("http://a:2380"), false),
                    Membership.toMember(LEARNER, peerUrl("http://b:2380"), true))));
            new LeaseApplier(leaderLessor).grant(batch, LeaseGrantRequest.newBuilder().setID(7).setTTL(60).build());
            batch.put(put("leased", 7));
            batch.put(put("plain", 0));
            Alarms.load(leader).apply(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.ACTIVATE)
                    .setMemberID(VOTER).setAlarm(AlarmType.NOSPACE).build(), batch);
        });

        follower = MvccStore.open(dir.resolve("follower"));
        Lessor bootLessor = Lessor.recover(follower, LeaseClock.system(), 5, LeaseCheckpointPolicy.DISABLED);
        apply(follower, bootLessor, FOLLOWER_INDEX, FOLLOWER_TERM, batch -> {
            new LeaseApplier(bootLessor).grant(batch, LeaseGrantRequest.newBuilder().setID(9).setTTL(60).build());
            batch.put(put("stale", 9));
        });
        followerLog = RaftLogStorage.open(dir.resolve("wal"));
        followerLog.save(new HardState(FOLLOWER_TERM, VOTER, FOLLOWER_INDEX),
                entries(FOLLOWER_TERM, 1, FOLLOWER_INDEX));
        followerLessor = Lessor.recover(follower, LeaseClock.system(), 5, LeaseCheckpointPolicy.DISABLED);
        followerAlarms = Alarms.load(follower);
        followerWatches = new WatchHub(follower, revision -> ResponseHeader.newBuilder().setRevision(revision).build(),
                Duration.ofMinutes(10));
        installer = new StoreSnapshotInstaller(follower, followerLog, followerLessor, followerAlarms, followerWatches,
                reloaded::add);
    }

    @AfterEach
    void tearDown() {
        followerWatches.close();
        followerLog.close();
        follower.close();
        leader.close();
    }

    @Test
    void theSnapshotSourceDescribesWhatWasAppliedIncludingTheLearner() throws Exception {
        PeerEvents.PreparedSnapshot prepared = new StoreSnapshotSource(leader).prepare(dir);

        assertThat(prepared.meta()).isEqualTo(
                new SnapshotMeta(LEADER_INDEX, LEADER_TERM, new ConfState(Set.of(VOTER), Set.of(LEARNER))));
        assertThat(MvccStore.readCheckpoint(prepared.directory()).revision()).isEqualTo(leader.currentRevision());
    }

    @Test
    void installingMakesTheFollowersStateTheLeaders() throws Exception {
        PeerEvents.PreparedSnapshot prepared = new StoreSnapshotSource(leader).prepare(dir);

        installer.install(prepared.meta(), prepared.directory());

        assertThat(follower.hash()).isEqualTo(leader.hash());
        assertThat(follower.currentRevision()).isEqualTo(leader.currentRevision());
        assertThat(follower.consistentIndex()).isEqualTo(LEADER_INDEX);
        assertThat(followerLog.firstIndex()).isEqualTo(LEADER_INDEX + 1);
        assertThat(followerLog.lastIndex()).isEqualTo(LEADER_INDEX);
        assertThat(followerLog.termBeforeFirstIndex()).isEqualTo(LEADER_TERM);
        assertThat(followerLessor.idsByExpiry()).containsExactly(7L);
        assertThat(followerLessor.keys(7)).containsExactly(ByteString.copyFromUtf8("leased"));
        assertThat(followerAlarms.active()).containsExactly(
                AlarmMember.newBuilder().setMemberID(VOTER).setAlarm(AlarmType.NOSPACE).build());
        assertThat(reloaded).containsExactly(prepared.meta());
        assertThat(prepared.directory()).doesNotExist();
        assertThat(StoreSnapshotInstaller.completeInterruptedInstall(follower, followerLog)).isFalse();
    }

    @Test
    void aStoreThatIsNotTheSnapshotDescribedIsRefusedAndChangesNothing() throws Exception {
        int before = follower.hash();
        ConfState conf = new ConfState(Set.of(VOTER), Set.of(LEARNER));
        List<SnapshotMeta> wrong = List.of(
                new SnapshotMeta(LEADER_INDEX + 1, LEADER_TERM, conf),
                new SnapshotMeta(LEADER_INDEX, LEADER_TERM + 1, conf),
                new SnapshotMeta(LEADER_INDEX, LEADER_TERM, new ConfState(Set.of(VOTER, LEARNER), Set.of())));
        for (SnapshotMeta meta : wrong) {
            PeerEvents.PreparedSnapshot prepared = new StoreSnapshotSource(leader).prepare(dir);

            assertThatThrownBy(() -> installer.install(meta, prepared.directory()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the snapshot's");

            assertThat(prepared.directory()).doesNotExist();
        }
        assertThat(follower.hash()).isEqualTo(before);
        assertThat(followerLog.lastIndex()).isEqualTo(FOLLOWER_INDEX);
        assertThat(followerLessor.idsByExpiry()).containsExactly(9L);
        assertThat(reloaded).isEmpty();
    }

    @Test
    void aSnapshotThatIsNotAheadOfTheFollowerIsRefused() throws Exception {
        PeerEvents.PreparedSnapshot prepared = new StoreSnapshotSource(follower).prepare(dir);

        assertThatThrownBy(() -> installer.install(prepared.meta(), prepared.directory()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not ahead");
        assertThat(followerLog.lastIndex()).isEqualTo(FOLLOWER_INDEX);
    }

    @Test
    void aCrashBetweenTheStoreSwapAndTheLogResetIsFinishedAtTheNextStart() throws Exception {
        PeerEvents.PreparedSnapshot prepared = new StoreSnapshotSource(leader).prepare(dir);
        follower.restoreFrom(prepared.directory()); // the crash comes before log.resetTo

        assertThat(StoreSnapshotInstaller.completeInterruptedInstall(follower, followerLog)).isTrue();

        assertThat(followerLog.firstIndex()).isEqualTo(LEADER_INDEX + 1);
        assertThat(followerLog.termBeforeFirstIndex()).isEqualTo(LEADER_TERM);
        assertThat(StoreSnapshotInstaller.completeInterruptedInstall(follower, followerLog)).isFalse();
    }

    @Test
    void aLogThatHoldsAConflictingEntryAtTheSnapshotIndexIsResetAtStart() throws Exception {
        // The follower had entries up to 14 from a deposed leader (term 2): 12 among them, with the wrong term.
        followerLog.save(null, entries(FOLLOWER_TERM, FOLLOWER_INDEX + 1, 14));
        PeerEvents.PreparedSnapshot prepared = new StoreSnapshotSource(leader).prepare(dir);
        follower.restoreFrom(prepared.directory());

        assertThat(StoreSnapshotInstaller.completeInterruptedInstall(follower, followerLog)).isTrue();

        assertThat(followerLog.entries()).isEmpty();
        assertThat(followerLog.firstIndex()).isEqualTo(LEADER_INDEX + 1);
    }

    @Test
    void aConsistentStoreAndLogAreLeftAlone() throws Exception {
        assertThat(StoreSnapshotInstaller.completeInterruptedInstall(follower, followerLog)).isFalse();
        assertThat(followerLog.entries()).hasSize((int) FOLLOWER_INDEX);
    }

    private interface BatchWork {
        void apply(ApplyBatch batch);
    }

    /** Applies one batch as the apply thread does: the work, then the applied term, committed at {@code index}. */
    private static void apply(MvccStore store, Lessor lessor, long index, long term, BatchWork work) {
        try (ApplyBatch batch = new KvApplier(store, lessor).begin()) {
            work.apply(batch);
            batch.writeMeta(ApplyLoop.APPLIED_TERM_META, ByteBuffer.allocate(8).putLong(term).array());
            batch.commit(index);
        }
    }

    private static MemberAttributes peerUrl(String url) {
        return MemberAttributes.newBuilder().addPeerUrls(url).build();
    }

    private static PutRequest put(String key, long lease) {
        return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8("v"))
                .setLease(lease).build();
    }

    private static List<Entry> entries(long term, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(i -> new Entry(term, i, EntryType.NORMAL, new byte[0]))
                .toList();
    }
}
