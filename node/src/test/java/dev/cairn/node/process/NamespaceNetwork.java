package dev.cairn.node.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each member in its own Linux network namespace, wired by a veth pair to a bridge in a hub namespace on
 * 10.213.0.0/24, so a member can be cut off ({@link #isolate}) and reconnected ({@link #heal}) without touching
 * the host's network. Clients (etcdctl) run in the hub; each member also listens on its own loopback so a
 * member-local etcdctl reaches it while it is cut off. Needs root and {@code ip netns}.
 */
final class NamespaceNetwork implements ClusterNetwork {
    private static final String SUBNET = "10.213.0.";
    private static final int MAX_MEMBERS = 200;
    private static final int CLIENT_PORT = 2379;
    private static final int PEER_PORT = 2380;

    private final String prefix;
    private final String hub;
    private final Map<String, Integer> slots = new HashMap<>();
    private final List<String> memberNamespaces = new ArrayList<>();

    private NamespaceNetwork(String prefix) {
        this.prefix = prefix;
        this.hub = prefix + "hub";
    }

    /** Whether this host lets us create network namespaces (root and iproute2 present). */
    static boolean available() {
        String probe = "cairn-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        if (HostCommand.run(List.of("ip", "netns", "add", probe)).exitCode() != 0) {
            return false;
        }
        return HostCommand.run(List.of("ip", "netns", "del", probe)).exitCode() == 0;
    }

    static NamespaceNetwork create() {
        String prefix = "cairn" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "-";
        NamespaceNetwork network = new NamespaceNetwork(prefix);
        try {
            HostCommand.require(List.of("ip", "netns", "add", network.hub));
            network.ipIn(network.hub, "link", "set", "lo", "up");
            network.ipIn(network.hub, "link", "add", "br0", "type", "bridge");
            network.ipIn(network.hub, "addr", "add", SUBNET + "254/24", "dev", "br0");
            network.ipIn(network.hub, "link", "set", "br0", "up");
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    @Override
    public synchronized MemberEndpoints place(String memberName) {
        if (slots.containsKey(memberName)) {
            throw new IllegalArgumentException("member " + memberName + " already placed");
        }
        int slot = slots.size() + 1;
        if (slot > MAX_MEMBERS) {
            throw new IllegalStateException("at most " + MAX_MEMBERS + " members per network");
        }
        String namespace = prefix + slot;
        HostCommand.require(List.of("ip", "netns", "add", namespace));
        memberNamespaces.add(namespace);
        slots.put(memberName, slot);
        ipIn(namespace, "link", "set", "lo", "up");
        ipIn(hub, "link", "add", hubLink(slot), "type", "veth", "peer", "name", "eth0", "netns", namespace);
        ipIn(hub, "link", "set", hubLink(slot), "master", "br0", "up");
        ipIn(namespace, "addr", "add", SUBNET + slot + "/24", "dev", "eth0");
        ipIn(namespace, "link", "set", "eth0", "up");
        String address = SUBNET + slot;
        return new MemberEndpoints("http://" + address + ":" + CLIENT_PORT, "http://" + address + ":" + PEER_PORT,
                List.of("http://127.0.0.1:" + CLIENT_PORT), List.of("ip", "netns", "exec", namespace));
    }

    @Override
    public List<String> clientLaunchPrefix() {
        return List.of("ip", "netns", "exec", hub);
    }

    /** Cuts the member off from every other member and from the hub's clients (its link goes down). */
    synchronized void isolate(String memberName) {
        ipIn(hub, "link", "set", hubLink(slotOf(memberName)), "down");
    }

    /** Reconnects a member cut off by {@link #isolate}. */
    synchronized void heal(String memberName) {
        ipIn(hub, "link", "set", hubLink(slotOf(memberName)), "up");
    }

    /** Deletes every namespace; the veth pairs and the bridge go with them. */
    @Override
    public synchronized void close() {
        for (String namespace : memberNamespaces) {
            HostCommand.run(List.of("ip", "netns", "del", namespace));
        }
        memberNamespaces.clear();
        HostCommand.run(List.of("ip", "netns", "del", hub));
    }

    private int slotOf(String memberName) {
        Integer slot = slots.get(memberName);
        if (slot == null) {
            throw new IllegalArgumentException("no member " + memberName + " in this network");
        }
        return slot;
    }

    private static String hubLink(int slot) {
        return "v" + slot;
    }

    private void ipIn(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", namespace));
        command.addAll(List.of(args));
        HostCommand.require(command);
    }
}
