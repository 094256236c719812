package dev.metering.contracts;

/**
 * A family of products that share one unit of counting (R17) and one monthly licence selection (R17a).
 */
public enum ProductFamily {
    /** Workstations: distinct users with an active device, plus active devices with no user (R17). */
    ENDPOINT(UnitKind.USER_OR_DEVICE),
    /** Servers: active servers (R17). */
    SERVER(UnitKind.DEVICE),
    /** Mobiles: distinct users with an active device, plus active devices with no user (R17). */
    MOBILE(UnitKind.USER_OR_DEVICE),
    /** Web: active devices (project rule, R17). */
    WEB(UnitKind.DEVICE),
    /** Device encryption: active devices (project rule, R17). */
    DEVICE_ENCRYPTION(UnitKind.DEVICE),
    /** Firewalls: active appliances by serial number (R17, R18). */
    FIREWALL(UnitKind.SERIAL_NUMBER);

    private final UnitKind unitKind;

    ProductFamily(UnitKind unitKind) {
        this.unitKind = unitKind;
    }

    public UnitKind unitKind() {
        return unitKind;
    }

    public enum UnitKind {
        USER_OR_DEVICE, DEVICE, SERIAL_NUMBER
    }
}
