package io.plumbline.cli.local;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides, before a local run starts its jobs, what they may resume from. Checkpoints resume only
 * against the Kafka cluster and topics they were taken from ({@link CheckpointOrigin}); checkpoints of
 * an older release, which recorded none, resume as they always did. A fresh start moves the earlier
 * checkpoints aside, into a sibling of {@code checkpoint.directory} with the same layout, so that
 * nothing of the user's is deleted and they can still be resumed by pointing the directory there.
 */
public final class ResumeGuard {

    private static final String SET_ASIDE = "-before-fresh-";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ResumeGuard() {}

    /**
     * Checks or sets aside the checkpoints of every job {@code config} runs, then records this run's
     * origin beside them.
     *
     * @param clusterId the id of the Kafka cluster this run reads ({@link KafkaPreflight#checkAndGetClusterId})
     * @param fresh start without restoring: move the earlier checkpoints aside
     * @return where the earlier checkpoints were moved; empty when nothing was
     * @throws IllegalStateException when a job's checkpoints belong to another Kafka cluster or other
     *     topics, naming both and what to do
     */
    public static Optional<Path> prepare(PlumblineConfig config, String clusterId, boolean fresh, Instant now)
            throws IOException {
        List<JobKind> kinds = Arrays.stream(JobKind.values()).filter(config.job()::runs).toList();
        Optional<Path> setAside = fresh ? setAside(config, kinds, now) : Optional.empty();
        List<String> refusals = new ArrayList<>();
        for (JobKind kind : kinds) {
            Optional<Path> root = root(config, kind);
            if (root.isPresent() && CheckpointLocator.newest(root.get()).isPresent()) {
                CheckpointOrigin current = CheckpointOrigin.of(kind, config, clusterId);
                List<String> differences = CheckpointOrigin.read(root.get())
                        .map(recorded -> recorded.differences(current))
                        .orElse(List.of());
                if (!differences.isEmpty()) {
                    refusals.add("the checkpoints of " + LocalJob.describe(kind, LocalJob.name(kind, config)) + " in "
                            + root.get() + " (" + String.join("; ", differences) + ")");
                }
            }
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("Refusing to resume from checkpoints of another Kafka cluster or other"
                    + " topics: " + String.join(", and ", refusals) + ". Resumed, they would skip or re-read records"
                    + " and publish results where they do not belong. Run with --fresh to start afresh (the checkpoints are"
                    + " moved aside, not deleted), or against the Kafka cluster and topics they were taken from.");
        }
        for (JobKind kind : kinds) {
            Optional<Path> root = root(config, kind);
            if (root.isPresent()) {
                CheckpointOrigin.of(kind, config, clusterId).write(root.get());
            }
        }
        return setAside;
    }

    /**
     * Moves what each job's checkpoint directory holds into the same place under one new sibling of
     * {@code checkpoint.directory}, leaving alone the directories of jobs this run does not start.
     */
    private static Optional<Path> setAside(PlumblineConfig config, List<JobKind> kinds, Instant now)
            throws IOException {
        Optional<Path> base = LocalJob.localPath(config.checkpoint().directory());
        if (base.isEmpty()) {
            return Optional.empty();
        }
        List<Path> roots = Arrays.stream(JobKind.values()).flatMap(kind -> root(config, kind).stream()).toList();
        Path target = null;
        for (JobKind kind : kinds) {
            Path root = root(config, kind).orElseThrow();
            for (Path entry : entries(root)) {
                boolean anotherJobs = roots.stream().anyMatch(other -> !other.equals(root) && other.startsWith(entry));
                if (!anotherJobs) {
                    if (target == null) {
                        target = newSibling(base.get(), now);
                    }
                    Path destination = target.resolve(base.get().relativize(root)).resolve(entry.getFileName());
                    Files.createDirectories(destination.getParent());
                    Files.move(entry, destination);
                }
            }
        }
        return Optional.ofNullable(target);
    }

    private static List<Path> entries(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }

    private static Path newSibling(Path base, Instant now) throws IOException {
        String name = base.getFileName() + SET_ASIDE + STAMP.format(now);
        Path sibling = base.resolveSibling(name);
        for (int n = 2; Files.exists(sibling); n++) {
            sibling = base.resolveSibling(name + "-" + n);
        }
        return Files.createDirectories(sibling);
    }

    private static Optional<Path> root(PlumblineConfig config, JobKind kind) {
        return LocalJob.localPath(LocalJob.checkpointDirectory(kind, config));
    }
}
