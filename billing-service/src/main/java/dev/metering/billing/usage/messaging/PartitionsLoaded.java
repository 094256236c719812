package dev.metering.billing.usage.messaging;

import java.util.Set;

/** CDI event: this instance has just loaded these partitions' customers from the store. */
public record PartitionsLoaded(Set<Integer> partitions) {
}
