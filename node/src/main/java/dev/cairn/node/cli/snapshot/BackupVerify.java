package dev.cairn.node.cli.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn backup verify}: chooses a backup ({@code latest} by default) and checks it as a restore would,
 * printing {@code {"file","revision","size","sha256"}} as one JSON line (also to {@code --result-file}).
 */
final class BackupVerify {

    private BackupVerify() {
    }

    static void run(List<String> args, PrintStream out) throws IOException {
        SnapshotArgs parsed = SnapshotArgs.parse(args, Set.of("dir", "prefix", "file", "result-file"), Set.of());
        BackupCommand.noPositionals(parsed, "verify");
        BackupCatalog catalog = new BackupCatalog(Path.of(BackupCommand.required(parsed, "dir")),
                BackupCommand.prefix(parsed));
        String json = catalog.verify(catalog.select(parsed.flag("file", BackupCatalog.LATEST))).json();
        out.println(json);
        if (parsed.optional("result-file").isPresent()) {
            Files.writeString(Path.of(parsed.optional("result-file").get()), json + "\n");
        }
    }
}
