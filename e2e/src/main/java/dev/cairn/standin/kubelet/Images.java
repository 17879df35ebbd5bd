package dev.cairn.standin.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The images the stand-in can "pull": an image reference ({@code registry/name:tag} or {@code name@digest}) is
 * matched by its repository without tag or digest, first as written, then by its last path segment. Any tag runs
 * the same local build: the stand-in does not keep versions apart.
 */
public final class Images {

    private final Map<String, Image> byRepository;

    private Images(Map<String, Image> byRepository) {
        this.byRepository = Map.copyOf(byRepository);
    }

    public static Images of(Map<String, Image> byRepository) {
        return new Images(byRepository);
    }

    /**
     * {@code cairn:*} runs the node jar as node/Dockerfile does (its ENTRYPOINT is the {@code cairn} program);
     * {@code cairn-operator:*} runs the operator jar as operator/Dockerfile does ({@code java -jar}).
     */
    public static Images cairn(Path nodeJar, Path operatorJar, Path javaHome) {
        Path java = javaHome.resolve("bin").resolve("java");
        List<String> jvm = new ArrayList<>(List.of(java.toString(), "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8", "--enable-native-access=ALL-UNNAMED"));
        if (featureVersion(javaHome) >= 24) {
            // Netty still reaches for sun.misc.Unsafe; bin/cairn allows it quietly on the JDKs that warn.
            jvm.add("--sun-misc-unsafe-memory-access=allow");
        }
        List<String> cairnProgram = new ArrayList<>(jvm);
        cairnProgram.addAll(List.of("-jar", nodeJar.toAbsolutePath().toString()));
        Image node = new Image(List.of("cairn"), List.of(),
                Map.of("cairn", cairnProgram, "java", List.of(java.toString())), Optional.of("/var/lib/etcd"));
        List<String> operatorEntrypoint = new ArrayList<>(jvm);
        operatorEntrypoint.addAll(List.of("-jar", operatorJar.toAbsolutePath().toString()));
        Image operator = new Image(operatorEntrypoint, List.of(), Map.of("java", List.of(java.toString())),
                Optional.empty());
        return new Images(Map.of("cairn", node, "cairn-operator", operator));
    }

    /** These images plus {@code more} (which win on a clash). */
    public Images with(Map<String, Image> more) {
        Map<String, Image> all = new HashMap<>(byRepository);
        all.putAll(more);
        return new Images(all);
    }

    /** The image for a reference, or empty when the stand-in cannot run it (the pod then reports ErrImagePull). */
    public Optional<Image> resolve(String reference) {
        Objects.requireNonNull(reference, "image reference");
        String repository = repository(reference);
        Image image = byRepository.get(repository);
        if (image == null) {
            image = byRepository.get(repository.substring(repository.lastIndexOf('/') + 1));
        }
        return Optional.ofNullable(image);
    }

    static String repository(String reference) {
        String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        return name;
    }

    /** The JDK's feature version from its {@code release} file (JAVA_VERSION="25.0.1"). */
    private static int featureVersion(Path javaHome) {
        Properties release = new Properties();
        try (var in = Files.newInputStream(javaHome.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JDK (no readable release file): " + javaHome, e);
        }
        String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
        String feature = version.split("[.+-]")[0];
        try {
            return Integer.parseInt(feature);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable JAVA_VERSION in " + javaHome.resolve("release"), e);
        }
    }
}
