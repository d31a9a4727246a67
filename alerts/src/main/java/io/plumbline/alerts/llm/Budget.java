package io.plumbline.alerts.llm;

import java.io.Serializable;
import java.util.Objects;

/**
 * The spending limits of one service or one tenant, in USD; infinite turns a limit off.
 *
 * @param label the alert label that names the owner: {@value #SERVICE} or {@value #TENANT} (the only
 *     alerts that carry a tenant)
 * @param owner the service or tenant
 * @param windowUsd the most one window may cost
 * @param dayUsd the most one UTC day may cost
 */
public record Budget(String label, String owner, double windowUsd, double dayUsd) implements Serializable {

    public static final String SERVICE = "service";
    public static final String TENANT = "tenant";

    public Budget {
        if (!SERVICE.equals(label) && !TENANT.equals(label)) {
            throw new IllegalArgumentException("a budget belongs to a " + SERVICE + " or a " + TENANT + ", got " + label);
        }
        Objects.requireNonNull(owner, label);
        requirePositive(windowUsd, "window", label, owner);
        requirePositive(dayUsd, "day", label, owner);
    }

    public static Budget service(String service, double windowUsd, double dayUsd) {
        return new Budget(SERVICE, service, windowUsd, dayUsd);
    }

    public static Budget tenant(String tenant, double windowUsd, double dayUsd) {
        return new Budget(TENANT, tenant, windowUsd, dayUsd);
    }

    private static void requirePositive(double usd, String period, String label, String owner) {
        if (!(usd > 0)) {
            throw new IllegalArgumentException("the " + period + " budget of " + label + " '" + owner
                    + "' must be a positive amount of USD (or infinite to turn it off), got " + usd);
        }
    }
}
