package dev.metering.testsupport.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place where a service knowingly departs from one of the {@link ServiceConventions}, with the reason and
 * what would end it. The rules skip it; {@link ServiceConventionsContract} fails once it no longer
 * violates, so the list only ever shrinks.
 *
 * @param rule   the rule it is excused from
 * @param target a class name (its nested classes included), or a package pattern ending in {@code ..}
 *               (that package and everything below it)
 * @param reason why it is tolerated for now
 */
public record KnownViolation(ServiceConventions.Rule rule, String target, String reason) {

    public KnownViolation {
        Objects.requireNonNull(rule, "rule");
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a known violation names a class or a package");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a known violation of " + rule + " at " + target + " needs a reason");
        }
    }

    public static KnownViolation of(ServiceConventions.Rule rule, String target, String reason) {
        return new KnownViolation(rule, target, reason);
    }

    boolean isPackage() {
        return target.endsWith("..");
    }

    boolean covers(JavaClass javaClass) {
        if (isPackage()) {
            return PackageMatcher.of(target).matches(javaClass.getPackageName());
        }
        String name = javaClass.getName();
        return name.equals(target) || name.startsWith(target + "$");
    }

    /** Whether a line of an ArchUnit failure report is about this target (the class or member it starts with). */
    boolean mentionedIn(String violation) {
        int open = violation.indexOf('<');
        if (open < 0) {
            return false;
        }
        String origin = violation.substring(open + 1);
        if (isPackage()) {
            return origin.startsWith(target.substring(0, target.length() - 2) + ".");
        }
        return Pattern.compile("^" + Pattern.quote(target) + "[.$>(]").matcher(origin).find();
    }

    static DescribedPredicate<JavaClass> anyOf(Collection<KnownViolation> known) {
        return DescribedPredicate.describe("a known violation", c -> known.stream().anyMatch(k -> k.covers(c)));
    }
}
