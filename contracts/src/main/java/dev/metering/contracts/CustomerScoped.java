package dev.metering.contracts;

/**
 * An event about one customer (the customer and licence groups): keyed by the customer id, which is also
 * its Kafka key and CloudEvents {@code subject}, and naming the customer's managing partner at the time, so a
 * consumer never needs a second lookup to scope it to a partner.
 */
public interface CustomerScoped extends MeteringEvent {

    String customerId();

    /** The partner managing the customer when the event happened. */
    String partnerId();

    @Override
    default String subject() {
        return customerId();
    }
}
