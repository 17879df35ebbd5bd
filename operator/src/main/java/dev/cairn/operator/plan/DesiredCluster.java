package dev.cairn.operator.plan;

import java.util.Objects;

/**
 * What the spec asks for, as far as the planners care.
 *
 * @param replicas   number of voting members wanted (1 to 9, as the resource's schema allows)
 * @param configHash hash of everything in the pod template other than the size; a pod running another hash
 *                   is rolled
 */
public record DesiredCluster(int replicas, String configHash, MemberHealthPolicy health, MemberNaming naming) {

    public static final int MAX_REPLICAS = 9;

    public DesiredCluster {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be in 1.." + MAX_REPLICAS + ", got: " + replicas);
        }
        MemberNaming.requireText(configHash, "configHash");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(naming, "naming");
    }
}
