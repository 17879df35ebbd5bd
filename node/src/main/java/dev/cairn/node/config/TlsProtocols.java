package dev.cairn.node.config;

import java.util.List;

/**
 * The TLS protocol choices etcd applies to both its client and its peer listeners: {@code --cipher-suites},
 * {@code --tls-min-version} and {@code --tls-max-version}. As in etcd (and Go), the cipher suites restrict TLS 1.2
 * only: TLS 1.3 always offers its own suites, which is why etcd refuses cipher suites with TLS 1.3 as the minimum.
 *
 * @param cipherSuites IANA names etcd accepts, in the order given (etcd's two short CHACHA20 aliases included);
 *                     empty for the defaults
 */
public record TlsProtocols(List<String> cipherSuites, TlsVersion minVersion, TlsVersion maxVersion) {
    /** etcd 3.5's defaults: TLS 1.2 and 1.3, the TLS library's suites. */
    public static final TlsProtocols DEFAULT = new TlsProtocols(List.of(), TlsVersion.TLS1_2, TlsVersion.TLS1_3);

    public TlsProtocols {
        cipherSuites = List.copyOf(cipherSuites);
        if (minVersion.compareTo(maxVersion) > 0) {
            throw new ConfigException("min version (" + minVersion.etcdName() + ") is greater than max version ("
                    + maxVersion.etcdName() + ")");
        }
        if (minVersion == TlsVersion.TLS1_3 && !cipherSuites.isEmpty()) {
            throw new ConfigException("cipher suites cannot be configured when only TLS1.3 is enabled");
        }
        for (String suite : cipherSuites) {
            if (!EtcdCipherSuites.isKnown(suite)) {
                throw new ConfigException("unexpected TLS cipher suite \"" + suite + "\"");
            }
        }
    }
}
