package dev.metering.platform.security;

import dev.metering.platform.error.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token. Every partner-facing query is scoped with
 * {@link #partnerId()}: a partner never names another partner's data, it only ever gets its own.
 */
@RequestScoped
public class Caller {

    private final JsonWebToken jwt;

    @Inject
    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public boolean isOperator() {
        return jwt.getGroups().contains(Roles.OPERATOR);
    }

    public boolean isDistributor() {
        return jwt.getGroups().contains(Roles.DISTRIBUTOR);
    }

    public boolean isPartner() {
        return jwt.getGroups().contains(Roles.PARTNER);
    }

    /** The partner this token acts for; 403 when the token names none. */
    public String partnerId() {
        String id = jwt.getClaim(Roles.PARTNER_CLAIM);
        if (id == null || id.isBlank()) {
            throw ApiException.forbidden("no-partner-claim", "the token does not name a partner (claim partner_id)");
        }
        return id;
    }

    /** The distributor this token acts for; 403 when the token names none. */
    public String distributorId() {
        String id = jwt.getClaim(Roles.DISTRIBUTOR_CLAIM);
        if (id == null || id.isBlank()) {
            throw ApiException.forbidden("no-distributor-claim",
                    "the token does not name a distributor (claim distributor_id)");
        }
        return id;
    }

    /**
     * The vendor API's {@code X-Partner-ID} header must name the token's own partner: a token may only
     * act for its own partner (DOMAIN.md "The vendor's public Partner API").
     */
    public String partnerIdMatching(String headerPartnerId) {
        String own = partnerId();
        if (headerPartnerId != null && !headerPartnerId.isBlank() && !headerPartnerId.equals(own)) {
            throw ApiException.forbidden("partner-mismatch", "X-Partner-ID names another partner than the token");
        }
        return own;
    }

    public String subject() {
        return jwt.getSubject();
    }
}
