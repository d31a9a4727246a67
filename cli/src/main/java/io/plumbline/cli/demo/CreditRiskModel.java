package io.plumbline.cli.demo;

import static io.plumbline.cli.demo.SyntheticModel.clamp;
import static io.plumbline.cli.demo.SyntheticModel.logistic;
import static io.plumbline.cli.demo.SyntheticModel.pick;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A credit-risk scorer whose applicants change during the shift: lower incomes, more debt, more of
 * them from the south; its default-probability score rises with them (and a little more, as when
 * a model's inputs are wired wrongly).
 */
final class CreditRiskModel implements SyntheticModel {

    /** Mean shift, in standard deviations, of the shifted numeric features. */
    static final double SHIFT_SIGMAS = 0.7;

    private static final List<String> REGIONS = List.of("north", "south", "east", "west");
    private static final double[] REGION_SHARES = {0.30, 0.25, 0.25, 0.20};
    private static final double[] REGION_SHARES_SHIFTED = {0.24, 0.40, 0.20, 0.16};
    private static final List<String> EMPLOYMENT = List.of("salaried", "self_employed", "contract", "unemployed");
    private static final double[] EMPLOYMENT_SHARES = {0.62, 0.18, 0.14, 0.06};
    private static final List<String> CHANNELS = List.of("web", "mobile", "branch");
    private static final double[] CHANNEL_SHARES = {0.45, 0.40, 0.15};

    @Override
    public String id() {
        return "credit-risk";
    }

    @Override
    public String version() {
        return "v3";
    }

    @Override
    public List<String> shiftDescription() {
        return List.of(
                "income down " + SHIFT_SIGMAS + "σ (log scale)",
                "debt_to_income up " + SHIFT_SIGMAS + "σ",
                "region: 'south' from 25% to 40%",
                "prediction (default probability) up");
    }

    @Override
    public double draw(RandomGenerator rng, boolean shifted, Map<String, Object> f) {
        double shift = shifted ? SHIFT_SIGMAS : 0;
        double logIncomeZ = rng.nextGaussian() - shift;
        double dtiZ = rng.nextGaussian() + shift;
        double utilization = Math.pow(rng.nextDouble(), 1.6);
        boolean delinquent = rng.nextDouble() < 0.7;

        f.put("income", Math.round(Math.exp(10.8 + 0.5 * logIncomeZ)) * 1.0);
        f.put("debt_to_income", clamp(0.35 + 0.1 * dtiZ, 0, 2));
        f.put("age", clamp(Math.round(42 + 12 * rng.nextGaussian()), 18, 90));
        f.put("credit_utilization", utilization);
        f.put("loan_amount", Math.round(Math.exp(9.5 + 0.8 * rng.nextGaussian())) * 1.0);
        f.put("months_since_delinquency", delinquent ? null : Math.ceil(-24 * Math.log(1 - rng.nextDouble())));
        f.put("employment_type", pick(rng, EMPLOYMENT, EMPLOYMENT_SHARES));
        f.put("region", pick(rng, REGIONS, shifted ? REGION_SHARES_SHIFTED : REGION_SHARES));
        f.put("has_mortgage", rng.nextDouble() < 0.38);
        f.put("channel", pick(rng, CHANNELS, CHANNEL_SHARES));

        double logit = -2.2 - 0.6 * logIncomeZ + 0.6 * dtiZ + 1.1 * utilization + (shifted ? 0.4 : 0)
                + 0.3 * rng.nextGaussian();
        return logistic(logit);
    }
}
