package io.plumbline.jobs.window;

import java.io.Serializable;

/**
 * What a {@link PaneCombiner} needs to know of one job's events and the partials it folds them into: the
 * key the keyed stage groups them by, the pane (or tumbling window) an event belongs to, and how a partial
 * is opened and grown.
 *
 * @param <E> the events
 * @param <P> the partials
 */
public interface Combining<E, P> extends Serializable {

    /** The keyed stage's key of an event. */
    String key(E event);

    /** The keyed stage's key of a partial: its events'. */
    String keyOf(P partial);

    /** The event's time, which also decides its pane. */
    long time(E event);

    /** The start of the pane that holds events of {@code time}. */
    long paneStart(long time);

    /** A copy of an event the source may reuse once it has been passed on. */
    E copy(E event);

    /** A new, empty partial of the key's events in the pane starting at {@code paneStart}. */
    P open(String key, long paneStart);

    /** Folds the event into the partial. */
    void add(P partial, E event);

    /** How many events the partial holds. */
    int events(P partial);
}
