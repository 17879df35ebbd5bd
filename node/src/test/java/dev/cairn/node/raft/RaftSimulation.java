package dev.cairn.node.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic simulation of a Raft cluster: members with in-memory disks and state stores, a lossy network,
 * partitions, crashes and restarts, membership changes, compaction with snapshot installs, and clients that keep
 * proposing and reading. Everything random comes from one seed, so a seed replays exactly. After every step the
 * {@link SafetyChecker} checks the cluster; at the end the network heals and a new proposal must commit on every
 * member of the configuration within a bounded number of ticks.
 */
final class RaftSimulation {
    /**
     * @param initialMembers       voters the cluster starts with
     * @param chaosSteps           steps (one tick each) with faults
     * @param preVote              members campaign with a pre-vote first
     * @param checkQuorum          leaders step down without a quorum, members honour the leader lease
     * @param ackWithoutPersisting simulated bug: members acknowledge entries that a crash then loses
     */
    record Settings(int initialMembers, int chaosSteps, boolean preVote, boolean checkQuorum,
                    boolean ackWithoutPersisting) {
    }

    /** What a run exercised, so that tests can show the faults and features were really hit. */
    static final class Coverage {
        long crashes;
        long snapshotsInstalled;
        long confChangesApplied;
        long readsServed;
        long highestTerm;
        long highestCommit;
        long liveMembersAtEnd;
        long slowestRecoveryTicks;

        void add(Coverage other) {
            crashes += other.crashes;
            snapshotsInstalled += other.snapshotsInstalled;
            confChangesApplied += other.confChangesApplied;
            readsServed += other.readsServed;
            highestTerm += other.highestTerm;
            highestCommit += other.highestCommit;
            liveMembersAtEnd += other.liveMembersAtEnd;
            slowestRecoveryTicks = Math.max(slowestRecoveryTicks, other.slowestRecoveryTicks);
        }

        @Override
        public String toString() {
            return "crashes=" + crashes + " snapshotsInstalled=" + snapshotsInstalled + " confChangesApplied="
                    + confChangesApplied + " readsServed=" + readsServed + " sum(highestTerm)=" + highestTerm
                    + " sum(highestCommit)=" + highestCommit + " sum(membersAtEnd)=" + liveMembersAtEnd
                    + " slowestRecoveryTicks=" + slowestRecoveryTicks;
        }
    }

    static final int ELECTION_TICKS = 10;
    private static final int LIVENESS_TICKS = 1_000;

    /** One simulated member: its disk and state store survive crashes, its core does not. */
    private static final class Member {
        final long id;
        final SimDisk disk = new SimDisk();
        /** The membership changes a member of the initial cluster bootstraps with; empty for members added later. */
        final List<byte[]> bootstrap;
        SimStateMachine stateMachine;
        RawNode node;
        long lastCommit;
        long verifiedUpTo;
        /** A state store received with a SNAPSHOT, installed if the core asks for it. */
        SimStateMachine receivedStore;

        Member(long id, ConfState conf, List<byte[]> bootstrap) {
            this.id = id;
            this.stateMachine = new SimStateMachine(conf);
            this.bootstrap = bootstrap;
        }

        boolean isUp() {
            return node != null;
        }
    }

    private final Settings settings;
    private final SplittableRandom random;
    private final SimNetwork network;
    private final SafetyChecker checker = new SafetyChecker();
    private final Map<Long, Member> members = new TreeMap<>();
    private final Coverage coverage = new Coverage();
    private long now;
    private long nextMemberId;
    private long nextValue;
    private long nextReadContext = 1;

    RaftSimulation(long seed, Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(seed);
        this.network = new SimNetwork(random.split());
        Set<Long> voters = new HashSet<>();
        List<byte[]> bootstrap = new ArrayList<>();
        for (long id = 1; id <= settings.initialMembers(); id++) {
            voters.add(id);
            bootstrap.add(confChange(ConfChangeKind.ADD_VOTER, id));
        }
        ConfState conf = new ConfState(voters, Set.of());
        for (long id : voters) {
            Member member = new Member(id, conf, bootstrap);
            members.put(id, member);
            start(member);
        }
        nextMemberId = settings.initialMembers() + 1;
    }

