package io.plumbline.alerts.rules;

import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import java.util.List;

/** What one closed window of one model produces: its statistics and its alert state changes. */
public record WindowResult(List<DriftStats> stats, List<Alert> alerts) {
}
