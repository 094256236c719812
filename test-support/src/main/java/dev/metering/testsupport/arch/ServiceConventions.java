package dev.metering.testsupport.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The conventions every service follows (docs/architecture.md, "Conventions"), as ArchUnit rules over a
 * service's root package, e.g. {@code dev.metering.billing}:
 * <ul>
 * <li>{@link Rule#PURE_DOMAIN}: a feature's own package ({@code dev.metering.billing.usage}) holds the
 * domain logic (deciders, states, counting, invoicing); it imports no framework and none of the service's
 * adapters;</li>
 * <li>{@link Rule#LAYERS}: dependencies point inward: nothing but {@code rest} uses {@code rest}; stores and
 * projections use no service, messaging, scheduling or rest class;</li>
 * <li>{@link Rule#LAYOUT}: every class lives in {@code <root>.config}, {@code <root>.health}, a feature
 * package {@code <root>.<feature>} or one of its {@link #LAYERS layer} sub-packages;</li>
 * <li>{@link Rule#CONSTRUCTOR_INJECTION}: beans get their collaborators through their constructor; no field is
 * annotated {@code @Inject}.</li>
 * </ul>
 */
public final class ServiceConventions {

    /**
     * The sub-packages a feature may have, and nothing else; {@code client} holds outbound calls to another
     * system (quarkus-super-heroes' {@code client/}).
     */
    public static final Set<String> LAYERS = Set.of(
            "rest", "client", "service", "store", "messaging", "projection", "scheduling", "health", "metrics");

    /** Packages that serve the whole service rather than one feature. */
    public static final Set<String> SERVICE_WIDE = Set.of("config", "health");

    /** What pure domain code never imports: frameworks, I/O clients, runtime configuration. */
    public static final List<String> FRAMEWORKS = List.of(
            "io.quarkus..", "jakarta..", "javax.sql..", "java.sql..", "io.vertx..", "io.smallrye..",
            "io.netty..", "org.apache.kafka..", "org.eclipse.microprofile..", "org.jboss..", "org.hibernate..",
            "io.agroal..", "org.flywaydb..", "io.micrometer..", "org.postgresql..");

    /** The conventions, each a separately reported test. */
    public enum Rule {
        PURE_DOMAIN, LAYERS, LAYOUT, CONSTRUCTOR_INJECTION
    }

    /** The annotation of injected members, which only a constructor may carry. */
    public static final String INJECT = "jakarta.inject.Inject";

    private ServiceConventions() {
    }

    /** The service's production classes (no test classes). */
    public static JavaClasses importService(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    /** The rule for {@code rootPackage}, skipping the given known violations of it. */
    public static ArchRule rule(Rule rule, String rootPackage, Collection<KnownViolation> known) {
        List<KnownViolation> mine = known.stream().filter(k -> k.rule() == rule).toList();
        DescribedPredicate<JavaClass> checked = not(KnownViolation.anyOf(mine));
        return switch (rule) {
            case PURE_DOMAIN -> pureDomain(rootPackage, checked);
            case LAYERS -> layers(rootPackage, checked);
            case LAYOUT -> layout(rootPackage, checked);
            case CONSTRUCTOR_INJECTION -> constructorInjection(rootPackage, checked);
        };
    }

    private static ArchRule pureDomain(String root, DescribedPredicate<JavaClass> checked) {
        String[] adapters = LAYERS.stream().map(layer -> root + ".*." + layer + "..").toArray(String[]::new);
        return noClasses().that(featurePackage(root)).and(checked)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS.toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAnyPackage(adapters)
                .orShould().dependOnClassesThat().resideInAPackage(root + ".config..")
                .as("the domain logic in a feature package of " + root
                        + " imports no framework (" + String.join(", ", FRAMEWORKS) + "), no adapter layer and no config")
                .allowEmptyShould(true);
    }

    private static ArchRule layers(String root, DescribedPredicate<JavaClass> checked) {
        String rest = root + ".*.rest..";
        ArchRule onlyRestUsesRest = noClasses().that().resideOutsideOfPackage(rest).and(checked)
                .should().dependOnClassesThat().resideInAPackage(rest)
                .as("nothing outside rest depends on rest (rest -> service -> store)")
                .allowEmptyShould(true);
        ArchRule storesPointDown = noClasses().that().resideInAnyPackage(root + ".*.store..", root + ".*.projection..")
                .and(checked)
                .should().dependOnClassesThat().resideInAnyPackage(
                        root + ".*.service..", root + ".*.messaging..", root + ".*.scheduling..")
                .as("stores and projections depend on no service, messaging or scheduling class")
                .allowEmptyShould(true);
        return CompositeArchRule.of(onlyRestUsesRest).and(storesPointDown);
    }

    private static ArchRule layout(String root, DescribedPredicate<JavaClass> checked) {
        return classes().that(checked).should(followTheSharedLayout(root))
                .as("every class of " + root + " lives in config, health, a feature package or one of its layers "
                        + LAYERS.stream().sorted().toList())
                .allowEmptyShould(true);
    }

    private static ArchRule constructorInjection(String root, DescribedPredicate<JavaClass> checked) {
        return noFields().that().areDeclaredInClassesThat(checked).should().beAnnotatedWith(INJECT)
                .as("no field of " + root + " is annotated @Inject: collaborators come through the constructor"
                        + " (final fields, testable without a container)")
                .allowEmptyShould(true);
    }

    /** Classes directly in {@code <root>.<feature>}, the feature's domain package. */
    static DescribedPredicate<JavaClass> featurePackage(String root) {
        return DescribedPredicate.describe("reside in a feature package " + root + ".<feature>", c -> {
            String[] rest = segmentsBelow(root, c.getPackageName());
            return rest != null && rest.length == 1 && !SERVICE_WIDE.contains(rest[0]) && !LAYERS.contains(rest[0]);
        });
    }

    private static ArchCondition<JavaClass> followTheSharedLayout(String root) {
        return new ArchCondition<>("follow the shared layout") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String problem = layoutProblem(root, c.getPackageName());
                if (problem != null) {
                    events.add(SimpleConditionEvent.violated(c,
                            "Class <" + c.getName() + "> " + problem));
                }
            }
        };
    }

    /** Why a package departs from the shared layout, or null when it does not. */
    static String layoutProblem(String root, String packageName) {
        String[] rest = segmentsBelow(root, packageName);
        if (rest == null) {
            return "is outside " + root;
        }
        if (rest.length == 0) {
            return "sits in the service's root package; put it in a feature package or config";
        }
        if (SERVICE_WIDE.contains(rest[0])) {
            return null;
        }
        if (LAYERS.contains(rest[0])) {
            return "is packaged by layer (" + root + "." + rest[0] + "); package by feature first, then "
                    + rest[0] + "/ inside the feature";
        }
        if (rest.length >= 2 && !LAYERS.contains(rest[1])) {
            return "is in " + root + "." + rest[0] + "." + rest[1] + ", which is not one of the shared layers "
                    + LAYERS.stream().sorted().toList();
        }
        return null;
    }

    private static String[] segmentsBelow(String root, String packageName) {
        if (packageName.equals(root)) {
            return new String[0];
        }
        if (!packageName.startsWith(root + ".")) {
            return null;
        }
        return Arrays.stream(packageName.substring(root.length() + 1).split("\\.")).toArray(String[]::new);
    }
}