    /** Runs the faulty phase and then the liveness check; throws on any violation, naming the step. */
    void run() {
        for (int step = 0; step < settings.chaosSteps(); step++) {
            injectFaults();
            clientActivity();
            step();
        }
        checkLiveness();
    }

    // ---- one step --------------------------------------------------------------------------------------------

    private void step() {
        now++;
        for (Member member : members.values()) {
            if (member.isUp()) {
                member.node.tick();
                drain(member);
            }
        }
        for (SimNetwork.InFlight inFlight : network.takeDue(now)) {
            deliver(inFlight);
        }
        checkInvariants();
    }

    private void deliver(SimNetwork.InFlight inFlight) {
        Message message = inFlight.message();
        Member to = members.get(message.to());
        boolean delivered = to != null && to.isUp() && network.delivers(message);
        if (message.type() == MessageType.SNAPSHOT) {
            Member from = members.get(message.from());
            if (delivered) {
                SimStateMachine store = inFlight.store().copy();
                to.receivedStore = store;
                to.node.step(new Message(MessageType.SNAPSHOT, message.from(), message.to(), message.term(), 0, 0,
                        List.of(), 0, false, 0, 0, store.meta()));
                drain(to);
                to.receivedStore = null;
            }
            if (from.isUp()) {
                from.node.reportSnapshot(message.to(), delivered);
                drain(from);
            }
            return;
        }
        if (delivered) {
            to.node.step(message);
            drain(to);
            return;
        }
        Member from = members.get(message.from());
        if (from != null && from.isUp() && random.nextDouble() < 0.1) {
            from.node.reportUnreachable(message.to()); // sometimes the sender's transport notices the loss
            drain(from);
        }
    }

    /** The caller's side of the Ready contract, with the simulated disk and state store. */
    private void drain(Member member) {
        int readies = 0;
        while (member.node.hasReady()) {
            if (++readies > 10_000) {
                throw new AssertionError("member " + member.id + " never runs out of Readies");
            }
            Ready ready = member.node.ready();
            if (ready.snapshot() != null) {
                installSnapshot(member, ready.snapshot());
            }
            if (ready.hardState() != null) {
                member.disk.writeHardState(ready.hardState());
            }
            member.disk.writeEntries(ready.entries());
            if (ready.mustSync()) {
                member.disk.sync();
            }
            for (Message message : ready.messages()) {
                network.send(message, message.type() == MessageType.SNAPSHOT ? member.stateMachine.copy() : null,
                        now);
            }
            for (Entry entry : ready.committedEntries()) {
                apply(member, entry);
            }
            for (ReadState read : ready.readStates()) {
                checker.readServed(member.id, read);
                coverage.readsServed++;
            }
            member.node.advance(ready);
        }
    }

    private void installSnapshot(Member member, SnapshotMeta meta) {
        SimStateMachine store = member.receivedStore;
        if (store == null || !store.meta().equals(meta)) {
            throw new AssertionError("member " + member.id + " asked to install " + meta + " but received "
                    + (store == null ? "none" : store.meta()));
        }
        for (Entry entry : store.applied()) {
            checker.committed(member.id, entry);
        }
        member.stateMachine = store.copy();
        member.disk.resetTo(meta.index());
        coverage.snapshotsInstalled++;
    }

    private void apply(Member member, Entry entry) {
        checker.committed(member.id, entry);
        ConfState conf = member.stateMachine.conf();
        if (entry.type() == EntryType.CONF_CHANGE) {
            String[] change = new String(entry.data(), StandardCharsets.UTF_8).split(":");
            conf = member.node.applyConfChange(ConfChangeKind.valueOf(change[0]), Long.parseLong(change[1]));
            if (entry.index() > settings.initialMembers()) {
                coverage.confChangesApplied++; // not counting the bootstrap entries
            }
        }
        member.stateMachine.apply(entry, conf);
    }

    // ---- invariants ------------------------------------------------------------------------------------------

