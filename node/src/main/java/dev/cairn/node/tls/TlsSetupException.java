package dev.cairn.node.tls;

/** A TLS configuration (client or peer) cannot be used; the message is one line naming the file or setting at fault. */
public final class TlsSetupException extends Exception {

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
