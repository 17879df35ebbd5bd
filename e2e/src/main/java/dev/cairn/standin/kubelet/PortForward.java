package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Like {@code kubectl port-forward svc/<service> <local>:<port>}: listens on 127.0.0.1 and connects each accepted
 * connection to one ready pod of the Service (round robin over the pods ready at that moment), at the Service
 * port's targetPort (a number, or a container port name looked up in the chosen pod). At most
 * {@value #MAX_CONNECTIONS} connections are forwarded at once; further ones are closed on accept.
 */
public final class PortForward implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final System.Logger LOG = System.getLogger(PortForward.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final String service;
    private final int port;
    private final ServerSocket server;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final Thread acceptor;

    private PortForward(KubernetesClient client, String namespace, String service, int port, int localPort)
            throws IOException {
        this.client = client;
        this.namespace = namespace;
        this.service = service;
        this.port = port;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
        this.acceptor = Thread.ofVirtual().name("port-forward-" + service).start(this::acceptLoop);
    }

    /** Forwards an ephemeral local port to the Service's {@code port}. */
    public static PortForward toService(KubernetesClient client, String namespace, String service, int port)
            throws IOException {
        return toService(client, namespace, service, port, 0);
    }

    /** Forwards {@code localPort} (0: ephemeral) on 127.0.0.1 to the Service's {@code port}. */
    public static PortForward toService(KubernetesClient client, String namespace, String service, int port,
                                        int localPort) throws IOException {
        Service found = client.services().inNamespace(namespace).withName(service).get();
        if (found == null) {
            throw new IllegalArgumentException("service " + namespace + "/" + service + " not found");
        }
        servicePort(found, port);
        return new PortForward(client, namespace, service, port, localPort);
    }

    public int localPort() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            open.forEach(PortForward::closeQuietly);
            try {
                acceptor.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket accepted;
            try {
                accepted = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "port-forward to " + service + " stops accepting", e);
                }
                return;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(accepted);
                continue;
            }
            Thread.ofVirtual().name("port-forward-connection").start(() -> {
                try {
                    forward(accepted);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void forward(Socket local) {
        open.add(local);
        Socket remote = new Socket();
        open.add(remote);
        try {
            InetSocketAddress target = target();
            remote.connect(target, CONNECT_TIMEOUT_MILLIS);
            Thread upstream = Thread.ofVirtual().start(() -> copy(local, remote));
            copy(remote, local);
            upstream.join();
        } catch (IOException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "port-forward to " + service + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(local);
            closeQuietly(remote);
            open.remove(local);
            open.remove(remote);
        }
    }

    /** A ready pod of the Service, taken in turn, and the port its targetPort names. */
    private InetSocketAddress target() {
        Service found = client.services().inNamespace(namespace).withName(service).get();
        if (found == null || found.getSpec().getSelector() == null || found.getSpec().getSelector().isEmpty()) {
            throw new IllegalStateException("service " + namespace + "/" + service + " is gone or has no selector");
        }
        List<Pod> ready = client.pods().inNamespace(namespace).withLabels(found.getSpec().getSelector()).list()
                .getItems().stream()
                .filter(pod -> HostsFile.podIp(pod) != null && HostsFile.ready(pod))
                .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .toList();
        if (ready.isEmpty()) {
            throw new IllegalStateException("service " + namespace + "/" + service + " has no ready pod");
        }
        Pod pod = ready.get(Math.floorMod(next.getAndIncrement(), ready.size()));
        return new InetSocketAddress(HostsFile.podIp(pod), targetPort(servicePort(found, port), pod));
    }

    private static ServicePort servicePort(Service service, int port) {
        return service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("service " + service.getMetadata().getName()
                        + " has no port " + port));
    }

    private static int targetPort(ServicePort servicePort, Pod pod) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> target.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("pod " + pod.getMetadata().getName()
                        + " has no container port named " + target.getStrVal()));
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed or broke: the connection is over.
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do with it.
        }
    }
}
