package dev.metering.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.contracts.EventTypes;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.TermLicenseIssued;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.license.firewall.FirewallRegistration;
import dev.metering.license.licence.CustomerLicences;
import dev.metering.license.licence.LicenceBook;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.ParameterizedType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Walks the sealed {@link LicenseEvent} hierarchy ({@code getPermittedSubclasses}): every licence event
 * type belongs to exactly one of this service's aggregates, and that aggregate's {@code evolve} handles
 * it, so adding an event to the contract without teaching an aggregate about it fails here.
 */
class LicenseEventCoverageTest {

    final CustomerLicences licences = new CustomerLicences();
    final FirewallRegistration firewalls = new FirewallRegistration();

    static List<Class<?>> allLicenseEventTypes() {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : LicenseEvent.class.getPermittedSubclasses()) {
            out.add(c);
        }
        return out;
    }

    @Test
    void everyLicenceEventBelongsToExactlyOneAggregate() {
        assertThat(allLicenseEventTypes()).hasSameElementsAs(EventTypes.concreteTypes(LicenseEvent.class));
        for (Class<?> type : allLicenseEventTypes()) {
            boolean inLicences = CustomerLicences.EVENT_TYPES.contains(type);
            boolean inFirewalls = FirewallRegistration.EVENT_TYPES.contains(type);
            assertThat(inLicences ^ inFirewalls).as(type.getSimpleName() + " belongs to exactly one aggregate")
                    .isTrue();
        }
    }

    @Test
    void everyAggregateEvolvesEveryEventOfItsStreamAndRefusesForeignOnes() {
        LicenceBook withLicence = licences.evolve(licences.initialState(), new TermLicenseIssued("cust-1",
                "partner-1", "lic-1", "SKU", ProductCode.WEB, 1, LocalDate.parse("2026-11-01"),
                LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, true, Instant.parse("2026-11-01T00:00:00Z")));
        for (Class<?> type : allLicenseEventTypes()) {
            LicenseEvent event = sample(type);
            if (CustomerLicences.EVENT_TYPES.contains(type)) {
                assertThatCode(() -> licences.evolve(withLicence, event)).as(type.getSimpleName())
                        .doesNotThrowAnyException();
                assertThatThrownBy(() -> firewalls.evolve(firewalls.initialState(), event))
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThatCode(() -> firewalls.evolve(firewalls.initialState(), event)).as(type.getSimpleName())
                        .doesNotThrowAnyException();
                assertThatThrownBy(() -> licences.evolve(withLicence, event))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /** A populated instance of any licence event, naming licence {@code lic-1}. */
    static LicenseEvent sample(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> c = components[i].getType();
            types[i] = c;
            String name = components[i].getName();
            if (c == String.class) {
                args[i] = name.equals("licenseId") ? "lic-1" : name + "-1";
            } else if (c == Instant.class) {
                args[i] = Instant.parse("2026-11-02T00:00:00Z");
            } else if (c == LocalDate.class) {
                args[i] = LocalDate.parse("2027-11-02");
            } else if (c == int.class) {
                args[i] = 1;
            } else if (c == boolean.class) {
                args[i] = false;
            } else if (c.isEnum()) {
                args[i] = c.getEnumConstants()[0];
            } else if (c == List.class && components[i].getGenericType() instanceof ParameterizedType) {
                args[i] = List.of();
            } else {
                throw new IllegalStateException("no sample for " + c);
            }
        }
        try {
            return (LicenseEvent) type.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
