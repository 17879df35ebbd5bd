package dev.cairn.node.api;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * Runs Defragment one at a time, with the gRPC health service answering NOT_SERVING meanwhile (as etcd, so load
 * balancers steer clients away from a member that is busy rewriting its store).
 */
final class Defragmenter {
    private final Runnable rewriteStore;
    private final HealthStatusManager health;

    Defragmenter(Runnable rewriteStore, HealthStatusManager health) {
        this.rewriteStore = rewriteStore;
        this.health = health;
    }

    synchronized void defragment() {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
        try {
            rewriteStore.run();
        } finally {
            health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        }
    }
}
