package dev.metering.contracts.telemetry;

public enum DeviceKind {
    WORKSTATION, SERVER, MOBILE
}
