package dev.cairn.standin.kubelet;

/** What every pod worker of one kubelet shares. */
record KubeletParts(KubeletSettings settings, PodIps ips, PodVolumes volumes, ContainerSetup setup,
                    PodStatusWriter statusWriter) {
}
