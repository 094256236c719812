package dev.metering.customer.managed;

/**
 * Who issues a command, as far as the domain cares: an operator (vendor sales operations, who also
 * records a customer's own consent, since customers do not call this API) or a partner.
 */
public record Actor(boolean operator, String partnerId) {

    public static Actor ofOperator() {
        return new Actor(true, null);
    }

    public static Actor ofPartner(String partnerId) {
        return new Actor(false, partnerId);
    }

    public boolean isPartner(String id) {
        return !operator && partnerId != null && partnerId.equals(id);
    }
}
