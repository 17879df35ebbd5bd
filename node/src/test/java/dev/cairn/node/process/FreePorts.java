package dev.cairn.node.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Picks loopback ports that are free right now (the OS chooses them, so parallel builds do not collide). */
final class FreePorts {
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
                ports.add(socket.getLocalPort());
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
