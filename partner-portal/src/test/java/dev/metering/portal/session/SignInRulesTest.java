package dev.metering.portal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules of sign-in: which claims make whom, and when the dev key stops a start. */
class SignInRulesTest {

    static final SignInClaims.Names KEYCLOAK = new SignInClaims.Names("realm_access.roles", "partner_id",
            "distributor_id", "partner", "distributor", "operator");
    static final SignInClaims.Names ENTRA = new SignInClaims.Names("roles", "extension_partnerId",
            "extension_distributorId", "Metering.Partner", "Metering.Distributor", "Metering.Operator");

    @Test
    void givenNestedKeycloakRoles_whenMapped_thenAPartnerWithItsId() {
        var person = SignInClaims.person(Map.of("sub", "u1", "partner_id", "p-1",
                "realm_access", Map.of("roles", List.of("offline_access", "partner"))), KEYCLOAK);
        assertThat(person).contains(new SignInClaims.Person(DevTokens.Role.PARTNER, "p-1", "u1"));
    }

    @Test
    void givenConfiguredClaimNamesAndRoleValues_whenMapped_thenTheyAreTheOnesRead() {
        var distributor = SignInClaims.person(Map.of("roles", List.of("Metering.Distributor"),
                "extension_distributorId", "d-9", "distributor_id", "ignored"), ENTRA);
        assertThat(distributor).contains(new SignInClaims.Person(DevTokens.Role.DISTRIBUTOR, "d-9", null));
        var operator = SignInClaims.person(Map.of("roles", "Metering.Reader Metering.Operator"), ENTRA);
        assertThat(operator.map(SignInClaims.Person::role)).contains(DevTokens.Role.OPERATOR);
    }

    @Test
    void givenAPartnerRoleWithoutItsIdOrNoRoleAtAll_whenMapped_thenNobody() {
        assertThat(SignInClaims.person(Map.of("realm_access", Map.of("roles", List.of("partner"))), KEYCLOAK))
                .isEmpty();
        assertThat(SignInClaims.person(Map.of("groups", List.of("partner"), "partner_id", "p-1"), KEYCLOAK))
                .as("the roles claim is realm_access.roles, not groups").isEmpty();
        assertThat(SignInClaims.person(Map.of("partner_id", "p-1"), KEYCLOAK)).isEmpty();
    }

    @Test
    void givenTheDevKeyInAProductionRun_whenStarting_thenRefusedUnlessTheLocalProfileIsAddedOnPurpose() {
        assertThat(DevSignInGuard.refusal(false, List.of("prod"), true)).isPresent();
        assertThat(DevSignInGuard.refusal(false, List.of("prod", "local"), true)).isEmpty();
        assertThat(DevSignInGuard.refusal(true, List.of("test"), true)).isEmpty();
        assertThat(DevSignInGuard.refusal(false, List.of("prod"), false)).isEmpty();
    }
}
