package dev.metering.license;

import static dev.metering.testsupport.Waits.await;
import static io.restassured.RestAssured.given;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Short-hands for the integration tests: customers arrive the real way, as customers.events records. */
public final class LicenceTestApi {

    private LicenceTestApi() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification as(String partnerId) {
        return given().auth().oauth2(TestTokens.partner(partnerId)).contentType("application/json")
                .accept("application/json");
    }

    public static TopicClient topics() {
        return ServiceFoundationContract.topics();
    }

    /** Publishes a customer-service event to customers.events, as customer-service's outbox would. */
    public static void publish(MeteringEvent event) {
        topics().produce(Topics.CUSTOMERS_EVENTS, event.subject(),
                CloudEvents.wrap(UUID.randomUUID().toString(), "/customer-service", event));
    }

    /** A customer created by customer-service and consumed by license-service; returns its id. */
    public static String knownCustomer(String partnerId, BillingType type) {
        String id = unique("cust");
        publish(new CustomerCreated(id, partnerId, "Customer " + id, "Customer " + id, "DE", type,
                type != BillingType.TERM, null, Instant.now()));
        awaitCustomer(id);
        return id;
    }

    public static void awaitCustomer(String customerId) {
        await("customer " + customerId + " consumed from customers.events",
                () -> count("select count(*) from customers where customer_id = ?", customerId) == 1);
    }

    public static long count(String sql, String param) {
        try (Connection c = ServiceFoundationContract.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String string(String sql, String param) {
        try (Connection c = ServiceFoundationContract.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The licenses.events records keyed by {@code customerId}, once at least {@code count} are there. */
    public static List<ConsumerRecord<String, byte[]>> licenceRecords(String customerId, int count) {
        return withKey(topics().readUntil(Topics.LICENSES_EVENTS, rs -> withKey(rs, customerId).size() >= count,
                Duration.ofSeconds(30)), customerId);
    }

    public static List<ConsumerRecord<String, byte[]>> withKey(List<ConsumerRecord<String, byte[]>> records,
            String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    public static String ceId(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }
}
