package dev.metering.ingest.heartbeat;

import dev.metering.contracts.EventTypes;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.TelemetryEvent;

/** The {@code kind} discriminator of an ingested item, and the contract event it becomes. */
public enum HeartbeatKind {
    DEVICE_HEARTBEAT("device-heartbeat", DeviceHeartbeat.class),
    FIREWALL_HEARTBEAT("firewall-heartbeat", FirewallHeartbeat.class),
    DEVICE_REMOVED("device-removed", DeviceRemoved.class);

    private final String wireName;
    private final Class<? extends TelemetryEvent> eventClass;
    private final String eventType;

    HeartbeatKind(String wireName, Class<? extends TelemetryEvent> eventClass) {
        this.wireName = wireName;
        this.eventClass = eventClass;
        this.eventType = EventTypes.typeOf(eventClass);
    }

    /** The value of the item's {@code kind} field, e.g. {@code device-heartbeat}. */
    public String wireName() {
        return wireName;
    }

    /** The versioned CloudEvents type, e.g. {@code metering.telemetry.v1.device-heartbeat}. */
    public String eventType() {
        return eventType;
    }

    public Class<? extends TelemetryEvent> eventClass() {
        return eventClass;
    }

    /** The kind named by an item's {@code kind} field (exact wire name), or null. */
    public static HeartbeatKind fromWireName(String name) {
        for (HeartbeatKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The kind for a CloudEvents {@code type}, or null when it is not a heartbeat type. */
    public static HeartbeatKind fromEventType(String type) {
        for (HeartbeatKind k : values()) {
            if (k.eventType.equals(type)) {
                return k;
            }
        }
        return null;
    }

    public static HeartbeatKind of(TelemetryEvent event) {
        if (event instanceof DeviceHeartbeat) {
            return DEVICE_HEARTBEAT;
        } else if (event instanceof FirewallHeartbeat) {
            return FIREWALL_HEARTBEAT;
        } else if (event instanceof DeviceRemoved) {
            return DEVICE_REMOVED;
        }
        throw new IllegalArgumentException("unknown telemetry event " + event.getClass());
    }
}
