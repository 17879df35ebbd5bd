package dev.cairn.standin.kubelet;

/**
 * A container cannot be created yet or at all (a missing Secret, ConfigMap, PVC or image); the reason is the one
 * Kubernetes shows in the container's waiting state.
 */
final class ContainerConfigException extends Exception {

    private final String reason;

    ContainerConfigException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
