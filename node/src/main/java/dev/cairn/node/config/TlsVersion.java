package dev.cairn.node.config;

import java.util.Arrays;

/** A TLS protocol version as etcd's {@code --tls-min-version}/{@code --tls-max-version} spell it. */
public enum TlsVersion {
    TLS1_2("TLS1.2", "TLSv1.2"),
    TLS1_3("TLS1.3", "TLSv1.3");

    private final String etcdName;
    private final String jdkName;

    TlsVersion(String etcdName, String jdkName) {
        this.etcdName = etcdName;
        this.jdkName = jdkName;
    }

    public String etcdName() {
        return etcdName;
    }

    /** The protocol name JSSE and Netty take. */
    public String jdkName() {
        return jdkName;
    }

    /** @throws ConfigException with etcd's message for any other spelling */
    static TlsVersion parse(String value) {
        return Arrays.stream(values()).filter(v -> v.etcdName.equals(value)).findFirst().orElseThrow(() ->
                new ConfigException("unexpected TLS version \"" + value + "\" (must be one of: TLS1.2, TLS1.3)"));
    }
}
