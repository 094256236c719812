package dev.metering.license.licence;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import java.time.Instant;

/** R17a: from {@code effectiveAt} the family's units are billed as {@code product} (null: no selection). */
public record MonthlySelection(ProductFamily family, ProductCode product, Instant effectiveAt) {
}
