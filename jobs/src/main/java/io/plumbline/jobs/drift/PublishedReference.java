package io.plumbline.jobs.drift;

import java.util.Set;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.jobs.state.BaselineSerializer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Baseline {@code reference}: a profile built offline ({@code plumbline baseline build}) that arrives on the
 * stage's second input, keyed by the same (model, version). It replaces the key's warmup or rolling baseline
 * from the next window that closes on, also for a key that is running already, and the newest reference of a
 * key replaces an older one. It has no span of event time: DriftStats' {@code baseline_window_start} and
 * {@code _end} both carry its build time. Another model version is another key, so it never sees this
 * reference. It outlives the key's retirement: the baselines topic is read from its start only when the job
 * starts without a checkpoint, so a reference dropped would not come back.
 */
final class PublishedReference implements BaselineStrategy {

    /** What DriftStats and alerts call a baseline published to the baselines topic. */
    static final String NAME = "reference";

    /** The newest published reference of the key, its span its build time; kept serialised in keyed state. */
    private final ValueState<Baseline> reference;

    PublishedReference(RuntimeContext context) {
        this.reference = context.getState(new ValueStateDescriptor<>("reference", BaselineSerializer.INSTANCE));
    }

    void publish(ReferenceBaseline published) throws Exception {
        reference.update(new Baseline(published.profile(), published.builtAtMillis(), published.builtAtMillis()));
    }

    boolean isPublished() throws Exception {
        return reference.value() != null;
    }

    /** The features the reference profiles; none without one. */
    Set<String> features() throws Exception {
        Baseline published = reference.value();
        return published == null ? Set.of() : published.profile().features().keySet();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Baseline baselineOf(long start) throws Exception {
        return reference.value();
    }
}
