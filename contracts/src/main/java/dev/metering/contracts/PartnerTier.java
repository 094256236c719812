package dev.metering.contracts;

/** R1. */
public enum PartnerTier {
    CONNECT, CONNECT_FLEX
}
