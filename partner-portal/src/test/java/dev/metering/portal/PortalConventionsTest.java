package dev.metering.portal;

import dev.metering.testsupport.arch.KnownViolation;
import dev.metering.testsupport.arch.ServiceConventions.Rule;
import dev.metering.testsupport.arch.ServiceConventionsContract;
import java.util.List;

/**
 * The shared layout, layering and domain purity (docs/architecture.md, "Conventions") hold in partner-portal.
 * The portal has no domain logic of its own (it renders what the services answer); its departures below are
 * adapters sitting in feature packages, left in place while the portal's main code is being changed elsewhere.
 */
class PortalConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.portal";
    }

    @Override
    protected List<KnownViolation> knownViolations() {
        return List.of(
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.portal.api..",
                        "the services' REST client interfaces (Jakarta REST, MicroProfile REST Client) and the CDI"
                                + " bean building them: outbound adapters; move to a client/ layer (#17)"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.portal.edge.EdgeProxy",
                        "the Vert.x route that proxies the public API host to the services: an inbound adapter;"
                                + " moves to edge/rest (#17)"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.portal.session.DevTokens",
                        "CDI bean signing dev/test tokens with SmallRye JWT (config-driven); moves to"
                                + " session/service (#17)"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.portal.session.SignedIn",
                        "request-scoped CDI bean reading the caller's JWT; moves to session/rest beside the"
                                + " resources that use it (#17)"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.portal.session.OidcSignIn",
                        "the OIDC code flow's CDI bean (provider discovery, token endpoint, JWKS via jose4j):"
                                + " an outbound adapter; moves to session/service with DevTokens (#17)"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.portal.session.DevSignInGuard",
                        "start-up check observing Quarkus' StartupEvent; moves to session/service (#17)"));
    }
}
