package dev.cairn.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/** Kubernetes Events about backups, on the resource they concern. An Event that cannot be written is not fatal. */
final class BackupEvents {

    private static final System.Logger LOG = System.getLogger(BackupEvents.class.getName());

    private BackupEvents() {
    }

    static void normal(KubernetesClient client, HasMetadata regarding, String reason, String note) {
        record(client, regarding, "Normal", reason, note);
    }

    static void warning(KubernetesClient client, HasMetadata regarding, String reason, String note) {
        record(client, regarding, "Warning", reason, note);
    }

    private static void record(KubernetesClient client, HasMetadata regarding, String type, String reason,
                               String note) {
        String namespace = regarding.getMetadata().getNamespace();
        try {
            client.resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(regarding.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withRegarding(new ObjectReferenceBuilder()
                            .withApiVersion(regarding.getApiVersion())
                            .withKind(regarding.getKind())
                            .withName(regarding.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(regarding.getMetadata().getUid())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withAction(reason.toLowerCase(Locale.ROOT))
                    .withNote(note.length() > 1024 ? note.substring(0, 1024) : note)
                    .withReportingController("cairn.dev/operator")
                    .withReportingInstance("cairn-operator")
                    .withEventTime(new MicroTime(
                            DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MICROS))))
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record event " + reason + " on "
                    + regarding.getMetadata().getName() + ": " + e.getMessage());
        }
    }
}
