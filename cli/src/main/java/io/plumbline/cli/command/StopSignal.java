package io.plumbline.cli.command;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM) into a stop request that the command's own thread handles, so
 * cleanup (cancel the job, print the summary, stop the broker) runs in order on that thread while
 * the JVM's shutdown waits for it, instead of racing other shutdown hooks.
 */
final class StopSignal implements AutoCloseable {

    /** Longest a Ctrl-C waits for the command to clean up before the JVM exits anyway. */
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(60);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "plumbline-stop");

    private StopSignal() {}

    static StopSignal install() {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Waits until Ctrl-C, an interrupt of this thread, or the timeout; true when asked to stop. */
    boolean await(Duration timeout) {
        try {
            return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            stopRequested.countDown();
            return true;
        }
    }

    /** Waits until Ctrl-C or an interrupt of this thread. */
    void await() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            // an interrupt is a stop request from whoever runs the command in-process
            stopRequested.countDown();
        }
    }

    boolean requested() {
        return stopRequested.getCount() == 0;
    }

    /** Called when the command has cleaned up: lets a pending Ctrl-C finish the JVM's exit. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running and has just been released
        }
    }

    private void onShutdown() {
        stopRequested.countDown();
        try {
            cleanedUp.await(CLEANUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
