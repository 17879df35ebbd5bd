package dev.cairn.node.process;

import java.util.List;

/** Every member on 127.0.0.1 with free ports chosen by the OS; no partitions possible. */
final class LoopbackNetwork implements ClusterNetwork {
    private final String peerScheme;

    /** Plain http peer URLs. */
    LoopbackNetwork() {
        this("http");
    }

    /** @param peerScheme "https" for peer TLS (the members then need the peer TLS flags) */
    LoopbackNetwork(String peerScheme) {
        this.peerScheme = peerScheme;
    }

    @Override
    public MemberEndpoints place(String memberName) {
        List<Integer> ports = FreePorts.pick(2);
        return new MemberEndpoints("http://127.0.0.1:" + ports.get(0), peerScheme + "://127.0.0.1:" + ports.get(1),
                List.of(), List.of());
    }

    @Override
    public List<String> clientLaunchPrefix() {
        return List.of();
    }

    @Override
    public void close() {
        // nothing was created
    }
}
