package dev.cairn.standin.kubelet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pod IPs from a loopback network {@code 127.a.b.0/24}: {@code .2} to {@code .254}, each held by one pod (by uid)
 * until it is released, so no two live pods ever share an address. Linux routes all of 127.0.0.0/8 to lo, so every
 * address is bindable without setup. Each kubelet takes a network of its own at random (never 127.0.0.0/24, where
 * 127.0.0.1 is the host's), so stand-ins running side by side on one host do not hand out the same addresses.
 */
final class PodIps {

    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final String network;
    private final Map<String, String> holderByAddress = new HashMap<>();

    /** {@code prefix}: the network's first three octets, such as {@code 127.12.34}. */
    PodIps(String prefix) {
        if (!prefix.matches("127\\.([0-9]{1,3})\\.([0-9]{1,3})") || prefix.equals("127.0.0")
                || Arrays.stream(prefix.split("\\.")).mapToInt(Integer::parseInt).anyMatch(o -> o > 255)) {
            throw new IllegalArgumentException("a pod network is 127.a.b (not 127.0.0), got " + prefix);
        }
        this.network = prefix + ".";
    }

    /** A network {@code 127.a.b.0/24} with a in 1..254 and b in 0..255, chosen at random. */
    static PodIps onRandomNetwork() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new PodIps("127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256));
    }

    /** The addresses handed out, for messages: {@code 127.a.b.2 to 127.a.b.254}. */
    String range() {
        return network + FIRST + " to " + network + LAST;
    }

    /** The next free address for the pod, or empty when all are held. */
    synchronized Optional<String> allocate(String podUid) {
        for (int x = FIRST; x <= LAST; x++) {
            String address = network + x;
            if (!holderByAddress.containsKey(address)) {
                holderByAddress.put(address, podUid);
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    /** Records an address a pod already has (from before this kubelet started); false if another pod holds it. */
    synchronized boolean claim(String address, String podUid) {
        String holder = holderByAddress.putIfAbsent(address, podUid);
        return holder == null || holder.equals(podUid);
    }

    synchronized void release(String podUid) {
        holderByAddress.values().removeIf(podUid::equals);
    }
}
