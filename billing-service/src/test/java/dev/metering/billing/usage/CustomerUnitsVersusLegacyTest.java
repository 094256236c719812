package dev.metering.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact {@link CustomerUnits} against its previous implementation ({@link LegacyCustomerUnits}) on random
 * fact streams: the same state and the same answers (R16 window to the millisecond, R17 users vs devices, R19
 * removal and reinstall, R21 ties at one instant, R26 sorted evidence ids), with and without persisting.
 */
class CustomerUnitsVersusLegacyTest {

    static final long S = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long DAY = ActivityWindow.DAY_MS;
    static final ProductCode[] PRODUCTS = ProductCode.values();

    @Test
    void randomFactStreamsGiveTheSameStateAndAnswers() throws IOException {
        Random random = new Random(2026);
        ProductResolver family = (reported, device) -> reported.family() == ProductFamily.ENDPOINT
                ? ProductCode.ENDPOINT_ADVANCED
                : reported.family() == ProductFamily.FIREWALL && device.hashCode() % 3 == 0 ? null : reported;
        ProductResolver perFamily = new ProductResolver() { // asked once per product, except for firewalls
            @Override
            public ProductCode resolve(ProductCode reported, String device) {
                return family.resolve(reported, device);
            }

            @Override
            public boolean perDevice(ProductCode reported) {
                return reported.family() == ProductFamily.FIREWALL;
            }
        };
        for (int run = 0; run < 40; run++) {
            ActivityWindow window = run % 4 == 0 ? new ActivityWindow(6 * 3_600_000L) : ActivityWindow.midnightUtc();
            CustomerUnits compact = new CustomerUnits("c", window);
            LegacyCustomerUnits legacy = new LegacyCustomerUnits("c", window);
            int devices = 1 + random.nextInt(run % 5 == 0 ? 400 : 40);
            int users = 1 + random.nextInt(devices);
            int productsUsed = 1 + random.nextInt(PRODUCTS.length);
            // odd runs: heartbeats within 35 days, latest-heartbeat instants in 4 bytes (moving their base); even: 90
            long from = run % 2 == 1 ? S - 32 * DAY : S - 75 * DAY;
            long span = run % 2 == 1 ? 35 * DAY : 90 * DAY;
            long[] instants = new long[20]; // few distinct instants: many ties
            for (int i = 0; i < instants.length; i++) {
                instants[i] = from + (long) (random.nextDouble() * span);
            }
            instants[0] = S - 30 * DAY;
            instants[1] = S - 30 * DAY + 1;
            instants[2] = S;
            // issue 16: every third run names its devices by UUIDs only (the dictionary's fixed-width layout), the
            // next one by UUIDs for its first half (then converted to the general layout by the other shapes)
            int uuidUntil = run % 3 == 1 ? Integer.MAX_VALUE : run % 3 == 2 ? 1000 : 0;
            for (int i = 0; i < 2000; i++) {
                String device = i < uuidUntil ? uuid(run, random.nextInt(devices)) : switch (random.nextInt(4)) {
                    case 0 -> "dev-" + run + "-" + random.nextInt(devices);
                    case 1 -> "gerät-" + random.nextInt(devices);
                    case 2 -> "SN" + random.nextInt(devices);
                    default -> "dev-" + run + "-" + random.nextInt(devices) + "x";
                };
                long at = random.nextInt(3) == 0 ? instants[random.nextInt(instants.length)]
                        : from + (long) (random.nextDouble() * span);
                if (random.nextInt(25) == 0) {
                    compact.removed(device, at);
                    legacy.removed(device, at);
                } else {
                    ProductCode p = PRODUCTS[random.nextInt(productsUsed)];
                    String user = switch (random.nextInt(4)) {
                        case 0 -> null;
                        case 1 -> " ";
                        default -> (random.nextBoolean() ? "user-" : "ü-") + random.nextInt(users);
                    };
                    compact.heartbeat(device, p, user, at);
                    legacy.heartbeat(device, p, user, at);
                }
                if (random.nextInt(300) == 0) {
                    compact = roundTrip(compact); // a restart in the middle
                } else if (random.nextInt(100) == 0) {
                    compact.writeTo(new DataOutputStream(new ByteArrayOutputStream())); // a persist: cuts slack
                }
            }
            assertThat(compact.describe()).isEqualTo(legacy.describe());
            assertThat(compact.deviceCount()).isEqualTo(legacy.deviceCount());
            assertThat(compact.trackCount()).isEqualTo(legacy.trackCount());
            for (int d = -50; d <= 20; d++) {
                for (long s : List.of(S + d * DAY, S + d * DAY + 13 * 3_600_000L + 7, S + d * DAY - 1,
                        S + d * DAY + 6 * 3_600_000L)) {
                    for (ProductResolver resolver : List.of(ProductResolver.AS_REPORTED, family, perFamily)) {
                        assertThat(compact.unitsAt(s, resolver)).isEqualTo(legacy.unitsAt(s, resolver));
                        assertThat(compact.countsAt(s, resolver)).isEqualTo(legacy.countsAt(s, resolver));
                    }
                }
            }
            for (long s : instants) {
                for (int k = 0; k < 30; k++) {
                    int n = random.nextInt(devices);
                    String device = uuidUntil > 0 && random.nextBoolean() ? uuid(run, n) : "dev-" + run + "-" + n;
                    ProductCode p = PRODUCTS[random.nextInt(PRODUCTS.length)];
                    assertThat(compact.isActive(device, p, s)).isEqualTo(legacy.isActive(device, p, s));
                }
            }
        }
    }

    /** Device n's UUID in a run: lower-case in even runs, upper-case in odd ones (both fixed-width layouts). */
    static String uuid(int run, int n) {
        String id = new java.util.UUID(0x7E57_0000L + run, n * 0x9E3779B97F4A7C15L).toString();
        return run % 2 == 0 ? id : id.toUpperCase(java.util.Locale.ROOT);
    }

    static CustomerUnits roundTrip(CustomerUnits units) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        units.writeTo(new DataOutputStream(bytes));
        return CustomerUnits.readFrom(units.customerId(), units.window(),
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
