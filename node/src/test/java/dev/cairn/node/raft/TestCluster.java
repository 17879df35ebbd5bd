package dev.cairn.node.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A few cores wired together by hand for focused tests: Readies are handled at once (persisting is a no-op,
 * committed entries are recorded and membership changes applied), and messages are delivered in order when a
 * test calls {@link #settle()}, except those the test drops. CONF_CHANGE entries carry "KIND:id".
 */
final class TestCluster {
    private final Map<Long, RawNode> nodes = new TreeMap<>();
    private final Map<Long, List<Entry>> applied = new TreeMap<>();
    private final Map<Long, ConfState> appliedConf = new TreeMap<>();
    private final Map<Long, List<ReadState>> readStates = new TreeMap<>();
    /** State stores received with a SNAPSHOT, until the member's core asks to install them. */
    private final Map<Long, List<Entry>> receivedStores = new TreeMap<>();
    private final List<Message> sent = new ArrayList<>();
    private final List<Message> queue = new ArrayList<>();
    private final Set<Long> isolated = new HashSet<>();
    private Predicate<Message> dropped = m -> false;
    private final LongFunction<RaftConfig> configs;

    TestCluster(LongFunction<RaftConfig> configs) {
        this.configs = configs;
    }

    /** A cluster of voters 1..n with etcd's defaults, nobody elected yet. */
    static TestCluster ofVoters(int n) {
        return ofVoters(n, RaftConfig::defaults);
    }

    static TestCluster ofVoters(int n, LongFunction<RaftConfig> configs) {
        TestCluster cluster = new TestCluster(configs);
        Set<Long> voters = new HashSet<>();
        for (long id = 1; id <= n; id++) {
            voters.add(id);
        }
        for (long id = 1; id <= n; id++) {
            cluster.add(id, new ConfState(voters, Set.of()));
        }
        return cluster;
    }

    /** Like {@link #ofVoters(int)}, but every member starts from the bootstrap entries adding the voters, as etcd. */
    static TestCluster bootstrapped(int n) {
        TestCluster cluster = ofVoters(n);
        List<byte[]> changes = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            changes.add(confChange(ConfChangeKind.ADD_VOTER, id));
        }
        cluster.nodes.values().forEach(node -> node.bootstrap(changes));
        cluster.settle();
        return cluster;
    }

    /** Adds a member with an empty log that knows {@code conf} (EMPTY for one joining an existing cluster). */
    RawNode add(long id, ConfState conf) {
        RawNode node = new RawNode(configs.apply(id), conf, HardState.EMPTY, List.of(), 0, 0,
                new SplittableRandom(id));
        nodes.put(id, node);
        applied.put(id, new ArrayList<>());
        appliedConf.put(id, conf);
        readStates.put(id, new ArrayList<>());
        return node;
    }

    /** Replaces a member by one restored from the given state (a restart with a prepared log). */
    RawNode restore(long id, ConfState conf, HardState state, List<Entry> entries) {
        RawNode node = new RawNode(configs.apply(id), conf, state, entries, 0, 0, new SplittableRandom(id));
        nodes.put(id, node);
        applied.put(id, new ArrayList<>());
        appliedConf.put(id, conf);
        readStates.put(id, new ArrayList<>());
        return node;
    }

    RawNode node(long id) {
        return nodes.get(id);
    }

    List<Entry> applied(long id) {
        return applied.get(id);
    }

    List<ReadState> readStates(long id) {
        return readStates.get(id);
    }

    /** Payloads of the NORMAL entries {@code id} applied, skipping leaders' empty entries. */
    List<String> appliedValues(long id) {
        return applied.get(id).stream().filter(e -> e.type() == EntryType.NORMAL && e.data().length > 0)
                .map(e -> new String(e.data(), StandardCharsets.UTF_8)).toList();
    }

    /** Every message handed out so far, in order. */
    List<Message> sent() {
        return sent;
    }

    void isolate(long id) {
        isolated.add(id);
    }

    void heal() {
        isolated.clear();
        dropped = m -> false;
    }

    void drop(Predicate<Message> filter) {
        dropped = filter;
    }

    void tick(long id, int times) {
        for (int i = 0; i < times; i++) {
            nodes.get(id).tick();
        }
    }

    void tickAll(int times) {
        for (int i = 0; i < times; i++) {
            nodes.values().forEach(RawNode::tick);
            settle();
        }
    }

    /** Campaigns on {@code id} and lets the election (and the new leader's first entry) complete. */
    void elect(long id) {
        nodes.get(id).campaign();
        settle();
    }

    long propose(long id, String value) {
        long index = nodes.get(id).propose(EntryType.NORMAL, value.getBytes(StandardCharsets.UTF_8));
        settle();
        return index;
    }

    /** Handles Readies and delivers messages until nothing moves. */
    void settle() {
        for (int round = 0; round < 10_000; round++) {
            nodes.forEach((id, node) -> handleReadies(id, node));
            if (queue.isEmpty()) {
                return;
            }
            List<Message> batch = new ArrayList<>(queue);
            queue.clear();
            for (Message message : batch) {
                deliver(message);
            }
        }
        throw new AssertionError("cluster does not settle");
    }

    /** Handles Readies without delivering anything: the messages stay queued. */
    void handleReadies() {
        nodes.forEach(this::handleReadies);
    }

    /** Takes the queued messages out (they are not delivered), e.g. to inspect or replay them. */
    List<Message> takeQueued() {
        handleReadies();
        List<Message> taken = new ArrayList<>(queue);
        queue.clear();
        return taken;
    }

    void deliver(Message message) {
        RawNode to = nodes.get(message.to());
        if (to == null || isolated.contains(message.to()) || isolated.contains(message.from())
                || dropped.test(message)) {
            return;
        }
        if (message.type() == MessageType.SNAPSHOT && message.snapshot() == null) {
            // The transport streams the leader's state store: its applied index, term and configuration.
            List<Entry> leaderApplied = applied.get(message.from());
            Entry last = leaderApplied.getLast();
            SnapshotMeta meta = new SnapshotMeta(last.index(), last.term(), appliedConf.get(message.from()));
            receivedStores.put(message.to(), new ArrayList<>(leaderApplied));
            to.step(new Message(MessageType.SNAPSHOT, message.from(), message.to(), message.term(), 0, 0, List.of(),
                    0, false, 0, 0, meta));
            nodes.get(message.from()).reportSnapshot(message.to(), true);
            return;
        }
        to.step(message);
    }

    private void handleReadies(long id, RawNode node) {
        while (node.hasReady()) {
            Ready ready = node.ready();
            if (ready.snapshot() != null) {
                applied.put(id, receivedStores.remove(id));
                appliedConf.put(id, ready.snapshot().conf());
            }
            readStates.get(id).addAll(ready.readStates());
            sent.addAll(ready.messages());
            queue.addAll(ready.messages());
            for (Entry entry : ready.committedEntries()) {
                if (entry.type() == EntryType.CONF_CHANGE && entry.data().length > 0) {
                    String[] change = new String(entry.data(), StandardCharsets.UTF_8).split(":");
                    appliedConf.put(id, node.applyConfChange(ConfChangeKind.valueOf(change[0]),
                            Long.parseLong(change[1])));
                }
                applied.get(id).add(entry);
            }
            node.advance(ready);
        }
    }

    static byte[] confChange(ConfChangeKind kind, long id) {
        return (kind + ":" + id).getBytes(StandardCharsets.UTF_8);
    }
}
