package dev.cairn.operator.reconciler;

import dev.cairn.operator.members.EtcdAdminException;
import dev.cairn.operator.members.MemberInfo;
import dev.cairn.operator.members.MemberStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * An etcd cluster as the operator sees it through the etcd API, simulated in memory: members with ids, learners
 * that start behind the leader's log and catch up, a leader elected among running voters while a majority of
 * them runs, and etcd's refusals (no leader, a second learner, promoting a learner out of sync, moving leadership
 * from a member that does not lead or to one that cannot lead, unknown members). Which members run is decided by
 * {@link StatefulSetSimulator}, which plays their pods. Thread-safe: the operator and the simulator call it
 * concurrently.
 */
final class FakeEtcdCluster {

    /** How far behind the log a learner starts, and how much of it it catches up per tick. */
    static final long LEARNER_CATCH_UP_PER_TICK = 2_000;
    static final String VERSION = "3.5.0";

    private static final class Member {
        final long id;
        final String peerUrl;
        final String clientUrl;
        String name = "";
        boolean learner;
        long applied;

        Member(long id, String peerUrl, String clientUrl, boolean learner) {
            this.id = id;
            this.peerUrl = peerUrl;
            this.clientUrl = clientUrl;
            this.learner = learner;
        }
    }

    private final Map<Long, Member> members = new LinkedHashMap<>();
    private final Set<Long> running = new HashSet<>();
    private final List<String> changes = new ArrayList<>();
    private final Random random;
    private long clusterId;
    private long leaderId;
    private long term;
    private long raftIndex;

    FakeEtcdCluster(long seed) {
        this.random = new Random(seed);
    }

    // ---- what the members' processes do (driven by the simulated pods) ----

    synchronized boolean formed() {
        return clusterId != 0;
    }

    /** The first formation: every member of the initial cluster started together; the first one leads. */
    synchronized Map<String, Long> form(Map<String, String> peerUrlsByName, Map<String, String> clientUrlsByName) {
        if (formed()) {
            throw new IllegalStateException("formed already");
        }
        clusterId = newId();
        Map<String, Long> ids = new LinkedHashMap<>();
        peerUrlsByName.forEach((name, peerUrl) -> {
            Member member = new Member(newId(), peerUrl, clientUrlsByName.get(name), false);
            member.name = name;
            members.put(member.id, member);
            running.add(member.id);
            ids.put(name, member.id);
        });
        raftIndex = 5_000;
        members.values().forEach(m -> m.applied = raftIndex);
        leaderId = ids.values().iterator().next();
        term = 2;
        return ids;
    }

    /** A member added earlier starts with an empty data dir and joins; empty when no such unstarted member. */
    synchronized Optional<Long> join(String peerUrl, String name) {
        Optional<Member> member = members.values().stream()
                .filter(m -> m.peerUrl.equals(peerUrl) && m.name.isEmpty()).findFirst();
        member.ifPresent(m -> {
            m.name = name;
            m.applied = 0;
            running.add(m.id);
        });
        return member.map(m -> m.id);
    }

    synchronized boolean isMember(long id) {
        return members.containsKey(id);
    }

    /** Whether the member with this peer URL has started (published its name) before. */
    synchronized boolean startedMemberWithPeerUrl(String peerUrl) {
        return members.values().stream().anyMatch(m -> m.peerUrl.equals(peerUrl) && !m.name.isEmpty());
    }

    synchronized void setRunning(long id, boolean runs) {
        if (runs && members.containsKey(id)) {
            running.add(id);
        } else {
            running.remove(id);
        }
    }

    /** Time passes: clients write, members apply, a leader is elected when the old one is gone. */
    synchronized void tick() {
        if (!formed()) {
            return;
        }
        List<Member> voters = members.values().stream().filter(m -> !m.learner).toList();
        List<Member> runningVoters = voters.stream().filter(m -> running.contains(m.id)).toList();
        if (runningVoters.size() <= voters.size() / 2) {
            // Without a majority the leader steps down (etcd's check-quorum) and no election can succeed.
            leaderId = 0;
        } else if (leaderId == 0 || !running.contains(leaderId) || !members.containsKey(leaderId)) {
            leaderId = runningVoters.getFirst().id;
            term++;
        }
        if (leaderId == 0) {
            return;
        }
        raftIndex += 100;
        for (Member member : members.values()) {
            if (running.contains(member.id)) {
                member.applied = Math.min(raftIndex, member.applied + LEARNER_CATCH_UP_PER_TICK);
            }
        }
    }

