package io.plumbline.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs out of heap while another thread keeps the JVM alive: what a job's memory leak does to a
 * long-running process. Without {@code -XX:+ExitOnOutOfMemoryError} the JVM lives on, half dead.
 */
public final class OutOfMemoryProbe {

    private OutOfMemoryProbe() {}

    public static void main(String[] args) throws InterruptedException {
        Thread survivor = new Thread(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "survivor");
        survivor.start();
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }
}
