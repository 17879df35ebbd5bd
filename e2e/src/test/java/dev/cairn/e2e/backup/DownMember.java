package dev.cairn.e2e.backup;

import static org.awaitility.Awaitility.await;

import dev.cairn.standin.kubelet.Kubelet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Holds one member down the way a broken host does: its process is killed, and its pod IP's ports are taken so
 * that every restart the kubelet makes fails at once (the member crash-loops) until {@link #close()} gives them
 * back. Killing alone would not do: the kubelet restarts a container within seconds. The stand-in's containers are
 * process groups led by their main process, so the group id is the pid the kubelet reports.
 */
final class DownMember implements AutoCloseable {

    private final List<ServerSocket> held;

    private DownMember(List<ServerSocket> held) {
        this.held = held;
    }

    static DownMember takeDown(Kubelet kubelet, String namespace, String pod, String podIp, int... ports) {
        InetAddress address;
        try {
            address = InetAddress.getByName(podIp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ServerSocket> held = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                kubelet.pid(namespace, pod).ifPresent(DownMember::kill);
                return bindAll(address, ports, held);
            });
        } catch (RuntimeException e) {
            held.forEach(DownMember::closeQuietly);
            throw e;
        }
        return new DownMember(held);
    }

    /** Binds the ports not yet held; true once all are. */
    private static boolean bindAll(InetAddress address, int[] ports, List<ServerSocket> held) throws IOException {
        for (int port : ports) {
            if (held.stream().anyMatch(socket -> socket.getLocalPort() == port)) {
                continue;
            }
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(address, port));
                held.add(socket);
            } catch (BindException stillUsed) {
                socket.close();
                return false;
            }
        }
        return true;
    }

    private static void kill(long processGroup) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + processGroup).start();
            kill.waitFor(10, TimeUnit.SECONDS); // the group may be gone already: that is fine
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // releasing a port at the end of a test; nothing to do if it is already closed
        }
    }

    /** Gives the ports back: the kubelet's next restart of the member succeeds. */
    @Override
    public void close() {
        held.forEach(DownMember::closeQuietly);
    }
}
