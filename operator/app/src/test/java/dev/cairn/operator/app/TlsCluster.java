package dev.cairn.operator.app;

import dev.cairn.operator.members.AdminEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Members on loopback with client and peer mutual TLS, certificates from {@link ClusterPki}. {@link #close()} kills
 * every member; a shutdown hook does the same if the JVM ends first.
 */
final class TlsCluster implements AutoCloseable {
    /** Short Raft timing (etcd's flags) so elections and leader transfers take well under a second. */
    private static final List<String> TIMING = List.of("--heartbeat-interval", "50", "--election-timeout", "500");

    private final MemberServer server;
    private final Path workDir;
    private final ClusterPki pki;
    private final String token = "jetcd-admin-" + Long.toHexString(System.nanoTime());
    private final Map<String, MemberProcess> members = new LinkedHashMap<>();
    private final Thread killOnExit = new Thread(this::killAll, "kill-tls-cluster");

    private TlsCluster(MemberServer server, Path workDir, ClusterPki pki) {
        this.server = server;
        this.workDir = workDir;
        this.pki = pki;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts members n1..n{size} as a new cluster (not waiting for them). */
    static TlsCluster start(MemberServer server, Path workDir, int size) {
        TlsCluster cluster = new TlsCluster(server, workDir, ClusterPki.issue(workDir));
        List<MemberProcess> initial = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            initial.add(cluster.place("n" + i));
        }
        String initialCluster = initialCluster(initial);
        initial.forEach(member -> cluster.launch(member, initialCluster, "new"));
        return cluster;
    }

    /** A member with its own ports and directory, not started. */
    synchronized MemberProcess place(String name) {
        List<Integer> ports = freePorts();
        MemberProcess member = new MemberProcess(name, ports.get(0), ports.get(1), workDir);
        members.put(name, member);
        return member;
    }

    /** Starts a placed member as one joining the running cluster, which knows it already (member add). */
    void join(MemberProcess member) {
        launch(member, initialCluster(members.values().stream().toList()), "existing");
    }

    private void launch(MemberProcess member, String initialCluster, String state) {
        List<String> flags = new ArrayList<>(TIMING);
        flags.addAll(pki.memberFlags());
        member.start(server.launcher(), initialCluster, state, token, flags);
    }

    synchronized MemberProcess member(String name) {
        return members.get(name);
    }

    synchronized List<MemberProcess> members() {
        return List.copyOf(members.values());
    }

    /** Every member's client URL and the operator's client certificate, as the reconciler hands them over. */
    AdminEndpoints endpoints(List<MemberProcess> of) {
        return new AdminEndpoints(of.stream().map(MemberProcess::clientUrl).toList(), Optional.of(pki.operatorTls()));
    }

    /** Each member's log, for a failure report. */
    synchronized String logs() {
        return members.values().stream().map(member -> "===== " + server.label() + " " + member + " =====\n"
                + member.log()).collect(Collectors.joining("\n"));
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
        members().forEach(MemberProcess::kill);
    }

    private static String initialCluster(List<MemberProcess> members) {
        return members.stream().map(member -> member.name() + "=" + member.peerUrl())
                .collect(Collectors.joining(","));
    }

    /** Two loopback ports free right now, both held open until both are chosen so they differ. */
    private static List<Integer> freePorts() {
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return List.of(first.getLocalPort(), second.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
