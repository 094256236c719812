package dev.metering.psa.sync;

import dev.metering.psa.vendor.PsaClient.Addition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one customer's agreement needs so that it holds, per product, one addition with the invoiced
 * quantity: create it, change its quantity, or leave it. Pure, so running it on what the PSA already holds
 * after a sync yields only {@link Keep}s (a second run changes nothing).
 */
public final class AgreementPlan {

    public record Wanted(String product, long catalogItemId, long quantity, BigDecimal unitPrice, String description) {
    }

    public sealed interface Step {
        String product();
    }

    public record Create(String product, long catalogItemId, long quantity, BigDecimal unitPrice, String description)
            implements Step {
    }

    public record Update(String product, long additionId, long from, long to) implements Step {
    }

    public record Keep(String product, long additionId, long quantity) implements Step {
    }

    private AgreementPlan() {
    }

    public static List<Step> plan(List<Wanted> wanted, List<Addition> existing) {
        List<Step> steps = new ArrayList<>();
        for (Wanted w : wanted) {
            Optional<Addition> current = existing.stream()
                    .filter(a -> !a.cancelled() && a.productId() == w.catalogItemId())
                    .min(Comparator.comparingLong(Addition::id));
            if (current.isEmpty()) {
                steps.add(new Create(w.product(), w.catalogItemId(), w.quantity(), w.unitPrice(), w.description()));
            } else if (current.get().quantity() != w.quantity()) {
                steps.add(new Update(w.product(), current.get().id(), current.get().quantity(), w.quantity()));
            } else {
                steps.add(new Keep(w.product(), current.get().id(), w.quantity()));
            }
        }
        return steps;
    }

    /** The addition that carries {@code catalogItemId} on the agreement, if any. */
    public static Optional<Addition> carrying(List<Addition> existing, long catalogItemId) {
        return existing.stream().filter(a -> !a.cancelled() && a.productId() == catalogItemId)
                .min(Comparator.comparingLong(Addition::id));
    }

    public static Map<String, Long> counts(List<Step> steps) {
        long created = steps.stream().filter(s -> s instanceof Create).count();
        long updated = steps.stream().filter(s -> s instanceof Update).count();
        long kept = steps.stream().filter(s -> s instanceof Keep).count();
        return Map.of("created", created, "updated", updated, "unchanged", kept);
    }
}