    // ---- what the operator sees and asks ----

    /** Membership changes and leader moves the operator made, in order ("add <peer url>", "remove <id>"...). */
    synchronized List<String> changes() {
        return List.copyOf(changes);
    }

    synchronized List<MemberInfo> memberList() throws EtcdAdminException {
        if (running.isEmpty()) {
            throw new EtcdAdminException("context deadline exceeded: no member answers");
        }
        return members.values().stream().map(m -> new MemberInfo(m.id, m.name, List.of(m.peerUrl),
                m.name.isEmpty() ? List.of() : List.of(m.clientUrl), m.learner)).toList();
    }

    synchronized MemberStatus status(String clientUrl) throws EtcdAdminException {
        Member member = members.values().stream().filter(m -> m.clientUrl.equals(clientUrl) && running.contains(m.id))
                .findFirst().orElseThrow(() -> new EtcdAdminException("dial " + clientUrl + ": connection refused"));
        return new MemberStatus(member.id, clusterId, leaderId, term, raftIndex, member.applied, member.applied,
                4096 + member.applied, 4096 + member.applied, VERSION, member.learner, List.of());
    }

    synchronized MemberInfo addLearner(List<String> peerUrls, String clientUrl) throws EtcdAdminException {
        requireLeader();
        if (members.values().stream().anyMatch(m -> m.learner)) {
            throw new EtcdAdminException("etcdserver: too many learner members in cluster");
        }
        if (members.values().stream().anyMatch(m -> peerUrls.contains(m.peerUrl))) {
            throw new EtcdAdminException("etcdserver: Peer URLs already exists");
        }
        Member member = new Member(newId(), peerUrls.getFirst(), clientUrl, true);
        members.put(member.id, member);
        changes.add("add " + peerUrls.getFirst());
        return new MemberInfo(member.id, "", List.of(member.peerUrl), List.of(), true);
    }

    synchronized void promote(long id) throws EtcdAdminException {
        requireLeader();
        Member member = member(id);
        if (!member.learner) {
            throw new EtcdAdminException("etcdserver: can only promote a learner member");
        }
        if (!running.contains(id) || member.applied * 10 < raftIndex * 9) {
            throw new EtcdAdminException("etcdserver: can only promote a learner member which is in sync with leader");
        }
        member.learner = false;
        changes.add("promote " + member.name);
    }

    synchronized void remove(long id) throws EtcdAdminException {
        requireLeader();
        Member member = member(id);
        members.remove(id);
        running.remove(id);
        if (leaderId == id) {
            leaderId = 0;
        }
        changes.add("remove " + (member.name.isEmpty() ? member.peerUrl : member.name));
    }

    synchronized void moveLeader(String leaderClientUrl, long to) throws EtcdAdminException {
        Member leader = members.get(leaderId);
        if (leader == null || !leader.clientUrl.equals(leaderClientUrl)) {
            throw new EtcdAdminException("etcdserver: not leader");
        }
        Member target = members.get(to);
        if (target == null || target.learner || !running.contains(to)) {
            throw new EtcdAdminException("etcdserver: bad leader transferee");
        }
        leaderId = to;
        term++;
        changes.add("move-leader " + leader.name + " -> " + target.name);
    }

    synchronized long idOf(String name) {
        return members.values().stream().filter(m -> m.name.equals(name)).mapToLong(m -> m.id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + name));
    }

    private void requireLeader() throws EtcdAdminException {
        if (leaderId == 0) {
            throw new EtcdAdminException("etcdserver: no leader");
        }
    }

    private Member member(long id) throws EtcdAdminException {
        Member member = members.get(id);
        if (member == null) {
            throw new EtcdAdminException("etcdserver: member not found");
        }
        return member;
    }

    private long newId() {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || members.containsKey(id));
        return id;
    }
}
