package io.plumbline.alerts.rules;

import io.plumbline.detectors.compare.FeatureComparison;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides, per feature and window, which drift rules hold.
 *
 * <p>A rule whose statistics could not be computed (NaN: an empty window, a type that changed)
 * yields no outcome at all, so an alert neither fires nor resolves on missing evidence.
 */
public final class DriftRules implements Serializable {

    public static final String PSI = "psi";
    public static final String KS = "ks";
    public static final String CHI2 = "chi2";

    private final DriftThresholds thresholds;

    public DriftRules(DriftThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public List<RuleOutcome> evaluate(FeatureComparison c) {
        List<RuleOutcome> outcomes = new ArrayList<>(2);
        if (!Double.isNaN(c.psi())) {
            outcomes.add(new RuleOutcome(PSI, c.psi(), thresholds.psi(), c.psi() >= thresholds.psi(),
                    "PSI >= " + fmt(thresholds.psi()), "PSI=" + fmt(c.psi())));
        }
        if (!Double.isNaN(c.ksStatistic()) && !Double.isNaN(c.ksPValue())) {
            boolean holds = c.ksPValue() < thresholds.ksPValue() && c.ksStatistic() >= thresholds.ksMinStatistic();
            outcomes.add(new RuleOutcome(KS, c.ksStatistic(), thresholds.ksMinStatistic(), holds,
                    "D >= " + fmt(thresholds.ksMinStatistic()) + " and p < " + fmt(thresholds.ksPValue()),
                    "D=" + fmt(c.ksStatistic()) + ", " + pValue(c.ksPValue())));
        }
        if (!Double.isNaN(c.chi2PValue()) && !Double.isNaN(c.maxShareChange())) {
            boolean holds = c.chi2PValue() < thresholds.chi2PValue()
                    && c.maxShareChange() >= thresholds.chi2MinShareChange();
            outcomes.add(new RuleOutcome(CHI2, c.maxShareChange(), thresholds.chi2MinShareChange(), holds,
                    "largest share change >= " + fmt(thresholds.chi2MinShareChange())
                            + " and p < " + fmt(thresholds.chi2PValue()),
                    "share change=" + fmt(c.maxShareChange()) + ", " + pValue(c.chi2PValue())));
        }
        return outcomes;
    }

    /**
     * A p-value as evidence. The tests compute p as one minus a CDF, so anything below double
     * precision comes out as 0: say "below 1e-15" rather than claim certainty.
     */
    static String pValue(double p) {
        return p < 1e-15 ? "p<1e-15" : "p=" + fmt(p);
    }

    /** Three significant digits: enough to check a decision, short enough to read on a pager. */
    static String fmt(double v) {
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }
}
