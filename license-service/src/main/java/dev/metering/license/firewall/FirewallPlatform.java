package dev.metering.license.firewall;

import java.util.Locale;

/** R15: the appliance's operating system, read from its firmware version string. */
public enum FirewallPlatform {
    /** Sophos Firewall OS (the XG platform): the only one metered and billed. */
    SFOS,
    /** UTM 9.x: cannot be metered or billed. */
    UTM9,
    UNKNOWN;

    /** {@code "SFOS 21.0.0 GA-Build169"} is SFOS; {@code "UTM 9.715"} or {@code "9.715-3"} is UTM 9.x. */
    public static FirewallPlatform ofFirmware(String firmwareVersion) {
        if (firmwareVersion == null) {
            return UNKNOWN;
        }
        String v = firmwareVersion.trim().toUpperCase(Locale.ROOT);
        if (v.startsWith("SFOS")) {
            return SFOS;
        }
        if (v.startsWith("UTM") || v.startsWith("9.")) {
            return UTM9;
        }
        return UNKNOWN;
    }
}
