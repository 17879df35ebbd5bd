package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Metadata of an object the EtcdCluster controls, so that deleting the cluster deletes it too. */
final class Owned {

    private Owned() {
    }

    static ObjectMeta metadata(EtcdCluster owner, String name) {
        ClusterNames names = ClusterNames.of(owner);
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(names.namespace())
                .withLabels(names.labels())
                .withOwnerReferences(reference(owner))
                .build();
    }

    static OwnerReference reference(EtcdCluster owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
