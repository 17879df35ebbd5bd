package dev.cairn.standin.api;

import io.fabric8.kubernetes.client.Config;

/** The kubeconfig of the stand-in: one cluster over plain HTTP, one user without credentials. */
public final class Kubeconfig {

    static final String CONTEXT = "cairn-standin";

    private Kubeconfig() {
    }

    static String text(String serverUrl) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user: {}
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, serverUrl);
    }

    static Config clientConfig(String serverUrl) {
        return Config.fromKubeconfig(text(serverUrl));
    }
}
