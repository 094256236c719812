package dev.metering.testsupport.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.metering.testsupport.arch.ServiceConventions.Rule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The {@link ServiceConventions} checked against one service's production classes. Each service runs it as
 * a plain JUnit subclass naming its root package and, with reasons, the places it knowingly departs from a
 * rule ({@link KnownViolation}); a known violation that has been fixed fails the build until it is removed.
 */
public abstract class ServiceConventionsContract {

    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    /** e.g. {@code dev.metering.billing}. */
    protected abstract String rootPackage();

    /** Departures from the rules that are tolerated for now, each with its reason. */
    protected List<KnownViolation> knownViolations() {
        return List.of();
    }

    /** The classes the rules look at: the service's production classes. */
    protected JavaClasses importClasses(String rootPackage) {
        return ServiceConventions.importService(rootPackage);
    }

    private JavaClasses classes() {
        return IMPORTED.computeIfAbsent(getClass().getName(), k -> importClasses(rootPackage()));
    }

    @Test
    void theServicesClassesAreFound() {
        assertThat(classes().size()).as("classes under " + rootPackage() + " (a wrong root would check nothing)")
                .isPositive();
    }

    @Test
    void domainLogicImportsNoFrameworkAndNoAdapter() {
        ServiceConventions.rule(Rule.PURE_DOMAIN, rootPackage(), knownViolations()).check(classes());
    }

    @Test
    void layersPointInward() {
        ServiceConventions.rule(Rule.LAYERS, rootPackage(), knownViolations()).check(classes());
    }

    @Test
    void layoutIsTheSharedOne() {
        ServiceConventions.rule(Rule.LAYOUT, rootPackage(), knownViolations()).check(classes());
    }

    @Test
    void collaboratorsComeThroughTheConstructor() {
        ServiceConventions.rule(Rule.CONSTRUCTOR_INJECTION, rootPackage(), knownViolations()).check(classes());
    }

    @Test
    void everyKnownViolationStillViolates() {
        for (KnownViolation known : knownViolations()) {
            EvaluationResult strict = ServiceConventions.rule(known.rule(), rootPackage(), List.of())
                    .evaluate(classes());
            assertThat(strict.getFailureReport().getDetails())
                    .as("%s at %s is listed as a known violation but no longer violates it: remove it from the list",
                            known.rule(), known.target())
                    .anyMatch(known::mentionedIn);
        }
    }
}
