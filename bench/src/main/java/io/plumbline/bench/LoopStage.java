package io.plumbline.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much of the plain loop's work a run does. The first three measure the limits a job over the same topic
 * cannot pass on this machine: reading the records, then decoding them, then the sketch updates too.
 */
enum LoopStage {
    /** Poll the records and touch their bytes. */
    POLL("limit-poll"),
    /** And decode each into a validated record. */
    DECODE("limit-decode"),
    /** And add each to its key's window profile, a new profile per window; no window is compared or written. */
    SKETCH("limit-sketch"),
    /** Everything the job does: windows compared with their baselines, rules, results in JSON. */
    FULL("plain-loop");

    /** The name its RESULT line carries. */
    final String mode;

    LoopStage(String mode) {
        this.mode = mode;
    }

    /** The stage named by {@code args[index]} (poll, decode, sketch or full), full when absent. */
    static LoopStage fromArgs(String[] args, int index) {
        if (args.length <= index) {
            return FULL;
        }
        try {
            return valueOf(args[index].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stage '" + args[index] + "': use one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
