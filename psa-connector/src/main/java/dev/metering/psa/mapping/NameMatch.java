package dev.metering.psa.mapping;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How alike a platform customer's name and a PSA company's name are, from 0 to 1: equal after
 * normalisation (case, accents, punctuation, legal-form suffixes such as GmbH or Ltd) is 1; otherwise the
 * share of common words. A suggestion only; the partner confirms every mapping.
 */
public final class NameMatch {

    private static final Set<String> LEGAL_FORMS = Set.of("gmbh", "ag", "kg", "ohg", "ug", "ltd", "limited", "inc",
            "llc", "plc", "co", "corp", "corporation", "sa", "sarl", "bv", "nv", "srl", "spa", "the", "und", "and");

    private NameMatch() {
    }

    public static double score(String a, String b) {
        Set<String> x = words(a);
        Set<String> y = words(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        if (x.equals(y)) {
            return 1;
        }
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        return (double) common.size() / union.size();
    }

    static Set<String> words(String name) {
        if (name == null) {
            return Set.of();
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
        Set<String> out = new HashSet<>(Arrays.asList(plain.split(" ")));
        out.remove("");
        out.removeAll(LEGAL_FORMS);
        return out;
    }
}
