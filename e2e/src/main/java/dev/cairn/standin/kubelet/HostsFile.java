package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stand-in's cluster DNS: a hosts file (the JDK reads it with {@code -Djdk.net.hosts.file}) listing
 * <ul>
 *   <li>each pod with an IP and both {@code hostname} and {@code subdomain} set as
 *       {@code <hostname>.<subdomain>.<ns>.svc.cluster.local} and {@code <hostname>.<subdomain>.<ns>.svc};</li>
 *   <li>each Service with a selector as {@code <svc>.<ns>.svc.cluster.local}, {@code <svc>.<ns>.svc} and
 *       {@code <svc>.<ns>}, one line per ready matching pod (every matching pod with
 *       {@code publishNotReadyAddresses}).</li>
 * </ul>
 * Kubernetes resolves a ClusterIP Service to one virtual IP that kube-proxy balances; here its name resolves to
 * the pods' IPs directly, as a headless Service's does. Pod names are listed whether or not a headless Service of
 * the subdomain exists. The file is replaced atomically (written aside, then renamed), and only when it changes.
 */
public final class HostsFile {

    private final Path file;
    private String written;

    public HostsFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** Rewrites the file from the current pods and Services. */
    public synchronized void update(Collection<Pod> pods, Collection<Service> services) {
        String content = render(pods, services);
        if (content.equals(written)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hosts file " + file, e);
        }
        written = content;
    }

    static String render(Collection<Pod> pods, Collection<Service> services) {
        StringBuilder out = new StringBuilder();
        out.append("# The stand-in's cluster DNS, written by its kubelet on every change of pods and Services.\n");
        // A JVM given this file resolves nothing else, so localhost must be listed too.
        out.append("127.0.0.1 localhost\n");
        List<Pod> live = pods.stream().filter(pod -> podIp(pod) != null)
                .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getNamespace())
                        .thenComparing(pod -> pod.getMetadata().getName()))
                .toList();
        for (Pod pod : live) {
            String hostname = pod.getSpec().getHostname();
            String subdomain = pod.getSpec().getSubdomain();
            if (hasText(hostname) && hasText(subdomain)) {
                String name = hostname + "." + subdomain + "." + pod.getMetadata().getNamespace() + ".svc";
                out.append(podIp(pod)).append(' ').append(name).append(".cluster.local ").append(name).append('\n');
            }
        }
        List<Service> sorted = services.stream()
                .sorted(Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                        .thenComparing(s -> s.getMetadata().getName()))
                .toList();
        for (Service service : sorted) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                continue;
            }
            String namespace = service.getMetadata().getNamespace();
            String name = service.getMetadata().getName() + "." + namespace;
            boolean notReadyToo = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
            for (Pod pod : live) {
                if (namespace.equals(pod.getMetadata().getNamespace()) && selects(selector, pod)
                        && (notReadyToo || ready(pod))) {
                    out.append(podIp(pod)).append(' ').append(name).append(".svc.cluster.local ")
                            .append(name).append(".svc ").append(name).append('\n');
                }
            }
        }
        return out.toString();
    }

    static boolean selects(Map<String, String> selector, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The pod's IP while it can serve: not once it finished or is being deleted. */
    static String podIp(Pod pod) {
        if (pod.getStatus() == null || !hasText(pod.getStatus().getPodIP())
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return null;
        }
        String phase = pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) ? null : pod.getStatus().getPodIP();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isEmpty();
    }
}
