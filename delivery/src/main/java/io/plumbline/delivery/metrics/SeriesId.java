package io.plumbline.delivery.metrics;

import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * One exposed series: its Prometheus name and labels, and the owner whose retirement removes it (a model
 * version, an LLM variant; null for none).
 */
record SeriesId(String name, Tags labels, List<String> owner) {

    /** The table looks series up by name and labels only: the owner is derived from them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesId that && name.equals(that.name) && labels.equals(that.labels);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + labels.hashCode();
    }
}
