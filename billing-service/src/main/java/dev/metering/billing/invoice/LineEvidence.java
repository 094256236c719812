package dev.metering.billing.invoice;

import dev.metering.contracts.ProductCode;
import java.util.List;

/** R26: the units one invoice line counted ({@code user:…}, {@code device:…}, {@code serial:…}). */
public record LineEvidence(String customerId, ProductCode product, String sku, List<String> unitIds) {
}
