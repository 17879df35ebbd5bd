package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/** What controllers read from a pod's status, with the meanings client-go's helpers give them. */
final class PodStates {

    static final String RUNNING = "Running";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";

    private PodStates() {
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    static boolean isRunningAndReady(Pod pod) {
        return RUNNING.equals(phase(pod)) && isReady(pod) && !isTerminating(pod);
    }

    /** Succeeded or Failed: its containers will not run again. */
    static boolean isFinished(Pod pod) {
        String phase = phase(pod);
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }

    static boolean isTerminating(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    /** Active as the Job and Deployment controllers count: neither finished nor being deleted. */
    static boolean isActive(Pod pod) {
        return !isFinished(pod) && !isTerminating(pod);
    }
}
