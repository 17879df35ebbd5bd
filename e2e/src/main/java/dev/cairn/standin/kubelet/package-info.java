/**
 * The stand-in's kubelet: runs the pods of the mock API server as local processes, keeps their status, the
 * cluster DNS hosts file and port-forwards. What it simulates, and where the simulation stops:
 * <ul>
 *   <li>Images: an image reference maps to a host command line ({@link dev.cairn.standin.kubelet.Images}); any
 *       tag runs the same local build. Programs not named by the image run from the host's PATH.</li>
 *   <li>Containers are process groups ({@code setsid}): SIGTERM goes to the main process, SIGKILL to the group
 *       after the grace period or once the main process exited. No namespaces, cgroups, resource limits, users
 *       (runAsUser, fsGroup) or read-only mounts: every process runs as the stand-in's user.</li>
 *   <li>Pod IPs are loopback addresses 127.a.b.2 to 127.a.b.254 (a network chosen at random per kubelet, so that
 *       stand-ins side by side do not collide), one per live pod; a program must bind its pod
 *       IP (status.podIP) to be reachable there; 127.0.0.1 is shared by all pods and the host.</li>
 *   <li>Mounts: volumes are host directories (secret, configMap: files written when the container starts;
 *       emptyDir; persistentVolumeClaim: one directory per PVC uid, kept after the pod). A container sees them
 *       only where a mountPath (or terminationMessagePath) appears in its command, args or env values, which are
 *       rewritten to the host directory, longest mountPath first; paths a program computes are not mapped. The
 *       working directory is mapped the same way, else it lies below the pod's own directory.</li>
 *   <li>Every pod gets KUBECONFIG (the stand-in's kubeconfig) instead of a service-account token, and
 *       JAVA_TOOL_OPTIONS pointing the JDK at the hosts file (names resolve in JVMs only; Service names resolve
 *       to the ready pods' IPs, there are no ClusterIPs).</li>
 *   <li>Probes: httpGet (HTTP only), tcpSocket and exec; restart back-off from 1 s doubling to a 10 s cap.</li>
 *   <li>A node failure is played per pod ({@link dev.cairn.standin.kubelet.Kubelet#holdDown}): its containers are
 *       killed and not restarted until released; the pod stays in the API, not ready (a real node's pods would
 *       turn Unknown once the node stops reporting).</li>
 *   <li>Pods are not scheduled: this is the only node ({@code stand-in}); spec changes to a running pod are not
 *       applied (pods are replaced, as controllers do).</li>
 * </ul>
 */
package dev.cairn.standin.kubelet;
