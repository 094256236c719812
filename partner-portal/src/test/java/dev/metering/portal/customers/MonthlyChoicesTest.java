package dev.metering.portal.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** R17a, R13 on License Details: which products each family's monthly selection offers. */
class MonthlyChoicesTest {

    @Test
    void givenNoSelection_whenTheFormsAreBuilt_thenEachFamilyOffersExactlyItsOwnProductsAndNoneIsSelected() {
        List<MonthlyChoices.Family> families = MonthlyChoices.of(Map.of());

        assertThat(families).extracting(MonthlyChoices.Family::family).containsExactly("ENDPOINT", "SERVER",
                "MOBILE", "WEB", "DEVICE_ENCRYPTION");
        assertThat(families).allSatisfy(f -> {
            assertThat(f.selected()).isNull();
            assertThat(f.products()).isNotEmpty().allSatisfy(p -> assertThat(ProductCode.valueOf(p).family())
                    .isEqualTo(ProductFamily.valueOf(f.family())));
        });
        assertThat(families.get(0).products()).containsExactly("ENDPOINT_STANDARD", "ENDPOINT_ADVANCED");
        assertThat(families.get(2).products()).containsExactly("MOBILE_CONTROL", "MOBILE_SECURITY");
    }

    @Test
    void givenFirewallProducts_whenTheFormsAreBuilt_thenNoneIsOfferedBecauseFirewallsAreRegisteredBySerial() {
        // R13: a firewall is billed monthly by registering its serial number; license-service refuses a selection
        List<String> offered = MonthlyChoices.of(Map.of()).stream().flatMap(f -> f.products().stream()).toList();

        assertThat(offered).doesNotContain(ProductCode.FIREWALL_ENTERPRISE_GUARD.name(),
                ProductCode.FIREWALL_FULL_GUARD.name());
        assertThat(offered).hasSize(ProductCode.values().length - 2).doesNotHaveDuplicates();
    }

    @Test
    void givenSelectionsInForce_whenTheFormsAreBuilt_thenEachFamilyShowsItsOwn() {
        List<MonthlyChoices.Family> families = MonthlyChoices.of(Map.of("SERVER", "SERVER_ADVANCED", "WEB", "WEB"));

        assertThat(families).extracting(f -> f.family() + "=" + f.selected()).containsExactly("ENDPOINT=null",
                "SERVER=SERVER_ADVANCED", "MOBILE=null", "WEB=WEB", "DEVICE_ENCRYPTION=null");
    }
}
