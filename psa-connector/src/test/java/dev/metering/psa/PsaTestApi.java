package dev.metering.psa;

import static dev.metering.testsupport.Waits.await;
import static io.restassured.RestAssured.given;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.contracts.billing.BillingEvent.ProductUsage;
import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.testsupport.KafkaBroker;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/** Short-hands for the integration tests: events arrive the real way, as records on the real broker. */
public final class PsaTestApi {

    private static final Set<String> CREATED_TOPICS = ConcurrentHashMap.newKeySet();

    private PsaTestApi() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification as(String partnerId) {
        return given().auth().oauth2(TestTokens.partner(partnerId)).contentType("application/json")
                .accept("application/json");
    }

    public static RequestSpecification asDistributor(String distributorId) {
        return given().auth().oauth2(TestTokens.distributor(distributorId)).contentType("application/json")
                .accept("application/json");
    }

    public static TopicClient topics() {
        return ServiceFoundationContract.topics();
    }

    /** Publishes a customer-service event to customers.events, as customer-service's outbox would. */
    public static void publishCustomerEvent(MeteringEvent event) {
        topics().produce(Topics.CUSTOMERS_EVENTS, event.subject(),
                CloudEvents.wrap(UUID.randomUUID().toString(), "/customer-service", event));
    }

    /** A MONTHLY customer created by customer-service and consumed here; returns its id. */
    public static String knownCustomer(String partnerId, String name) {
        String id = unique("cust");
        publishCustomerEvent(new CustomerCreated(id, partnerId, name, name, "DE", BillingType.MONTHLY, true, null,
                Instant.now()));
        await("customer " + id + " consumed", () -> count("select count(*) from customers where customer_id = ?", id)
                == 1);
        return id;
    }

    /** The distributor's invoice topic exists (billing creates it when it first publishes). */
    public static String invoiceTopic(String distributorId) {
        String topic = Topics.invoicesFor(distributorId);
        if (CREATED_TOPICS.add(topic)) {
            KafkaBroker.createTopics(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), 2,
                    List.of(topic));
        }
        return topic;
    }

    /** Publishes a billing document to its distributor's topic, keyed by partner, as billing's outbox would. */
    public static String publishBilling(BillingEvent event) {
        String ceId = UUID.randomUUID().toString();
        publishBilling(event, ceId);
        return ceId;
    }

    public static void publishBilling(BillingEvent event, String ceId) {
        topics().produce(invoiceTopic(event.distributorId()), event.partnerId(), CloudEvents.wrap(ceId,
                "/billing-service", event));
    }

    public static InvoiceLine line(String customerId, String name, ProductCode product, long quantity) {
        BigDecimal price = new BigDecimal("2.50");
        return new InvoiceLine(customerId, name, product, "SKU-" + product.name().replace('_', '-') + "-M", quantity,
                price, price.multiply(BigDecimal.valueOf(quantity)));
    }

    public static InvoiceIssued invoice(String partnerId, String distributorId, String period, List<InvoiceLine> lines) {
        BigDecimal total = lines.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new InvoiceIssued("inv-" + partnerId + "-" + period, partnerId, "Partner " + partnerId, distributorId,
                period, Instant.parse(period + "-01T00:00:00Z").plus(Duration.ofDays(31)), "EUR", lines, List.of(),
                total, Instant.now());
    }

    /** A real-time usage snapshot as billing publishes it on billing.usage (R16–R20, firewall serials R26). */
    public static UsageSnapshot snapshot(String partnerId, String customerId, Instant at, ProductUsage... products) {
        return new UsageSnapshot("USG-" + UUID.randomUUID(), partnerId, "dist", customerId, "Customer " + customerId,
                "MONTHLY", at, List.of(products), at);
    }

    public static ProductUsage usage(ProductCode product, long quantity, String... serials) {
        return new ProductUsage(product, quantity, List.of(serials));
    }

    /** Publishes the snapshot to billing.usage keyed by its customer and waits until it is stored. */
    public static void publishUsage(UsageSnapshot s) {
        topics().produce(Topics.BILLING_USAGE, s.customerId(), CloudEvents.wrap(s.snapshotId(), "/billing-service", s));
        await("usage snapshot " + s.snapshotId() + " consumed", () -> count(
                "select count(*) from usage_snapshots where snapshot_id = ?", s.snapshotId()) == 1);
    }

    /** Waits until the invoice's lines are in the ledger. */
    public static void awaitDocument(String documentId) {
        await("billing document " + documentId + " consumed", () -> count(
                "select count(*) from billing_documents where document_id like ?", "%:" + documentId) == 1);
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

}
