package dev.metering.customer.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.metering.contracts.EventTypes;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.customer.PartnerEvent.PartnerFlexApproved;
import dev.metering.contracts.customer.PartnerEvent.PartnerRegistered;
import dev.metering.contracts.customer.PartnerEvent.PartnerRenamed;
import dev.metering.platform.error.DomainException.Kind;
import dev.metering.testsupport.GivenWhenThen;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given/when/then specification of partners (R1–R3). */
class PartnerDeciderTest {

    static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-02T09:00:00Z");
    static final PartnerRegistered REGISTERED = new PartnerRegistered("p-1", "Acme IT", PartnerTier.CONNECT, "dist-de",
            "DE", T0);

    final GivenWhenThen<PartnerCommand, PartnerState, PartnerEvent> spec = GivenWhenThen.of(PartnerDecider.INSTANCE);

    @Test
    void givenNothing_whenRegisterInGermanyWithDistributor_thenRegisteredAsConnect_R1_R2() {
        spec.given().when(new PartnerCommand.Register("p-1", " Acme IT ", "de", "dist-de", T0)).then(REGISTERED);
    }

    @Test
    void givenNothing_whenRegisterInTheUk_thenDistributorIsDirect_R3() {
        spec.given().when(new PartnerCommand.Register("p-uk", "Brit IT", "GB", null, T0))
                .then(new PartnerRegistered("p-uk", "Brit IT", PartnerTier.CONNECT, "DIRECT", "GB", T0));
        spec.given().when(new PartnerCommand.Register("p-uk", "Brit IT", "GB", "DIRECT", T0))
                .then(new PartnerRegistered("p-uk", "Brit IT", PartnerTier.CONNECT, "DIRECT", "GB", T0));
    }

    @Test
    void givenNothing_whenRegisterInTheUkThroughADistributor_thenRefused_R3() {
        spec.given().when(new PartnerCommand.Register("p-uk", "Brit IT", "GB", "dist-de", T0))
                .thenRefused(Kind.INVALID, "uk-buys-direct");
    }

    @Test
    void givenNothing_whenRegisterOutsideTheUkWithoutDistributorOrAsDirect_thenRefused_R3() {
        spec.given().when(new PartnerCommand.Register("p-1", "Acme", "DE", null, T0))
                .thenRefused(Kind.INVALID, "distributor-required");
        spec.given().when(new PartnerCommand.Register("p-1", "Acme", "DE", "DIRECT", T0))
                .thenRefused(Kind.INVALID, "direct-only-for-uk");
    }

    @Test
    void givenNothing_whenRegisterWithBadInput_thenRefused() {
        spec.given().when(new PartnerCommand.Register("p-1", " ", "DE", "d", T0)).thenRefused(Kind.INVALID,
                "name-required");
        spec.given().when(new PartnerCommand.Register("p-1", "Acme", "Germany", "d", T0)).thenRefused(Kind.INVALID,
                "invalid-country");
        spec.given().when(new PartnerCommand.Register("p-1", "Acme", "DE", "no spaces", T0)).thenRefused(Kind.INVALID,
                "invalid-distributor");
    }

    @Test
    void givenRegistered_whenRegisterAgain_thenConflict() {
        spec.given(REGISTERED).when(new PartnerCommand.Register("p-1", "Acme IT", "DE", "dist-de", T1))
                .thenRefused(Kind.CONFLICT, "partner-exists");
    }

    @Test
    void givenConnect_whenItsDistributorApprovesFlex_thenFlex_R2() {
        spec.given(REGISTERED).when(new PartnerCommand.ApproveFlex("dist-de", T1))
                .then(new PartnerFlexApproved("p-1", "dist-de", PartnerTier.CONNECT_FLEX, T1));
        PartnerState after = spec.given(REGISTERED).when(new PartnerCommand.ApproveFlex("dist-de", T1)).state();
        assertThat(((PartnerState.Registered) after).isFlex()).isTrue();
    }

    @Test
    void givenConnect_whenAnotherDistributorApprovesFlex_thenNotFoundLikeAnUnknownPartner_R2() {
        spec.given(REGISTERED).when(new PartnerCommand.ApproveFlex("dist-fr", T1))
                .thenRefused(Kind.NOT_FOUND, "not-found");
    }

    @Test
    void givenFlex_whenApprovedAgain_thenConflict() {
        spec.given(REGISTERED, new PartnerFlexApproved("p-1", "dist-de", PartnerTier.CONNECT_FLEX, T1))
                .when(new PartnerCommand.ApproveFlex("dist-de", T1)).thenRefused(Kind.CONFLICT, "already-flex");
    }

    @Test
    void givenNothing_whenApproveOrRename_thenNotFound() {
        spec.given().when(new PartnerCommand.ApproveFlex("dist-de", T1)).thenRefused(Kind.NOT_FOUND, "not-found");
        spec.given().when(new PartnerCommand.Rename("x", T1)).thenRefused(Kind.NOT_FOUND, "not-found");
    }

    @Test
    void givenRegistered_whenRenamed_thenRenamedOnceAndNotAgainForTheSameName() {
        spec.given(REGISTERED).when(new PartnerCommand.Rename("Acme Managed IT", T1))
                .then(new PartnerRenamed("p-1", "Acme Managed IT", T1));
        spec.given(REGISTERED).when(new PartnerCommand.Rename("Acme IT", T1)).then();
    }

    /** Every partner event type is handled by evolve: walk the sealed interface. */
    @Test
    void evolveHandlesEveryPartnerEventType() {
        Map<Class<?>, PartnerEvent> samples = Map.of(
                PartnerRegistered.class, REGISTERED,
                PartnerFlexApproved.class, new PartnerFlexApproved("p-1", "dist-de", PartnerTier.CONNECT_FLEX, T1),
                PartnerRenamed.class, new PartnerRenamed("p-1", "New", T1));
        List<Class<? extends PartnerEvent>> types = EventTypes.concreteTypes(PartnerEvent.class);
        assertThat(PartnerEvent.class.getPermittedSubclasses()).hasSameSizeAs(types);
        assertThat(samples.keySet()).as("a sample per event type").containsExactlyInAnyOrderElementsOf(types);
        PartnerState registered = PartnerDecider.INSTANCE.fold(List.of(REGISTERED));
        for (Class<? extends PartnerEvent> type : types) {
            PartnerEvent e = samples.get(type);
            PartnerState from = e instanceof PartnerRegistered ? PartnerDecider.INSTANCE.initialState() : registered;
            assertThatCode(() -> PartnerDecider.INSTANCE.evolve(from, e)).as(type.getSimpleName())
                    .doesNotThrowAnyException();
        }
    }
}
