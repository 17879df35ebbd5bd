package dev.cairn.operator.pki;

import java.util.List;

/** DNS names and IP addresses a certificate is valid for. */
public record SubjectAltNames(List<String> dnsNames, List<String> ipAddresses) {

    public SubjectAltNames {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    public static SubjectAltNames none() {
        return new SubjectAltNames(List.of(), List.of());
    }
}
