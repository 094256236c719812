package dev.metering.testsupport.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.metering.testsupport.arch.ServiceConventions.Rule;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each convention fails on a deliberate violation (the {@code fixture.bad} classes) and holds on a service
 * laid out the shared way ({@code fixture.good}), so the services' passing convention tests mean something.
 */
class ServiceConventionsTest {

    private static final String GOOD = "dev.metering.testsupport.arch.fixture.good";
    private static final String BAD = "dev.metering.testsupport.arch.fixture.bad";
    private static final JavaClasses GOOD_CLASSES = new ClassFileImporter().importPackages(GOOD);
    private static final JavaClasses BAD_CLASSES = new ClassFileImporter().importPackages(BAD);

    private static List<String> violations(Rule rule, JavaClasses classes, String root, List<KnownViolation> known) {
        EvaluationResult result = ServiceConventions.rule(rule, root, known).evaluate(classes);
        return result.getFailureReport().getDetails();
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void givenAServiceLaidOutTheSharedWay_whenChecked_thenEveryRuleHolds(Rule rule) {
        assertThat(GOOD_CLASSES.size()).isGreaterThanOrEqualTo(5);

        assertThat(violations(rule, GOOD_CLASSES, GOOD, List.of())).isEmpty();
    }

    @Test
    void givenDomainLogicUsingJdbc_whenPureDomainChecked_thenItFailsNamingTheClassAndTheFramework() {
        List<String> found = violations(Rule.PURE_DOMAIN, BAD_CLASSES, BAD, List.of());

        assertThat(found).isNotEmpty()
                .allMatch(v -> v.contains("<" + BAD + ".gadget.Gadget"))
                .anyMatch(v -> v.contains("java.sql.Connection"));
    }

    @Test
    void givenAStoreUsingTheRestLayer_whenLayersChecked_thenItFails() {
        List<String> found = violations(Rule.LAYERS, BAD_CLASSES, BAD, List.of());

        assertThat(found).isNotEmpty()
                .allMatch(v -> v.contains("<" + BAD + ".gadget.store.GadgetStore"))
                .anyMatch(v -> v.contains(BAD + ".gadget.rest.GadgetResource"));
    }

    @Test
    void givenPackagesOutsideTheSharedLayout_whenLayoutChecked_thenEachIsNamedWithWhy() {
        List<String> found = violations(Rule.LAYOUT, BAD_CLASSES, BAD, List.of());

        assertThat(found).hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("GadgetRepository").contains("not one of the shared layers"))
                .anySatisfy(v -> assertThat(v).contains("AllStores").contains("packaged by layer"))
                .anySatisfy(v -> assertThat(v).contains("BadApplication").contains("root package"));
    }

    @Test
    void givenAFieldAnnotatedInject_whenConstructorInjectionChecked_thenItFailsNamingTheField() {
        List<String> found = violations(Rule.CONSTRUCTOR_INJECTION, BAD_CLASSES, BAD, List.of());

        assertThat(found).singleElement().asString()
                .contains("<" + BAD + ".gadget.service.GadgetService.gadget>").contains("@Inject");
    }

    @Test
    void givenAKnownViolationWithAReason_whenChecked_thenOnlyItsTargetIsExcused() {
        KnownViolation repository = KnownViolation.of(Rule.LAYOUT, BAD + ".gadget.repository..",
                "fixture: to be renamed store");

        List<String> found = violations(Rule.LAYOUT, BAD_CLASSES, BAD, List.of(repository));

        assertThat(found).hasSize(2).noneMatch(v -> v.contains("GadgetRepository"));
        assertThat(violations(Rule.PURE_DOMAIN, BAD_CLASSES, BAD,
                List.of(KnownViolation.of(Rule.LAYOUT, BAD + ".gadget.Gadget", "excuses another rule only"))))
                .as("a known violation excuses only the rule it names").isNotEmpty();
        assertThat(violations(Rule.PURE_DOMAIN, BAD_CLASSES, BAD,
                List.of(KnownViolation.of(Rule.PURE_DOMAIN, BAD + ".gadget.Gadget", "fixture")))).isEmpty();
    }

    @Test
    void givenAKnownViolationWithoutAReason_whenDeclared_thenRefused() {
        assertThatThrownBy(() -> KnownViolation.of(Rule.LAYERS, BAD + ".gadget.store.GadgetStore", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a reason");
    }

    @Test
    void givenAKnownViolationThatWasFixed_whenTheContractRuns_thenItAsksToRemoveIt() {
        BadFixture stale = new BadFixture(List.of(
                KnownViolation.of(Rule.PURE_DOMAIN, BAD + ".gadget.Gadget", "fixture"),
                KnownViolation.of(Rule.LAYERS, BAD + ".gadget.rest.GadgetResource", "never violated")));

        assertThatThrownBy(stale::everyKnownViolationStillViolates)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GadgetResource").hasMessageContaining("no longer violates");
        new BadFixture(List.of(KnownViolation.of(Rule.PURE_DOMAIN, BAD + ".gadget.Gadget", "fixture")))
                .everyKnownViolationStillViolates();
    }

    /** The contract itself, run as a service would run it, on the good fixture. */
    @Nested
    class GoodFixtureAsAService extends ServiceConventionsContract {

        @Override
        protected String rootPackage() {
            return GOOD;
        }

        @Override
        protected JavaClasses importClasses(String rootPackage) {
            return new ClassFileImporter().importPackages(rootPackage);
        }
    }

    private static final class BadFixture extends ServiceConventionsContract {
        private final List<KnownViolation> known;

        BadFixture(List<KnownViolation> known) {
            this.known = known;
        }

        @Override
        protected String rootPackage() {
            return BAD;
        }

        @Override
        protected List<KnownViolation> knownViolations() {
            return known;
        }

        @Override
        protected JavaClasses importClasses(String rootPackage) {
            return BAD_CLASSES;
        }
    }
}