    private void checkInvariants() {
        for (Member member : members.values()) {
            if (!member.isUp()) {
                continue;
            }
            RaftStatus status = member.node.status();
            if (status.role() == Role.LEADER) {
                checker.leader(status.term(), member.id);
            }
            if (status.commitIndex() < member.lastCommit) {
                throw new SafetyChecker.SafetyViolation("member " + member.id + " commit index went back from "
                        + member.lastCommit + " to " + status.commitIndex());
            }
            member.lastCommit = status.commitIndex();
            coverage.highestTerm = Math.max(coverage.highestTerm, status.term());
            checker.commitIndex(status.commitIndex());
            // Every Ready is handled, so the disk holds the member's whole log: its committed part must agree.
            long upTo = Math.min(status.commitIndex(), member.disk.lastIndex());
            for (long index = Math.max(member.verifiedUpTo, member.disk.snapshotIndex()) + 1; index <= upTo;
                 index++) {
                checker.committed(member.id, member.disk.entry(index));
            }
            member.verifiedUpTo = Math.max(member.verifiedUpTo, upTo);
        }
    }

    // ---- faults and clients ----------------------------------------------------------------------------------

    private void injectFaults() {
        double dice = random.nextDouble();
        if (dice < 0.01) {
            upMembers().stream().skip(random.nextInt(Math.max(1, upMembers().size()))).findFirst()
                    .ifPresent(this::crash);
        } else if (dice < 0.04) {
            members.values().stream().filter(m -> !m.isUp()).findFirst().ifPresent(this::start);
        } else if (dice < 0.05) {
            Set<Long> side = new HashSet<>();
            for (long id : members.keySet()) {
                if (random.nextBoolean()) {
                    side.add(id);
                }
            }
            network.partition(side);
        } else if (dice < 0.08 && network.isPartitioned()) {
            network.heal();
        } else if (dice < 0.09) {
            changeMembership();
        } else if (dice < 0.11) {
            List<Member> up = upMembers();
            if (!up.isEmpty()) {
                compact(up.get(random.nextInt(up.size())));
            }
        } else if (dice < 0.115) {
            Member leader = leader();
            if (leader != null) {
                List<Long> voters = new ArrayList<>(new TreeSet<>(leader.node.confState().voters()));
                leader.node.transferLeadership(voters.get(random.nextInt(voters.size())));
                drain(leader);
            }
        }
    }

    private void clientActivity() {
        List<Member> up = upMembers();
        if (up.isEmpty()) {
            return;
        }
        Member member = up.get(random.nextInt(up.size()));
        double dice = random.nextDouble();
        try {
            if (dice < 0.4) {
                member.node.propose(EntryType.NORMAL, ("v" + nextValue++).getBytes(StandardCharsets.UTF_8));
            } else if (dice < 0.5) {
                long context = nextReadContext++;
                member.node.readIndex(context);
                checker.readRequested(context);
            }
        } catch (NotLeaderException | ProposalDroppedException | TooManyRequestsException refused) {
            // a real client would retry elsewhere
        }
        drain(member);
    }

    private void crash(Member member) {
        member.node = null;
        member.receivedStore = null;
        coverage.crashes++;
        member.disk.crash();
        if (settings.ackWithoutPersisting()) {
            member.disk.loseEntriesAfter(member.stateMachine.appliedIndex());
        }
        // The crashed member's connections close: the others' transports report it unreachable at once.
        for (Member other : upMembers()) {
            other.node.reportUnreachable(member.id);
            drain(other);
        }
    }

    private void start(Member member) {
        SimDisk disk = member.disk;
        long applied = member.stateMachine.appliedIndex();
        HardState stored = disk.hardState();
        HardState hardState = new HardState(stored.term(), stored.vote(), Math.max(stored.commit(), applied));
        RaftConfig config = new RaftConfig(member.id, ELECTION_TICKS, 1, 64 << 10, 1 << 20, 64)
                .withFlowControl(8, 256).withPreVote(settings.preVote()).withCheckQuorum(settings.checkQuorum());
        member.node = new RawNode(config, member.stateMachine.conf(), hardState, disk.entriesAfter(applied), applied,
                member.stateMachine.appliedTerm(), random.split());
        member.lastCommit = member.node.status().commitIndex();
        member.verifiedUpTo = 0;
        boolean fresh = stored.equals(HardState.EMPTY) && disk.lastIndex() == 0;
        if (fresh && !member.bootstrap.isEmpty()) {
            member.node.bootstrap(member.bootstrap);
        }
        drain(member);
    }

    private void compact(Member member) {
        long applied = member.stateMachine.appliedIndex();
        long index = applied - random.nextInt(4);
        if (index > member.disk.snapshotIndex() && index > 0) {
            member.node.compact(index);
            member.disk.compact(index);
        }
    }

