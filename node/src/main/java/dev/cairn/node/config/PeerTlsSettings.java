package dev.cairn.node.config;

import java.util.Objects;

/**
 * The peer side's TLS settings: the files and flags shared with the client side, plus the identity a peer's
 * certificate must carry. Each identity is null when not required.
 *
 * @param allowedCn       {@code --peer-cert-allowed-cn}: the common name a peer certificate must have
 * @param allowedHostname {@code --peer-cert-allowed-hostname}: a name or IP a peer certificate's SANs must match
 */
public record PeerTlsSettings(TlsSettings tls, String allowedCn, String allowedHostname) {

    public static final PeerTlsSettings NONE = new PeerTlsSettings(TlsSettings.NONE, null, null);

    public PeerTlsSettings {
        Objects.requireNonNull(tls, "tls");
    }
}
