package io.plumbline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocatorTest {

    @TempDir Path root;

    @Test
    void nothingToResumeFromAnEmptyOrAbsentDirectory() {
        assertThat(CheckpointLocator.newest(root)).isEmpty();
        assertThat(CheckpointLocator.newest(root.resolve("never-created"))).isEmpty();
    }

    @Test
    void picksTheNewestCompleteCheckpointAcrossEarlierRuns() throws IOException {
        checkpoint("job-a", 3, "2026-11-23T14:00:00Z");
        Path newest = checkpoint("job-a", 4, "2026-11-23T14:00:05Z");
        checkpoint("job-b", 2, "2026-11-23T13:59:00Z");
        // The run after job-a resumed from it but was stopped while its next checkpoint was being written.
        Files.createDirectories(root.resolve("job-c/chk-5"));
        Files.createDirectories(root.resolve("job-c/shared"));
        Files.createDirectories(root.resolve("job-c/taskowned"));

        assertThat(CheckpointLocator.newest(root)).contains(newest);
    }

    @Test
    void aResumedRunsCheckpointWinsOverTheOneItResumedFrom() throws IOException {
        checkpoint("first-run", 7, "2026-11-23T14:00:00Z");
        Path resumed = checkpoint("second-run", 8, "2026-11-23T14:02:00Z");

        assertThat(CheckpointLocator.newest(root)).contains(resumed);
    }

    @Test
    void breaksTiesOfEqualTimesByCheckpointNumber() throws IOException {
        checkpoint("job-a", 9, "2026-11-23T14:00:00Z");
        Path higher = checkpoint("job-a", 10, "2026-11-23T14:00:00Z");

        assertThat(CheckpointLocator.newest(root)).contains(higher);
    }

    @Test
    void acceptsOneJobsDirectoryAsTheRoot() throws IOException {
        Path newest = checkpoint("job-a", 2, "2026-11-23T14:00:00Z");

        assertThat(CheckpointLocator.newest(root.resolve("job-a"))).contains(newest);
    }

    @Test
    void ignoresMetadataOutsideCheckpointDirectories() throws IOException {
        Path savepointLike = Files.createDirectories(root.resolve("job-a/savepoint-1"));
        Files.writeString(savepointLike.resolve("_metadata"), "x");

        assertThat(CheckpointLocator.newest(root)).isEmpty();
    }

    private Path checkpoint(String jobId, int number, String completedAt) throws IOException {
        Path dir = Files.createDirectories(root.resolve(jobId).resolve("chk-" + number));
        Path metadata = Files.writeString(dir.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(completedAt)));
        return dir;
    }
}
