package io.plumbline.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the checkpoint a local run resumes from. A new MiniCluster does not resume by itself: each
 * run is a new job with its own {@code <dir>/<job-id>/chk-<n>} directories, so the newest complete
 * checkpoint of any earlier run is the one to restore. A checkpoint is complete when its
 * {@code _metadata} file exists: Flink writes it last.
 */
public final class CheckpointLocator {

    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");
    private static final String METADATA = "_metadata";

    private CheckpointLocator() {}

    /** The newest complete checkpoint directory under {@code checkpointRoot}, if there is one. */
    public static Optional<Path> newest(Path checkpointRoot) {
        if (!Files.isDirectory(checkpointRoot)) {
            return Optional.empty();
        }
        // <root>/<job-id>/chk-<n>/_metadata, or <root>/chk-<n>/_metadata when the root is one job's directory.
        try (Stream<Path> files = Files.walk(checkpointRoot, 3)) {
            return files
                    .filter(f -> f.getFileName().toString().equals(METADATA) && Files.isRegularFile(f))
                    .map(Path::getParent)
                    .filter(dir -> CHECKPOINT_DIR.matcher(dir.getFileName().toString()).matches())
                    .max(Comparator.comparing(CheckpointLocator::completedAt)
                            .thenComparingLong(CheckpointLocator::checkpointId));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not look for checkpoints in " + checkpointRoot, e);
        }
    }

    private static FileTime completedAt(Path checkpointDir) {
        try {
            return Files.getLastModifiedTime(checkpointDir.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Breaks ties of equal file times: a resumed job continues its predecessor's checkpoint numbers. */
    private static long checkpointId(Path checkpointDir) {
        Matcher m = CHECKPOINT_DIR.matcher(checkpointDir.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
