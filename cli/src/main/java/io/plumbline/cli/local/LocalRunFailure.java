package io.plumbline.cli.local;

import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.util.SerializedThrowable;

/**
 * Why a local run ends before it was asked to, in one line: which job, in what state, the root cause
 * when one is known, and what to do. No cause is attached: the line is all the person at the terminal
 * (or the service manager's log) needs, and Flink has logged the stack traces as the job failed.
 */
public final class LocalRunFailure extends IllegalStateException {

    private static final String START_AGAIN =
            "Start it again: a restarted plumbline run resumes from the last checkpoint.";
    private static final String FIX_AND_START_AGAIN = "Fix the cause and start it again: a restarted plumbline run"
            + " resumes from the last checkpoint.";

    private LocalRunFailure(String message) {
        super(message);
    }

    /** {@code job} ended, which a streaming job only does when it cannot go on. */
    static LocalRunFailure ended(LocalJob job, JobResult result) {
        JobStatus status = result.getApplicationStatus().deriveJobStatus();
        Optional<String> cause = result.getSerializedThrowable()
                .map(failure -> failure.deserializeError(LocalRunFailure.class.getClassLoader()))
                .map(LocalRunFailure::rootCause);
        String what = switch (status) {
            case FAILED -> " FAILED after its restarts ran out";
            case CANCELED -> " was CANCELED from outside (the web UI or the REST API)";
            default -> " ended " + status + ", which a streaming job should not";
        };
        return new LocalRunFailure(capitalized(job.describe()) + what + cause.map(c -> "; root cause: " + c).orElse("")
                + ". " + (status == JobStatus.FAILED ? FIX_AND_START_AGAIN : START_AGAIN));
    }

    /** {@code job} has not been able to run for a while. */
    static LocalRunFailure stalled(JobWatch.Stall stall, Optional<Throwable> lastFailure) {
        return new LocalRunFailure(capitalized(stall.job().describe()) + " is " + stall.status() + " and cannot run: "
                + stall.why() + lastFailure.map(f -> "; last failure: " + rootCause(f)).orElse("") + ". "
                + START_AGAIN);
    }

    /** The local Flink cluster did not say how its jobs are. */
    static LocalRunFailure unanswered(Throwable cause) {
        return new LocalRunFailure("The local Flink cluster stopped answering: " + rootCause(cause) + ". "
                + START_AGAIN);
    }

    /**
     * The innermost cause, by its class's simple name and the first line of its message. A cause Flink
     * carried in serialized form is named by its original class.
     */
    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String type = root.getClass().getName();
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").strip();
        if (root instanceof SerializedThrowable serialized) {
            type = serialized.getOriginalErrorClassName();
            // Its message is the original's toString(): the class name, then the message.
            message = message.startsWith(type) ? message.substring(type.length()).replaceFirst("^: ", "") : message;
        }
        String name = type.substring(type.lastIndexOf('.') + 1);
        // The sentence goes on after the cause: its own full stop would make two.
        message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
        return message.isEmpty() ? name : name + ": " + message;
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
