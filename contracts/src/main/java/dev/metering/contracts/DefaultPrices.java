package dev.metering.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The one default price list, {@code default-prices.csv} beside this class: billing-service seeds its
 * {@code price_list} table from it and the launcher's simulator prices its expected invoices with it.
 * Lines are {@code sku,currency,unit_price}; {@code #} starts a comment; the first other line is the header.
 */
public final class DefaultPrices {

    /** The file, as a class path resource. */
    public static final String RESOURCE = "/dev/metering/contracts/default-prices.csv";

    /** One unit for one month (R23) of a SKU, in a currency. */
    public record Price(String sku, String currency, BigDecimal unitPrice) {
    }

    private DefaultPrices() {
    }

    /** Every price of the file, in its order. */
    public static List<Price> all() {
        List<Price> prices = new ArrayList<>();
        boolean header = true;
        int lineNumber = 0;
        for (String line : new String(bytes(), StandardCharsets.UTF_8).split("\n")) {
            lineNumber++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] f = l.split(",", -1);
            if (f.length != 3 || !f[1].strip().matches("[A-Z]{3}")) {
                throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": expected sku,currency,unit_price");
            }
            BigDecimal price = new BigDecimal(f[2].strip());
            if (price.signum() < 0) {
                throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": negative price");
            }
            prices.add(new Price(f[0].strip(), f[1].strip(), price));
        }
        return List.copyOf(prices);
    }

    /** A checksum of the file's bytes (a change of the file re-runs what seeds from it). */
    public static int checksum() {
        CRC32 crc = new CRC32();
        crc.update(bytes());
        return (int) crc.getValue();
    }

    private static byte[] bytes() {
        try (InputStream in = DefaultPrices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
