package dev.cairn.standin.kubelet;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pod IPs from the loopback network: 127.0.0.2 upward (127.0.0.1 stays the host's), each held by one pod (by uid)
 * until it is released, so no two live pods ever share an address. Linux routes all of 127.0.0.0/8 to lo, so every
 * address is bindable without setup.
 */
final class PodIps {

    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final Map<String, String> holderByAddress = new HashMap<>();

    /** The next free address for the pod, or empty when all are held. */
    synchronized Optional<String> allocate(String podUid) {
        for (int x = FIRST; x <= LAST; x++) {
            String address = "127.0.0." + x;
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
