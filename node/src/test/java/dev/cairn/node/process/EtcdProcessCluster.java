package dev.cairn.node.process;

import static org.awaitility.Awaitility.await;

import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.StatusRequest;
import dev.cairn.node.proto.etcdserverpb.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A cluster of etcd-compatible member processes on loopback, bootstrapped together with etcd's static
 * {@code --initial-cluster} flags: real etcd by default, or any launcher that takes etcd's flags. Members can be
 * killed with SIGKILL; {@link #close()} kills the rest, and a shutdown hook does it when the JVM ends first.
 */
final class EtcdProcessCluster implements AutoCloseable {
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATUS_DEADLINE = Duration.ofSeconds(2);
    /** Shorter than etcd's defaults (100 ms, 1 s), so a lost leader is replaced quickly; loopback is fast. */
    static final List<String> QUICK_ELECTIONS = List.of("--heartbeat-interval", "50", "--election-timeout", "500");

    private final List<EtcdClusterMember> members;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final Thread killOnExit;

    private EtcdProcessCluster(List<EtcdClusterMember> members) {
        this.members = members;
        for (EtcdClusterMember member : members) {
            String port = member.clientUrl().substring(member.clientUrl().lastIndexOf(':') + 1);
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(port)).usePlaintext().build());
        }
        this.killOnExit = new Thread(this::killAll, "kill-etcd-process-cluster");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Real etcd ({@code /usr/bin/etcd}, or {@code -Ddiff.etcd}) with quick elections. */
    static EtcdProcessCluster startEtcd(Path baseDir, int size) {
        return start(baseDir, size, ServerPair.etcdLauncher(), QUICK_ELECTIONS);
    }

    /**
     * Starts {@code size} members named m0, m1, ... with data dirs and logs under {@code baseDir}; the caller waits
     * with {@link #awaitHealthy()}.
     */
    static EtcdProcessCluster start(Path baseDir, int size, List<String> launcher, List<String> extraFlags) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one member, not " + size);
        }
        List<Integer> ports = FreePorts.pick(2 * size);
        List<EtcdClusterMember> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(new EtcdClusterMember("m" + i, ports.get(2 * i), ports.get(2 * i + 1),
                    baseDir.resolve("m" + i + ".log")));
        }
        String initialCluster = members.stream().map(member -> member.name() + "=" + member.peerUrl())
                .collect(Collectors.joining(","));
        String token = "cluster-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        EtcdProcessCluster cluster = new EtcdProcessCluster(members);
        try {
            for (EtcdClusterMember member : members) {
                member.start(launcher, baseDir.resolve(member.name() + ".data"), initialCluster, token, extraFlags);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Client URLs of all members, dead or alive, in member order. */
    List<String> endpoints() {
        return members.stream().map(EtcdClusterMember::clientUrl).toList();
    }

    /**
     * Polls until every member not killed answers Status and all name the same leader; fails at once when one of
     * them has exited.
     */
    void awaitHealthy() {
        await("cluster healthy: every live member names the same leader")
                .atMost(HEALTHY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Set<Long> leaders = new HashSet<>();
                    for (int i = 0; i < members.size(); i++) {
                        if (members.get(i).killed()) {
                            continue;
                        }
                        Optional<StatusResponse> status = status(i);
                        if (status.isEmpty() || status.get().getLeader() == 0) {
                            return false;
                        }
                        leaders.add(status.get().getLeader());
                    }
                    return leaders.size() == 1;
                });
    }

    /** The index of the member that is leader by its own Status, if a live member says so now. */
    Optional<Integer> leader() {
        for (int i = 0; i < members.size(); i++) {
            if (!members.get(i).killed()) {
                Optional<StatusResponse> status = status(i);
                if (status.isPresent() && status.get().getLeader() == status.get().getHeader().getMemberId()) {
                    return Optional.of(i);
                }
            }
        }
        return Optional.empty();
    }

    /** Polls until a leader is known and returns its index. */
    int awaitLeader() {
        return await("a leader").atMost(HEALTHY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(this::leader, Optional::isPresent).orElseThrow();
    }

    private Optional<StatusResponse> status(int index) {
        members.get(index).requireAlive();
        try {
            return Optional.of(MaintenanceGrpc.newBlockingStub(channels.get(index))
                    .withDeadlineAfter(STATUS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance()));
        } catch (StatusRuntimeException notYet) {
            return Optional.empty(); // not listening yet, or no quorum yet
        }
    }

    /** kill -9 of one member. */
    void kill(int index) {
        members.get(index).kill();
    }

    @Override
    public void close() {
        killAll();
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    private void killAll() {
        channels.forEach(ManagedChannel::shutdownNow);
        members.forEach(EtcdClusterMember::kill);
    }
}
