package dev.cairn.node.systemd;

import io.netty.channel.unix.DomainSocketAddress;

/** The unix datagram socket {@code $NOTIFY_SOCKET} names: a file path, or an abstract name written {@code @name}. */
final class NotifySocket {
    private NotifySocket() {
    }

    /** @throws IllegalArgumentException when the value is neither an absolute path nor an abstract name */
    static DomainSocketAddress address(String value) {
        if (value.startsWith("@") && value.length() > 1) {
            // Linux's abstract namespace: the name starts with a NUL byte instead of systemd's "@".
            return new DomainSocketAddress("\0" + value.substring(1));
        }
        if (value.startsWith("/")) {
            return new DomainSocketAddress(value);
        }
        throw new IllegalArgumentException("NOTIFY_SOCKET=" + value
                + " is neither an absolute path nor an abstract socket name starting with @");
    }
}
