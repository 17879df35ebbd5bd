package dev.cairn.node.process;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A cluster of real member processes (etcd or cairn, see {@link ClusterImpl}) on a {@link ClusterNetwork}, driven
 * with etcd's flags and Debian's etcdctl. It owns its members and its network: {@link #close()} kills every member
 * and releases the network, and a shutdown hook does the same if the JVM ends first. Safe to use from a writer
 * thread while the test changes membership.
 */
final class ProcessCluster implements AutoCloseable {
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECONFIGURE_TIMEOUT = Duration.ofSeconds(30);
    private static final String UNHEALTHY_CLUSTER = "etcdserver: unhealthy cluster";

    private final ClusterImpl impl;
    private final ClusterNetwork network;
    private final Path workDir;
    private final ClusterTiming timing;
    private final String token;
    private final Map<String, ClusterMember> members = new LinkedHashMap<>();
    private final Thread killOnExit = new Thread(this::killAll, "kill-cluster-members");

    private ProcessCluster(ClusterImpl impl, ClusterNetwork network, Path workDir, ClusterTiming timing) {
        this.impl = impl;
        this.network = network;
        this.workDir = workDir;
        this.timing = timing;
        this.token = "cairn-test-" + Long.toHexString(System.nanoTime());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** An empty cluster; {@link #formNew} starts its first members. Register it before forming it. */
    static ProcessCluster create(ClusterImpl impl, ClusterNetwork network, Path workDir, ClusterTiming timing) {
        return new ProcessCluster(impl, network, workDir, timing);
    }

    /** Starts members n1..n{size} as a new cluster, waits until every one is healthy and returns them. */
    List<ClusterMember> formNew(int size) {
        if (!members().isEmpty()) {
            throw new IllegalStateException("cluster already formed: " + members());
        }
        List<ClusterMember> initial = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            initial.add(place("n" + i));
        }
        String initialCluster = initial.stream()
                .map(member -> member.name() + "=" + member.endpoints().peerUrl())
                .collect(Collectors.joining(","));
        for (ClusterMember member : initial) {
            startWithFlags(member, initialCluster, "new");
        }
        initial.forEach(ClusterMember::awaitHealthy);
        return initial;
    }

    /** A new member with its own addresses and directory, not started. */
    synchronized ClusterMember place(String name) {
        if (members.containsKey(name)) {
            throw new IllegalArgumentException("member " + name + " exists already");
        }
        ClusterMember member = new ClusterMember(name, network.place(name), workDir, network.clientLaunchPrefix());
        members.put(name, member);
        return member;
    }

    /** Starts a member with the whole identity given as flags, as a new cluster's members start. */
    void startWithFlags(ClusterMember member, String initialCluster, String initialClusterState) {
        List<String> flags = new ArrayList<>(List.of(
                "--name", member.name(),
                "--initial-advertise-peer-urls", member.endpoints().peerUrl(),
                "--initial-cluster", initialCluster,
                "--initial-cluster-state", initialClusterState,
                "--initial-cluster-token", token));
        flags.addAll(placementFlags(member));
        member.start(impl.launcher(), flags, Map.of());
    }

    /**
     * Starts a member with its identity from {@code ETCD_*} variables only (as {@code etcdctl member add} prints
     * them) plus the flags that say where it listens.
     */
    void startWithEnvironment(ClusterMember member, Map<String, String> environment) {
        member.start(impl.launcher(), placementFlags(member), environment);
    }

    private List<String> placementFlags(ClusterMember member) {
        List<String> flags = new ArrayList<>(List.of(
                "--data-dir", member.dataDir().toString(),
                "--listen-client-urls", member.endpoints().listenClientUrls(),
                "--advertise-client-urls", member.endpoints().clientUrl(),
                "--listen-peer-urls", member.endpoints().peerUrl()));
        flags.addAll(timing.flags());
        return flags;
    }

    synchronized ClusterMember member(String name) {
        ClusterMember member = members.get(name);
        if (member == null) {
            throw new IllegalArgumentException("no member " + name + "; members: " + members.keySet());
        }
        return member;
    }

    /** Every member this cluster placed, running or not, in placement order. */
    synchronized List<ClusterMember> members() {
        return List.copyOf(members.values());
    }

    synchronized List<ClusterMember> running() {
        return members.values().stream().filter(ClusterMember::isAlive).toList();
    }

    /** etcdctl with every running member as an endpoint. */
    Etcdctl ctl() {
        return ctl(running());
    }

    /**
     * etcdctl with the given members as endpoints; a learner serves almost nothing (etcd's "rpc not supported for
     * learner"), so calls that must not land on one leave it out.
     */
    Etcdctl ctl(List<ClusterMember> running) {
        if (running.isEmpty()) {
            throw new IllegalStateException("no member is running");
        }
        String endpoints = running.stream().map(member -> member.endpoints().clientUrl())
                .collect(Collectors.joining(","));
        return new Etcdctl(endpoints, running.getFirst().scratchDir(),
                List.of("--dial-timeout=2s", "--command-timeout=5s"), network.clientLaunchPrefix());
    }

    /** The member's view of itself and its leader, or empty when it does not answer. */
    static Optional<MemberStatus> status(ClusterMember member) {
        CommandOutput output = member.ctl().run(List.of("endpoint", "status", "-w", "json"), "");
        return output.exitCode() == 0 ? Optional.of(MemberStatus.parse(output.stdout())) : Optional.empty();
    }

    /**
     * Polls until the answering members among {@code candidates} agree on a leader that is one of them, and
     * returns it.
     */
    ClusterMember awaitLeader(List<ClusterMember> candidates) {
        AtomicReference<ClusterMember> leader = new AtomicReference<>();
        await("a leader agreed on by " + candidates)
                .atMost(LEADER_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    leader.set(agreedLeader(candidates));
                    return leader.get() != null;
                });
        return leader.get();
    }

    /** {@link #awaitLeader(List)} among the running members. */
    ClusterMember awaitLeader() {
        return awaitLeader(running());
    }

    private static ClusterMember agreedLeader(List<ClusterMember> candidates) {
        Map<ClusterMember, MemberStatus> answers = new LinkedHashMap<>();
        for (ClusterMember member : candidates) {
            status(member).ifPresent(status -> answers.put(member, status));
        }
        if (answers.isEmpty() || answers.values().stream().map(MemberStatus::leaderId).distinct().count() != 1) {
            return null;
        }
        return answers.entrySet().stream()
                .filter(entry -> entry.getValue().isLeader())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    /**
     * A membership change ({@code etcdctl member add|remove ...}) that must succeed. etcd refuses one with
     * "etcdserver: unhealthy cluster" until its leader has been connected to a quorum of the changed cluster for
     * 5 s (its health interval), such as just after forming or another change: that refusal is retried.
     */
    CommandOutput reconfigure(String... args) {
        return reconfigureVia(this::running, args);
    }

    /**
     * As {@link #reconfigure}, through the given members only. A member being removed may stop before it has
     * applied its own removal (it learns it from a peer) and then never answers the request, so its removal is
     * asked of the others.
     */
    CommandOutput reconfigureVia(Supplier<List<ClusterMember>> endpoints, String... args) {
        AtomicReference<CommandOutput> output = new AtomicReference<>();
        await("etcdctl " + String.join(" ", args) + " accepted").atMost(RECONFIGURE_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    output.set(ctl(endpoints.get()).run(List.of(args), ""));
                    if (output.get().exitCode() != 0 && !output.get().stderr().contains(UNHEALTHY_CLUSTER)) {
                        throw new AssertionError("etcdctl " + String.join(" ", args) + " failed: "
                                + output.get().render());
                    }
                    return output.get().exitCode() == 0;
                });
        return output.get();
    }

    /**
     * The runbook's way in: {@code etcdctl member add <name> --peer-urls=<url> [--learner]} for a newly placed
     * member, which is then started with exactly the printed {@code ETCD_*} settings (plus where it listens).
     */
    MemberAddOutput addAndStart(String name, boolean learner) {
        ClusterMember member = place(name);
        List<String> args = new ArrayList<>(List.of("member", "add", name,
                "--peer-urls=" + member.endpoints().peerUrl()));
        if (learner) {
            args.add("--learner");
        }
        MemberAddOutput added = MemberAddOutput.parse(reconfigure(args.toArray(String[]::new)).stdout());
        startWithEnvironment(member, added.environment());
        return added;
    }

    /** {@code etcdctl member list} through the running members, parsed. */
    /** The member list as the first running member that answers gives it (a learner does not). */
    List<MemberInfo> memberList() {
        List<String> failures = new ArrayList<>();
        for (ClusterMember member : running()) {
            CommandOutput output = ctl(List.of(member)).run(List.of("member", "list"), "");
            if (output.exitCode() == 0) {
                return MemberInfo.parseList(output.stdout());
            }
            failures.add(member.name() + ": " + output.render());
        }
        throw new AssertionError("member list failed on every member: " + failures);
    }

    /** Each member's log tail, for a failure report. */
    synchronized String logs() {
        StringBuilder text = new StringBuilder();
        for (ClusterMember member : members.values()) {
            text.append("===== ").append(impl.label()).append(' ').append(member).append(member.isAlive()
                    ? " (running)" : " (not running)").append(" =====\n").append(member.logTail()).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        try {
            killAll();
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
    }

    private void killAll() {
        try {
            members().forEach(ClusterMember::kill);
        } finally {
            network.close();
        }
    }
}
