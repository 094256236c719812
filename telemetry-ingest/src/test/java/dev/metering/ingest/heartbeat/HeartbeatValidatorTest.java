package dev.metering.ingest.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.FirewallSubscription;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation and normalisation of one item (R13, R15, R16, R17, R19, R21). */
class HeartbeatValidatorTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final String CUSTOMER = "cust-1";
    static final ObjectMapper MAPPER = new ObjectMapper();
    final HeartbeatValidator validator = new HeartbeatValidator(ValidationRules.defaults());

    static ObjectNode device() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "device-heartbeat").put("eventId", "evt-1").put("deviceId", "dev-1")
                .put("deviceKind", "WORKSTATION").put("userId", "alice").put("hostname", "host-1")
                .put("agentVersion", "2026.3").put("occurredAt", "2026-11-22T11:00:00Z");
        n.putArray("products").add("ENDPOINT_ADVANCED");
        return n;
    }

    static ObjectNode firewall() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "firewall-heartbeat").put("eventId", "evt-2").put("serialNumber", "c01001abc")
                .put("model", "XGS 2100").put("firmwareVersion", "SFOS 21.0.0 GA-Build169")
                .put("occurredAt", "2026-11-22T03:00:00Z");
        n.putArray("subscriptions").add("EnterpriseGuard");
        return n;
    }

    static ObjectNode removed() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "device-removed").put("eventId", "evt-3").put("deviceId", "DEV-1").put("reason", "uninstalled")
                .put("occurredAt", "2026-11-22T11:30:00Z");
        return n;
    }

    ItemOutcome validate(JsonNode item) {
        return validator.validate(item, CUSTOMER, NOW);
    }

    String reason(JsonNode item) {
        ItemOutcome o = validate(item);
        assertThat(o).as("expected a rejection").isInstanceOf(ItemOutcome.Rejected.class);
        return ((ItemOutcome.Rejected) o).reason();
    }

    <T> T accepted(JsonNode item, Class<T> type) {
        ItemOutcome o = validate(item);
        assertThat(o).as("expected acceptance, got " + o).isInstanceOf(ItemOutcome.Accepted.class);
        return type.cast(((ItemOutcome.Accepted) o).event());
    }

    @Nested
    class DeviceHeartbeats {

        @Test
        void aCompleteHeartbeatIsAcceptedNormalisedAndStampedWithTheReceiveTime() {
            ObjectNode item = device();
            item.put("deviceId", "  DEV-ABC ").put("userId", " Alice@Example.COM ").put("hostname", "LAPTOP-1")
                    .put("eventId", " Evt-X ").put("deviceKind", "server");
            item.putArray("products").add("server-advanced").add("DeviceEncryption");

            DeviceHeartbeat hb = accepted(item, DeviceHeartbeat.class);

            assertThat(hb).isEqualTo(new DeviceHeartbeat("Evt-X", CUSTOMER, "dev-abc", DeviceKind.SERVER,
                    Set.of(ProductCode.SERVER_ADVANCED, ProductCode.DEVICE_ENCRYPTION), "alice@example.com", "laptop-1",
                    "2026.3", Instant.parse("2026-11-22T11:00:00Z"), NOW));
        }

        @Test
        void aDeviceWithoutUserIsItsOwnUnit_R17() {
            ObjectNode item = device();
            item.remove("userId");
            item.remove("hostname");
            item.remove("agentVersion");
            DeviceHeartbeat hb = accepted(item, DeviceHeartbeat.class);
            assertThat(hb.userId()).isNull();
            assertThat(hb.hostname()).isNull();
            ObjectNode blankUser = device().put("userId", "   ");
            assertThat(accepted(blankUser, DeviceHeartbeat.class).userId()).isNull();
        }

        @Test
        void theCustomerAlwaysComesFromTheCredential() {
            ObjectNode same = device().put("customerId", " " + CUSTOMER + " ");
            assertThat(accepted(same, DeviceHeartbeat.class).customerId()).isEqualTo(CUSTOMER);
            assertThat(reason(device().put("customerId", "cust-2"))).isEqualTo("customer-mismatch");
            assertThat(reason(device().put("customerId", "CUST-1"))).isEqualTo("customer-mismatch");
        }

        @ParameterizedTest
        @ValueSource(strings = { "eventId", "deviceId", "deviceKind", "products", "occurredAt", "kind" })
        void requiredFieldsMissingOrNullOrBlank(String field) {
            ObjectNode missing = device();
            missing.remove(field);
            assertThat(reason(missing)).isEqualTo("missing-field:" + field);
            ObjectNode nul = device();
            nul.putNull(field);
            assertThat(reason(nul)).isEqualTo("missing-field:" + field);
            if (!field.equals("products")) {
                ObjectNode blank = device().put(field, "  ");
                assertThat(reason(blank)).isIn("missing-field:" + field, "invalid-enum:" + field);
            }
        }

        @ParameterizedTest
        @CsvSource({ "eventId,128", "deviceId,128", "userId,256", "hostname,255", "agentVersion,64",
                "customerId,128" })
        void fieldsLongerThanTheirLimitAreTooLong(String field, int max) {
            ObjectNode ok = device().put(field, field.equals("customerId") ? CUSTOMER : "a".repeat(max));
            assertThat(validate(ok)).isInstanceOf(ItemOutcome.Accepted.class);
            ObjectNode tooLong = device().put(field, "a".repeat(max + 1));
            assertThat(reason(tooLong)).isEqualTo("too-long:" + field);
        }

        @ParameterizedTest
        @ValueSource(strings = { "eventId", "deviceId", "deviceKind", "userId", "hostname", "agentVersion",
                "occurredAt", "customerId", "kind" })
        void nonStringValuesAreInvalidType(String field) {
            assertThat(reason(device().put(field, 42))).isEqualTo("invalid-type:" + field);
            ObjectNode obj = device();
            obj.putObject(field).put("x", 1);
            assertThat(reason(obj)).isEqualTo("invalid-type:" + field);
            ObjectNode bool = device().put(field, true);
            assertThat(reason(bool)).isEqualTo("invalid-type:" + field);
        }

        @Test
        void productsMustBeAnArrayOfKnownNonFirewallProducts() {
            assertThat(reason(device().put("products", "ENDPOINT_ADVANCED"))).isEqualTo("invalid-type:products");
            ObjectNode numbers = device();
            numbers.putArray("products").add(1);
            assertThat(reason(numbers)).isEqualTo("invalid-type:products");
            ObjectNode unknown = device();
            unknown.putArray("products").add("ENDPOINT_PLATINUM");
            assertThat(reason(unknown)).isEqualTo("invalid-enum:products");
            ObjectNode firewall = device();
            firewall.putArray("products").add("FIREWALL_FULL_GUARD");
            assertThat(reason(firewall)).isEqualTo("invalid-enum:products");
            ObjectNode many = device();
            ArrayNode arr = many.putArray("products");
            for (int i = 0; i < 33; i++) {
                arr.add("WEB");
            }
            assertThat(reason(many)).isEqualTo("too-many:products");
            ObjectNode empty = device();
            empty.putArray("products");
            assertThat(accepted(empty, DeviceHeartbeat.class).products()).isEmpty();
            ObjectNode dup = device();
            dup.putArray("products").add("WEB").add("web").add("Web");
            assertThat(accepted(dup, DeviceHeartbeat.class).products()).containsExactly(ProductCode.WEB);
        }

        @Test
        void everyProductOutsideTheFirewallFamilyIsAcceptedInAnySpelling() {
            for (ProductCode p : ProductCode.values()) {
                ObjectNode item = device();
                item.putArray("products").add(p.name().toLowerCase().replace('_', '-'));
                ItemOutcome o = validate(item);
                if (p.family() == dev.metering.contracts.ProductFamily.FIREWALL) {
                    assertThat(o).isInstanceOf(ItemOutcome.Rejected.class);
                } else {
                    assertThat(((DeviceHeartbeat) ((ItemOutcome.Accepted) o).event()).products()).containsExactly(p);
                }
            }
        }

        @Test
        void unknownDeviceKindIsInvalidEnum() {
            assertThat(reason(device().put("deviceKind", "TOASTER"))).isEqualTo("invalid-enum:deviceKind");
            for (DeviceKind k : DeviceKind.values()) {
                assertThat(accepted(device().put("deviceKind", k.name().toLowerCase()), DeviceHeartbeat.class)
                        .deviceKind()).isEqualTo(k);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = { "a\u0000b", "tab\there", "new\nline", "del\u007f", "c1\u0085", "lone\uD800",
                "lone\uDC00x" })
        void controlCharactersAndBrokenSurrogatesAreRefused(String value) {
            assertThat(reason(device().put("deviceId", value))).isEqualTo("invalid-characters:deviceId");
        }

        @Test
        void unicodeThatIsWellFormedIsKept() {
            DeviceHeartbeat hb = accepted(device().put("hostname", "Bürо-ПК-😀"), DeviceHeartbeat.class);
            assertThat(hb.hostname()).isEqualTo("bürо-пк-😀");
        }

        @Test
        void unknownFieldsAreIgnored() {
            assertThat(validate(device().put("battery", 42))).isInstanceOf(ItemOutcome.Accepted.class);
        }
    }

    @Nested
    class Timestamps {

        @Test
        void upToFiveMinutesInTheFutureIsClockSkew_beyondIsRejected() {
            assertThat(validate(device().put("occurredAt", "2026-11-22T12:05:00Z")))
                    .isInstanceOf(ItemOutcome.Accepted.class);
            assertThat(reason(device().put("occurredAt", "2026-11-22T12:05:00.001Z"))).isEqualTo("occurred-in-future");
            assertThat(reason(device().put("occurredAt", "2099-01-01T00:00:00Z"))).isEqualTo("occurred-in-future");
        }

        @Test
        void upTo35DaysOldIsAccepted_olderIsTooOld() {
            Instant limit = NOW.minus(Duration.ofDays(35));
            assertThat(validate(device().put("occurredAt", limit.toString()))).isInstanceOf(ItemOutcome.Accepted.class);
            assertThat(reason(device().put("occurredAt", limit.minusMillis(1).toString()))).isEqualTo("too-old");
            assertThat(reason(device().put("occurredAt", "1970-01-01T00:00:00Z"))).isEqualTo("too-old");
        }

        @Test
        void offsetsAreConvertedToUtc() {
            DeviceHeartbeat hb = accepted(device().put("occurredAt", "2026-11-22T12:30:00+01:00"), DeviceHeartbeat.class);
            assertThat(hb.occurredAt()).isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = { "yesterday", "2026-11-22", "2026-11-22T11:00:00", "2026-13-01T00:00:00Z",
                "1732276800", "2026-11-22 11:00:00Z" })
        void unreadableTimestampsAreInvalid(String text) {
            assertThat(reason(device().put("occurredAt", text))).isEqualTo("invalid-timestamp:occurredAt");
        }

        @Test
        void aNumericTimestampIsTheWrongType() {
            assertThat(reason(device().put("occurredAt", 1732276800000L))).isEqualTo("invalid-type:occurredAt");
        }

        @Test
        void customWindowsAreHonoured() {
            HeartbeatValidator strict = new HeartbeatValidator(new ValidationRules(Duration.ZERO, Duration.ofHours(1)));
            assertThat(strict.validate(device().put("occurredAt", "2026-11-22T12:00:01Z"), CUSTOMER, NOW))
                    .isInstanceOf(ItemOutcome.Rejected.class);
            assertThat(((ItemOutcome.Rejected) strict.validate(device().put("occurredAt", "2026-11-22T10:59:59Z"),
                    CUSTOMER, NOW)).reason()).isEqualTo("too-old");
        }
    }

    @Nested
    class Firewalls {

        @Test
        void anSfosFirewallIsAcceptedWithItsSerialUpperCased_R13() {
            FirewallHeartbeat fw = accepted(firewall(), FirewallHeartbeat.class);
            assertThat(fw).isEqualTo(new FirewallHeartbeat("evt-2", CUSTOMER, "C01001ABC", "XGS 2100",
                    "SFOS 21.0.0 GA-Build169", Set.of(FirewallSubscription.ENTERPRISE_GUARD),
                    Instant.parse("2026-11-22T03:00:00Z"), NOW));
        }

        @ParameterizedTest
        @ValueSource(strings = { "9.712-13", "9.4", " 9.510-5 ", "UTM 9.7", "utm-9.711", "V9.712", "Sophos UTM" })
        void utm9FirmwareIsRejected_R15(String firmware) {
            assertThat(reason(firewall().put("firmwareVersion", firmware))).isEqualTo("utm9-not-supported");
        }

        @ParameterizedTest
        @ValueSource(strings = { "19.5.3", "SFOS 20.0.1 MR-1", "21.0.0 GA-Build169", "v19.0.2", "18.5" })
        void sfosFirmwareIsAccepted(String firmware) {
            assertThat(validate(firewall().put("firmwareVersion", firmware))).isInstanceOf(ItemOutcome.Accepted.class);
        }

        @Test
        void subscriptionsAreOptionalAndAcceptBundleOrProductNames() {
            ObjectNode none = firewall();
            none.remove("subscriptions");
            assertThat(accepted(none, FirewallHeartbeat.class).subscriptions()).isEmpty();
            ObjectNode both = firewall();
            both.putArray("subscriptions").add("FullGuard").add("FIREWALL_ENTERPRISE_GUARD").add("full-guard");
            assertThat(accepted(both, FirewallHeartbeat.class).subscriptions())
                    .containsExactlyInAnyOrder(FirewallSubscription.FULL_GUARD, FirewallSubscription.ENTERPRISE_GUARD);
            ObjectNode bad = firewall();
            bad.putArray("subscriptions").add("XstreamProtection");
            assertThat(reason(bad)).isEqualTo("invalid-enum:subscriptions");
        }

        @ParameterizedTest
        @ValueSource(strings = { "serialNumber", "model", "firmwareVersion", "eventId", "occurredAt" })
        void requiredFirewallFields(String field) {
            ObjectNode item = firewall();
            item.remove(field);
            assertThat(reason(item)).isEqualTo("missing-field:" + field);
        }

        @ParameterizedTest
        @CsvSource({ "serialNumber,64", "model,64", "firmwareVersion,64" })
        void firewallLengths(String field, int max) {
            assertThat(reason(firewall().put(field, "1".repeat(max + 1)))).isEqualTo("too-long:" + field);
            assertThat(validate(firewall().put(field, "1".repeat(max)))).isInstanceOf(ItemOutcome.Accepted.class);
        }
    }

    @Nested
    class Removals {

        @Test
        void aRemovalIsAccepted_R19() {
            DeviceRemoved r = accepted(removed(), DeviceRemoved.class);
            assertThat(r).isEqualTo(new DeviceRemoved("evt-3", CUSTOMER, "dev-1", DeviceRemoved.Reason.UNINSTALLED,
                    Instant.parse("2026-11-22T11:30:00Z"), NOW));
        }

        @Test
        void aRemovedFirewallIsNamedByItsSerial() {
            ObjectNode item = removed();
            item.remove("deviceId");
            item.put("serialNumber", "c01001abc").put("reason", "DELETED");
            DeviceRemoved r = accepted(item, DeviceRemoved.class);
            assertThat(r.deviceId()).isEqualTo("C01001ABC");
            assertThat(r.reason()).isEqualTo(DeviceRemoved.Reason.DELETED);
        }

        @Test
        void aRemovalNeedsADeviceAndAReason() {
            ObjectNode noDevice = removed();
            noDevice.remove("deviceId");
            assertThat(reason(noDevice)).isEqualTo("missing-field:deviceId");
            ObjectNode noReason = removed();
            noReason.remove("reason");
            assertThat(reason(noReason)).isEqualTo("missing-field:reason");
            assertThat(reason(removed().put("reason", "STOLEN"))).isEqualTo("invalid-enum:reason");
        }
    }

    @Nested
    class Shape {

        @Test
        void nonObjectsAreMalformedItems() throws Exception {
            for (String json : new String[] { "[]", "42", "\"x\"", "null", "true", "[{}]" }) {
                assertThat(reason(MAPPER.readTree(json))).isEqualTo("malformed-item");
            }
            assertThat(((ItemOutcome.Rejected) validator.validate(null, CUSTOMER, NOW)).reason())
                    .isEqualTo("malformed-item");
        }

        @Test
        void anUnknownKindIsInvalidEnum_andKindIsCaseInsensitive() {
            assertThat(reason(device().put("kind", "cpu-heartbeat"))).isEqualTo("invalid-enum:kind");
            assertThat(validate(device().put("kind", " Device-Heartbeat "))).isInstanceOf(ItemOutcome.Accepted.class);
        }

        @Test
        void aRejectionReportsTheEventIdAndKindWhenReadable() {
            ItemOutcome.Rejected r = (ItemOutcome.Rejected) validate(device().put("deviceKind", "TOASTER"));
            assertThat(r.eventId()).isEqualTo("evt-1");
            assertThat(r.kind()).isEqualTo(HeartbeatKind.DEVICE_HEARTBEAT);
            ItemOutcome.Rejected noId = (ItemOutcome.Rejected) validate(device().put("eventId", 7));
            assertThat(noId.eventId()).isNull();
            ItemOutcome.Rejected badChars = (ItemOutcome.Rejected) validate(device().put("eventId", "a\uD800"));
            assertThat(badChars.eventId()).isNull();
        }

        @Test
        void withoutACredentialCustomerTheItemMustNameIt() {
            ItemOutcome none = validator.validate(device(), null, NOW);
            assertThat(((ItemOutcome.Rejected) none).reason()).isEqualTo("missing-field:customerId");
            ItemOutcome named = validator.validate(device().put("customerId", " c-9 "), null, NOW);
            assertThat(((ItemOutcome.Accepted) named).event().customerId()).isEqualTo("c-9");
        }

        @Test
        void theSameItemAlwaysYieldsTheSameEvent_R21() {
            assertThat(validate(device())).isEqualTo(validate(device()));
        }

        @Test
        void everyKindMapsToItsContractType() {
            assertThat(HeartbeatKind.DEVICE_HEARTBEAT.eventType()).isEqualTo("metering.telemetry.v1.device-heartbeat");
            for (HeartbeatKind k : HeartbeatKind.values()) {
                assertThat(HeartbeatKind.fromEventType(k.eventType())).isEqualTo(k);
                assertThat(HeartbeatKind.fromWireName(k.wireName())).isEqualTo(k);
            }
            // every telemetry event of the contract has a kind
            Set<Class<?>> kinds = new java.util.HashSet<>();
            for (HeartbeatKind k : HeartbeatKind.values()) {
                kinds.add(k.eventClass());
            }
            Set<Class<?>> contract = new java.util.HashSet<>(dev.metering.contracts.EventTypes.concreteTypes(
                    dev.metering.contracts.telemetry.TelemetryEvent.class));
            assertThat(kinds).isEqualTo(contract);
        }
    }
}
