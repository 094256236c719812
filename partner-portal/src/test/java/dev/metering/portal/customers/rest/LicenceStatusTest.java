package dev.metering.portal.customers.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.api.LicenseApi;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** R10 on the Customers page: licence status and "Show my protection only". */
class LicenceStatusTest {

    static CustomerApi.Customer customer(String billingType) {
        return new CustomerApi.Customer("c-1", "p-1", "Acme", null, "DE", "de01", billingType, false, null, 1);
    }

    static LicenseApi.Licences licences(int partnerOwned, int customerOwned) {
        return new LicenseApi.Licences("c-1", "TERM", partnerOwned, customerOwned, Map.of(), partnerOwned > 0,
                customerOwned > 0);
    }

    @Test
    void aMonthlyCustomerIsAlwaysThePartnersProtection() {
        CustomersPage.Item item = CustomersPage.item(customer("MONTHLY"), null);
        assertThat(item.licenceStatus()).startsWith("Monthly");
        assertThat(item.myProtection()).isTrue();
    }

    @Test
    void aTermCustomerIsThePartnersProtectionOnlyWithAPartnerOwnedLicence() {
        CustomersPage.Item partnerOwned = CustomersPage.item(customer("TERM"), licences(1, 2));
        assertThat(partnerOwned.licenceStatus()).isEqualTo("1 partner-owned, 2 customer-owned licence(s) in force");
        assertThat(partnerOwned.myProtection()).isTrue();

        CustomersPage.Item customerOwned = CustomersPage.item(customer("TERM"), licences(0, 1));
        assertThat(customerOwned.myProtection()).isFalse();

        CustomersPage.Item none = CustomersPage.item(customer("TRIAL"), licences(0, 0));
        assertThat(none.licenceStatus()).isEqualTo("No licence in force");
        assertThat(none.myProtection()).isFalse();
    }
}