    /** An administrator's change through the leader: add a learner, promote it, add a voter or remove one. */
    private void changeMembership() {
        Member leader = leader();
        if (leader == null) {
            return;
        }
        ConfState conf = leader.node.confState();
        int maxVoters = settings.initialMembers() + 2;
        int minVoters = Math.max(2, settings.initialMembers() - 1);
        byte[] change;
        long newId = 0;
        if (!conf.learners().isEmpty()) {
            long learner = conf.learners().stream().min(Long::compare).orElseThrow();
            if (!leader.node.isLearnerInSync(learner)) {
                return;
            }
            change = confChange(ConfChangeKind.PROMOTE, learner);
        } else if (conf.voters().size() < maxVoters && (conf.voters().size() <= minVoters || random.nextBoolean())) {
            newId = nextMemberId;
            change = confChange(random.nextInt(3) == 0 ? ConfChangeKind.ADD_VOTER : ConfChangeKind.ADD_LEARNER, newId);
        } else {
            List<Long> voters = new ArrayList<>(new TreeSet<>(conf.voters()));
            change = confChange(ConfChangeKind.REMOVE, voters.get(random.nextInt(voters.size())));
        }
        try {
            leader.node.propose(EntryType.CONF_CHANGE, change);
        } catch (ConfChangeInProgressException | ProposalDroppedException | TooManyRequestsException refused) {
            return;
        }
        if (newId != 0) {
            nextMemberId++;
            Member joining = new Member(newId, ConfState.EMPTY, List.of());
            members.put(newId, joining);
            start(joining);
        }
        drain(leader);
    }

    private static byte[] confChange(ConfChangeKind kind, long id) {
        return (kind + ":" + id).getBytes(StandardCharsets.UTF_8);
    }

    private List<Member> upMembers() {
        return members.values().stream().filter(Member::isUp).toList();
    }

    /** The leader of the highest term among running members, or null. */
    private Member leader() {
        Member best = null;
        for (Member member : upMembers()) {
            RaftStatus status = member.node.status();
            if (status.role() == Role.LEADER && (best == null || status.term() > best.node.status().term())) {
                best = member;
            }
        }
        return best;
    }

    // ---- liveness --------------------------------------------------------------------------------------------

    private void checkLiveness() {
        network.makeReliable();
        members.values().stream().filter(m -> !m.isUp()).forEach(this::start);
        long proposedIndex = 0;
        byte[] proposed = null;
        long proposedAt = 0;
        for (int tick = 0; tick < LIVENESS_TICKS; tick++) {
            step();
            Member leader = leader();
            if (leader == null) {
                continue;
            }
            if (proposed != null && committedEverywhere(leader.node.confState(), proposedIndex, proposed)) {
                coverage.highestCommit = checker.highestCommitSeen();
                coverage.liveMembersAtEnd = leader.node.confState().voters().size()
                        + leader.node.confState().learners().size();
                coverage.slowestRecoveryTicks = tick;
                return;
            }
            if (proposed == null || tick - proposedAt > 5 * ELECTION_TICKS) {
                byte[] value = ("final" + tick).getBytes(StandardCharsets.UTF_8);
                try {
                    proposedIndex = leader.node.propose(EntryType.NORMAL, value);
                    proposed = value;
                    proposedAt = tick;
                } catch (ProposalDroppedException | TooManyRequestsException refused) {
                    continue;
                }
                drain(leader);
            }
        }
        StringBuilder state = new StringBuilder();
        for (Member member : members.values()) {
            state.append("\n  ").append(member.id).append(": ").append(member.node.status())
                    .append(" conf ").append(member.node.confState());
        }
        throw new AssertionError("no new entry committed on every member within " + LIVENESS_TICKS
                + " ticks after the network healed:" + state);
    }

    private boolean committedEverywhere(ConfState conf, long index, byte[] value) {
        Set<Long> inConf = new HashSet<>(conf.voters());
        inConf.addAll(conf.learners());
        for (long id : inConf) {
            SimStateMachine stateMachine = members.get(id).stateMachine;
            if (stateMachine.appliedIndex() < index
                    || !Arrays.equals(stateMachine.applied().get((int) index - 1).data(), value)) {
                return false;
            }
        }
        return true;
    }

    Coverage coverage() {
        return coverage;
    }
}
