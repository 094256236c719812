package dev.metering.billing.usage;

import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.billing.Facts.migrated;
import static dev.metering.billing.Facts.renamed;
import static dev.metering.billing.Facts.selected;
import static dev.metering.billing.Facts.term;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.ENDPOINT_STANDARD;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.billing.account.BillingState;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The usage page (R20, R10, R17a): summary, rows, totals, search, sort, paging, CSV. */
class UsageReportTest {

    static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    final BillingState state = new BillingState();
    final UsageProjection usage = new UsageProjection(ActivityWindow.midnightUtc());

    void given(MeteringEvent... events) {
        for (MeteringEvent e : events) {
            if (e instanceof TelemetryEvent t) {
                usage.apply(t);
            } else {
                state.apply(e);
            }
        }
    }

    @BeforeEach
    void customers() {
        given(customer("a", "p-1", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                renamed("a", "p-1", "Acme", "2026-01-02T00:00:00Z"),
                customer("b", "p-1", BillingType.TERM, "2026-01-01T00:00:00Z"),
                renamed("b", "p-1", "Bolt, \"the\" Company", "2026-01-02T00:00:00Z"),
                term("b", "p-1", "lic-b", LicenseOwner.CUSTOMER, "2026-01-03T00:00:00Z"),
                customer("c", "p-1", BillingType.TRIAL, "2026-01-01T00:00:00Z"),
                renamed("c", "p-1", "=cmd()", "2026-01-02T00:00:00Z"),
                customer("gone", "p-1", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                migrated("gone", "p-1", "p-2", "2026-10-15T00:00:00Z"),
                selected("a", "p-1", ProductFamily.ENDPOINT, ENDPOINT_ADVANCED, "2026-10-01T00:00:00Z"),
                heartbeat("a", "pc-1", ENDPOINT_STANDARD, "alice", "2026-10-20T00:00:00Z"),
                heartbeat("a", "pc-2", ENDPOINT_STANDARD, "bob", "2026-10-20T00:00:00Z"),
                heartbeat("a", "srv", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"),
                heartbeat("b", "srv-1", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"),
                heartbeat("b", "srv-2", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"),
                heartbeat("b", "srv-3", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"),
                heartbeat("gone", "x", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"));
    }

    @Test
    void R20_aRowPerManagedCustomerWithAColumnPerProductAndATotalsRow() {
        UsageReport.Page page = UsageReport.page("p-1", NOW, state, usage, null, "name", false, 0, 50);
        assertThat(page.rows()).extracting(UsageReport.Row::customerId).containsExactly("c", "a", "b");
        UsageReport.Row acme = page.rows().get(1);
        assertThat(acme.type()).isEqualTo("MONTHLY");
        assertThat(acme.products()).hasSize(10).containsEntry(ENDPOINT_ADVANCED, 2).containsEntry(ENDPOINT_STANDARD, 0)
                .containsEntry(SERVER_ADVANCED, 1);
        assertThat(acme.total()).isEqualTo(3);
        assertThat(page.totals().products()).containsEntry(SERVER_ADVANCED, 4).containsEntry(ENDPOINT_ADVANCED, 2);
        assertThat(page.totals().total()).isEqualTo(6);
        assertThat(page.totalRows()).isEqualTo(3);
    }

    @Test
    void R10_summaryCountsManagedCustomersAndLicenceOwnership() {
        assertThat(UsageReport.summary("p-1", NOW, state)).isEqualTo(new UsageReport.Summary(3, 1, 1));
        assertThat(UsageReport.summary("p-2", NOW, state)).isEqualTo(new UsageReport.Summary(1, 1, 0));
    }

    @Test
    void searchSortAndPage() {
        assertThat(UsageReport.page("p-1", NOW, state, usage, "ACM", "name", false, 0, 50).rows())
                .extracting(UsageReport.Row::customerId).containsExactly("a");
        assertThat(UsageReport.page("p-1", NOW, state, usage, null, "server_advanced", true, 0, 50).rows())
                .extracting(UsageReport.Row::customerId).containsExactly("b", "a", "c");
        assertThat(UsageReport.page("p-1", NOW, state, usage, null, "total", false, 0, 50).rows())
                .extracting(UsageReport.Row::customerId).containsExactly("c", "a", "b");
        assertThat(UsageReport.page("p-1", NOW, state, usage, null, "type", false, 0, 50).rows())
                .extracting(UsageReport.Row::type).containsExactly("MONTHLY", "TERM", "TRIAL");
        UsageReport.Page second = UsageReport.page("p-1", NOW, state, usage, null, "name", false, 1, 2);
        assertThat(second.rows()).extracting(UsageReport.Row::customerId).containsExactly("b");
        assertThat(second.totals().total()).as("totals cover every row, not the page").isEqualTo(6);
        assertThat(UsageReport.page("p-1", NOW, state, usage, null, "name", false, 9, 2).rows()).isEmpty();
        assertThatThrownBy(() -> UsageReport.comparator("colour")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCsvHasTheSameColumnsQuotesNamesAndDefusesFormulas() {
        String csv = UsageReport.csv(UsageReport.page("p-1", NOW, state, usage, null, "name", false, 0, 50).rows());
        assertThat(csv.lines()).containsExactly(
                "Customer,Type,ENDPOINT_STANDARD,ENDPOINT_ADVANCED,SERVER_STANDARD,SERVER_ADVANCED,MOBILE_CONTROL,"
                        + "MOBILE_SECURITY,WEB,DEVICE_ENCRYPTION,FIREWALL_ENTERPRISE_GUARD,FIREWALL_FULL_GUARD,Total",
                "'=cmd(),TRIAL,0,0,0,0,0,0,0,0,0,0,0",
                "Acme,MONTHLY,0,2,0,1,0,0,0,0,0,0,3",
                "\"Bolt, \"\"the\"\" Company\",TERM,0,0,0,3,0,0,0,0,0,0,3",
                "Total,,0,2,0,4,0,0,0,0,0,0,6");
    }
}
