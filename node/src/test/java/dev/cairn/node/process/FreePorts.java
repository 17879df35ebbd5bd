package dev.cairn.node.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Picks loopback ports that are free right now (the OS chooses them, so parallel builds do not collide). */
final class FreePorts {
    /**
     * Every port handed out in this JVM. Members are placed one call at a time before any of them listens, so
     * without it the OS may give a later call a port an earlier call has just released.
     */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    static List<Integer> pick(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        // Keep every socket open until all are chosen so the OS cannot hand out the same port twice.
        List<ServerSocket> held = new ArrayList<>();
        try {
            while (ports.size() < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                if (GIVEN.add(socket.getLocalPort())) {
                    ports.add(socket.getLocalPort());
                }
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we never used cannot lose data
                }
            }
        }
    }
}
