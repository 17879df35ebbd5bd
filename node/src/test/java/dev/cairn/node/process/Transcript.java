package dev.cairn.node.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends every step with both normalized outputs to a file, so a run can be read after the fact. */
final class Transcript {
    private final Path file;

    Transcript(Path file) {
        this.file = file;
    }

    void record(EtcdctlScript.Step step, CommandOutput reference, CommandOutput candidate) {
        String entry = "### " + step.describe() + "\n"
                + (step.stdin().isEmpty() ? "" : "--- stdin ---\n" + step.stdin())
                + (reference.equals(candidate)
                        ? "=== both ===\n" + reference.render()
                        : "=== etcd ===\n" + reference.render() + "\n=== cairn ===\n" + candidate.render())
                + "\n\n";
        try {
            Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
