package dev.cairn.node.linearizability;

import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives concurrent clients against etcd-compatible endpoints and records their history. Start it, act on the
 * system meanwhile (kill a member), then {@link #awaitEnd} or {@link #stop} for the history. One channel per
 * endpoint is shared by the clients; each client is a thread doing one call at a time.
 */
public final class HistoryRecorder implements AutoCloseable {
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final LoadPlan plan;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private final HistoryLog log;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong droppedReads = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<Throwable> clientFailure = new AtomicReference<>();
    private final long endsAt;

    private HistoryRecorder(LoadPlan plan, List<String> endpoints) {
        this.plan = plan;
        this.log = new HistoryLog(plan.maxOperations());
        this.endsAt = System.nanoTime() + plan.maxDuration().toNanos();
        List<KVGrpc.KVBlockingStub> stubs = new ArrayList<>();
        for (String endpoint : endpoints) {
            ManagedChannel channel = channel(endpoint);
            channels.add(channel);
            stubs.add(KVGrpc.newBlockingStub(channel));
        }
        for (int id = 0; id < plan.clients(); id++) {
            RecordingClient client = new RecordingClient(id, plan, List.copyOf(stubs), log, this::mayIssue,
                    droppedReads::incrementAndGet);
            clients.add(Thread.ofPlatform().name("history-client-" + id).daemon().unstarted(() -> {
                try {
                    client.run();
                } catch (Throwable t) {
                    clientFailure.compareAndSet(null, t);
                }
            }));
        }
    }

    /** Starts the clients on plaintext endpoints given as {@code http://host:port}. */
    public static HistoryRecorder start(LoadPlan plan, List<String> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint");
        }
        HistoryRecorder recorder = new HistoryRecorder(plan, endpoints);
        recorder.clients.forEach(Thread::start);
        return recorder;
    }

    private static ManagedChannel channel(String endpoint) {
        URI uri = URI.create(endpoint);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("expected a plaintext endpoint http://host:port, not " + endpoint);
        }
        return NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext().build();
    }

    private boolean mayIssue() {
        return !stopping.get() && System.nanoTime() < endsAt && issued.incrementAndGet() <= plan.maxOperations();
    }

    /** Operations recorded so far (reads that failed are not recorded). */
    public int recorded() {
        return log.size();
    }

    /** Reads that failed and were left out of the history. */
    public long droppedReads() {
        return droppedReads.get();
    }

    /** Waits until the clients finish on their own (operation or time bound) and returns the history. */
    public History awaitEnd() throws InterruptedException {
        long waitNanos = Math.max(0, endsAt - System.nanoTime()) + plan.callDeadline().toNanos()
                + SHUTDOWN_WAIT.toNanos();
        long giveUpAt = System.nanoTime() + waitNanos;
        for (Thread client : clients) {
            long left = giveUpAt - System.nanoTime();
            if (left <= 0 || !client.join(Duration.ofNanos(left))) {
                throw new IllegalStateException(client.getName() + " still running past the plan's end");
            }
        }
        Throwable failure = clientFailure.get();
        if (failure != null) {
            throw new IllegalStateException("a client failed: " + failure, failure);
        }
        return log.snapshot();
    }

    /** Lets each client finish its call in flight, then returns the history. */
    public History stop() throws InterruptedException {
        stopping.set(true);
        return awaitEnd();
    }

    /** Stops the clients (calls in flight fail as the channels close) and waits a bounded time for them. */
    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            channel.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (Thread client : clients) {
            client.join(SHUTDOWN_WAIT);
        }
    }
}
