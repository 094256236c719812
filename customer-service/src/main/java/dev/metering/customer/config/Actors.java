package dev.metering.customer.config;

import dev.metering.customer.managed.Actor;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;

/** The domain's {@link Actor} for a verified caller: operators act for everyone, partners for themselves. */
public final class Actors {

    private Actors() {
    }

    public static Actor of(Caller caller) {
        if (caller.isOperator()) {
            return Actor.ofOperator();
        }
        if (caller.isPartner()) {
            return Actor.ofPartner(caller.partnerId());
        }
        throw ApiException.forbidden("forbidden", "the token's roles do not allow this operation");
    }
}
