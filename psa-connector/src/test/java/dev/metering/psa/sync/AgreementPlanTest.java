package dev.metering.psa.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.psa.vendor.PsaClient.Addition;
import dev.metering.psa.sync.AgreementPlan.Create;
import dev.metering.psa.sync.AgreementPlan.Keep;
import dev.metering.psa.sync.AgreementPlan.Update;
import dev.metering.psa.sync.AgreementPlan.Wanted;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementPlanTest {

    static Wanted wanted(String product, long item, long qty) {
        return new Wanted(product, item, qty, BigDecimal.ONE, product);
    }

    @Test
    void givenAnEmptyAgreement_whenPlanned_thenOneAdditionPerProductIsCreated() {
        assertThat(AgreementPlan.plan(List.of(wanted("WEB", 7, 3), wanted("ENDPOINT_ADVANCED", 8, 12)), List.of()))
                .containsExactly(new Create("WEB", 7, 3, BigDecimal.ONE, "WEB"),
                        new Create("ENDPOINT_ADVANCED", 8, 12, BigDecimal.ONE, "ENDPOINT_ADVANCED"));
    }

    @Test
    void givenWhatTheSyncWrote_whenPlannedAgain_thenNothingChanges() {
        List<Addition> existing = List.of(new Addition(100, 1, 7, 3, false, ""), new Addition(101, 1, 8, 12, false, ""));
        assertThat(AgreementPlan.plan(List.of(wanted("WEB", 7, 3), wanted("ENDPOINT_ADVANCED", 8, 12)), existing))
                .containsExactly(new Keep("WEB", 100, 3), new Keep("ENDPOINT_ADVANCED", 101, 12));
    }

    @Test
    void givenAnotherQuantityOrACancelledAddition_whenPlanned_thenUpdatedOrCreatedAnew() {
        List<Addition> existing = List.of(new Addition(100, 1, 7, 5, false, ""), new Addition(101, 1, 8, 12, true, ""));
        assertThat(AgreementPlan.plan(List.of(wanted("WEB", 7, 3), wanted("ENDPOINT_ADVANCED", 8, 12)), existing))
                .containsExactly(new Update("WEB", 100, 5, 3), new Create("ENDPOINT_ADVANCED", 8, 12, BigDecimal.ONE,
                        "ENDPOINT_ADVANCED"));
    }
}
