package io.plumbline.cli.demo;

import static io.plumbline.cli.demo.SyntheticModel.clamp;
import static io.plumbline.cli.demo.SyntheticModel.logistic;
import static io.plumbline.cli.demo.SyntheticModel.pick;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** A churn predictor whose traffic never changes: the demo's control, which must stay quiet. */
final class ChurnModel implements SyntheticModel {

    private static final List<String> PLANS = List.of("basic", "standard", "premium", "family");
    private static final double[] PLAN_SHARES = {0.35, 0.35, 0.18, 0.12};
    private static final List<String> DEVICES = List.of("android", "ios", "web");
    private static final double[] DEVICE_SHARES = {0.48, 0.37, 0.15};
    private static final List<String> REGIONS = List.of("north", "south", "east", "west");
    private static final double[] REGION_SHARES = {0.28, 0.22, 0.30, 0.20};
    private static final List<String> CONTRACTS = List.of("monthly", "annual", "two_year");
    private static final double[] CONTRACT_SHARES = {0.55, 0.30, 0.15};

    @Override
    public String id() {
        return "churn-predictor";
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public List<String> shiftDescription() {
        return List.of();
    }

    @Override
    public double draw(RandomGenerator rng, boolean shifted, Map<String, Object> f) {
        double tenure = Math.ceil(-30 * Math.log(1 - rng.nextDouble()));
        double charges = clamp(65 + 20 * rng.nextGaussian(), 10, 200);
        String contract = pick(rng, CONTRACTS, CONTRACT_SHARES);
        boolean autopay = rng.nextDouble() < 0.57;

        f.put("tenure_months", tenure);
        f.put("monthly_charges", Math.round(charges * 100) / 100.0);
        f.put("data_usage_gb", Math.exp(2.5 + 0.9 * rng.nextGaussian()));
        f.put("days_since_last_login", Math.floor(-5 * Math.log(1 - rng.nextDouble())));
        f.put("session_minutes", clamp(22 + 9 * rng.nextGaussian(), 0, 120));
        f.put("plan", pick(rng, PLANS, PLAN_SHARES));
        f.put("device", pick(rng, DEVICES, DEVICE_SHARES));
        f.put("region", pick(rng, REGIONS, REGION_SHARES));
        f.put("contract", contract);
        f.put("autopay", autopay);

        double logit = -1.0 - 0.03 * tenure + 0.015 * (charges - 65) + ("monthly".equals(contract) ? 0.9 : -0.4)
                + (autopay ? -0.5 : 0) + 0.3 * rng.nextGaussian();
        return logistic(logit);
    }
}
