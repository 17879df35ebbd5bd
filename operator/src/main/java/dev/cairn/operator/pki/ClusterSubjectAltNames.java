package dev.cairn.operator.pki;

import java.util.ArrayList;
import java.util.List;

/**
 * The names a cluster's server and peer certificates cover. Every possible member (ordinals 0 to 8, the schema's
 * maximum of 9 members) is named explicitly, so scaling never needs a new certificate; the peer Service's wildcard
 * is added for clients that match wildcards.
 */
public final class ClusterSubjectAltNames {

    /** The highest member count the CRD admits. */
    static final int MAX_MEMBERS = 9;

    private static final String CLUSTER_DOMAIN = "cluster.local";

    private ClusterSubjectAltNames() {
    }

    /** Members' stable DNS names plus the wildcard of the headless peer Service. */
    public static SubjectAltNames peer(String cluster, String namespace, String peerService) {
        List<String> names = new ArrayList<>();
        for (String suffix : serviceSuffixes(peerService, namespace)) {
            names.add("*." + suffix);
            for (int ordinal = 0; ordinal < MAX_MEMBERS; ordinal++) {
                names.add(cluster + "-" + ordinal + "." + suffix);
            }
        }
        return new SubjectAltNames(names, List.of());
    }

    /** Everything in {@link #peer} plus the client Service's names, localhost and the loopback addresses. */
    public static SubjectAltNames server(String cluster, String namespace, String peerService, String clientService) {
        List<String> names = new ArrayList<>(peer(cluster, namespace, peerService).dnsNames());
        names.add(clientService);
        names.add(clientService + "." + namespace);
        names.addAll(serviceSuffixes(clientService, namespace));
        names.add("localhost");
        return new SubjectAltNames(names, List.of("127.0.0.1", "::1"));
    }

    private static List<String> serviceSuffixes(String service, String namespace) {
        String svc = service + "." + namespace + ".svc";
        return List.of(svc, svc + "." + CLUSTER_DOMAIN);
    }
}
