package dev.metering.portal.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.portal.edge.EdgeRoutes.Owner;
import org.junit.jupiter.api.Test;

class EdgeRoutesTest {

    @Test
    void theVendorPartnerApiIsSplitBetweenCustomersAndBillingBehindOneHost() {
        // given the vendor's two Partner API families, when routed, then each reaches the service that owns it
        assertThat(EdgeRoutes.owner("/partner/v1/tenants")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/partner/v1/tenants/c-1")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/partner/v1/billing/usage/2026/11")).contains(Owner.BILLING);
    }

    @Test
    void v1PathsGoToTheirOwningService() {
        assertThat(EdgeRoutes.owner("/v1/heartbeats")).contains(Owner.INGEST);
        assertThat(EdgeRoutes.owner("/v1/usage")).contains(Owner.BILLING);
        assertThat(EdgeRoutes.owner("/v1/usage/export.csv")).contains(Owner.BILLING);
        assertThat(EdgeRoutes.owner("/v1/invoices/INV-2026-11-p-1/evidence")).contains(Owner.BILLING);
        assertThat(EdgeRoutes.owner("/v1/periods/2026-11/close")).contains(Owner.BILLING);
        assertThat(EdgeRoutes.owner("/v1/licenses")).contains(Owner.LICENSE);
        assertThat(EdgeRoutes.owner("/v1/license-overview")).contains(Owner.LICENSE);
        assertThat(EdgeRoutes.owner("/v1/customers/c-1/monthly-licenses/ENDPOINT")).contains(Owner.LICENSE);
        assertThat(EdgeRoutes.owner("/v1/customers/c-1/firewalls/C01")).contains(Owner.LICENSE);
        assertThat(EdgeRoutes.owner("/v1/customers/c-1/conversions/monthly")).contains(Owner.LICENSE);
        assertThat(EdgeRoutes.owner("/v1/customers/c-1/licenses")).contains(Owner.LICENSE);
        // ingest keys, renames and the customer itself stay with customer-service
        assertThat(EdgeRoutes.owner("/v1/customers/c-1/ingest-keys")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/v1/customers/c-1/name")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/v1/customers")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/v1/partners/p-1/flex-approval")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/v1/me")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/v1/migrations")).contains(Owner.CUSTOMER);
        assertThat(EdgeRoutes.owner("/v1/psa/connection")).contains(Owner.PSA);
        assertThat(EdgeRoutes.owner("/v1/psa/sync-status")).contains(Owner.PSA);
        assertThat(EdgeRoutes.owner("/v1/webhooks/endpoints")).contains(Owner.PSA);
    }

    @Test
    void unknownPathsAndLookalikesAreNotForwarded() {
        assertThat(EdgeRoutes.owner("/v1/nothing")).isEmpty();
        assertThat(EdgeRoutes.owner("/v1/usagex")).isEmpty();
        assertThat(EdgeRoutes.owner("/partner/v1/tenantsx")).isEmpty();
        assertThat(EdgeRoutes.owner("/v1/customers/../usage")).isEmpty();
        assertThat(EdgeRoutes.owner("/q/health")).isEmpty();
    }
}
