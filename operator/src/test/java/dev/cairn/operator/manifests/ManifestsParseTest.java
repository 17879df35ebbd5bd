package dev.cairn.operator.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every YAML document under manifests/ and crds/ must deserialize into its fabric8 model class without any
 * field the model does not know (a typo lands there), and every file a kustomization lists must exist.
 * kubectl is not installed here, so {@code kubectl kustomize manifests/} is not run by the build.
 */
class ManifestsParseTest {

    private static final Path REPO = Path.of("..");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static {
        SERIALIZATION.registerKubernetesResource(EtcdCluster.class);
    }
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyManifestIsAKnownKubernetesObjectWithoutUnknownFields() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).isNotEmpty();
        List<String> kinds = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode document : documents(file)) {
                if (isKustomization(document)) {
                    continue;
                }
                Object parsed = SERIALIZATION.unmarshal(YAML.writeValueAsString(document));
                // An unknown apiVersion/kind would come back as a GenericKubernetesResource.
                assertThat(parsed).as(file.toString()).isInstanceOf(HasMetadata.class)
                        .isNotInstanceOf(GenericKubernetesResource.class);
                if (parsed instanceof EtcdCluster cluster) {
                    // Our classes drop unknown fields silently: compare what survived with what was written.
                    assertThat(YAML.readTree(SERIALIZATION.asYaml(cluster))).as(file.toString()).isEqualTo(document);
                } else {
                    assertThat(unknownFields(parsed, "")).as(file + ": fields the model does not know").isEmpty();
                }
                kinds.add(((HasMetadata) parsed).getKind());
            }
        }
        assertThat(kinds).contains("CustomResourceDefinition", "Namespace", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "EtcdCluster");
    }

    @Test
    void everyKustomizationResourceExists() throws IOException {
        for (Path file : yamlFiles()) {
            for (JsonNode document : documents(file)) {
                if (!isKustomization(document)) {
                    continue;
                }
                for (JsonNode resource : document.path("resources")) {
                    assertThat(file.resolveSibling(resource.asText())).as("%s lists %s", file, resource).exists();
                }
            }
        }
    }

    @Test
    void unknownFieldsAreFound() {
        Object parsed = SERIALIZATION.unmarshal("""
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: x
                  lables: {a: b}
                """);
        assertThat(unknownFields(parsed, "")).containsExactly(".metadata.lables");
    }

    private static List<Path> yamlFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String directory : List.of("manifests", "crds")) {
            try (Stream<Path> walk = Files.walk(REPO.resolve(directory))) {
                walk.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }

    private static boolean isKustomization(JsonNode document) {
        return "Kustomization".equals(document.path("kind").asText());
    }

    /** Paths of values that landed in a model object's additionalProperties, searched depth first. */
    private static List<String> unknownFields(Object object, String path) {
        List<String> unknown = new ArrayList<>();
        if (object instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknown.addAll(unknownFields(list.get(i), path + "[" + i + "]"));
            }
            return unknown;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknown.addAll(unknownFields(value, path + "." + key)));
            return unknown;
        }
        if (!(object instanceof KubernetesResource)) {
            return unknown;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class
                    || getter.getDeclaringClass().isInterface()) {
                // Only the model's own properties: interface defaults (getFullResourceName...) are derived.
                continue;
            }
            Object value = invoke(getter, object);
            if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> unknown.add(path + "." + key));
            } else if (value != null) {
                unknown.addAll(unknownFields(value, path + "." + property(getter)));
            }
        }
        return unknown;
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
