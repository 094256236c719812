package dev.metering.contracts;

/** R4. The vendor's Partner API names them trial, term and usage ({@link #apiName()}). */
public enum BillingType {
    TRIAL("trial"), TERM("term"), MONTHLY("usage");

    private final String apiName;

    BillingType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static BillingType fromApiName(String name) {
        for (BillingType t : values()) {
            if (t.apiName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("billingType must be one of trial, term, usage: " + name);
    }
}
