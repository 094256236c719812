package dev.metering.psa.vendor;

/**
 * A partner's decrypted PSA credentials, alive only for the duration of a sync. {@link #toString()}
 * never shows the keys, so a stray log line cannot leak them.
 */
public record PsaCredentials(String partnerId, String site, String companyId, String publicKey, String privateKey,
        String clientId, Integer catalogSubcategoryId, Integer catalogTypeId) {

    @Override
    public String toString() {
        return "PsaCredentials[partner=" + partnerId + ", site=" + site + ", companyId=" + companyId
                + ", keys=***]";
    }
}
