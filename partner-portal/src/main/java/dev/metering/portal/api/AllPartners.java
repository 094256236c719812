package dev.metering.portal.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every partner the caller may see, read page by page from customer-service, sorted by name then id. */
public final class AllPartners {

    static final int PAGE_SIZE = 100;

    private AllPartners() {
    }

    public static List<CustomerApi.Partner> of(CustomerApi customers, String authorization) {
        List<CustomerApi.Partner> all = new ArrayList<>();
        for (int page = 1;; page++) {
            CustomerApi.PartnerPage p = customers.partners(authorization, page, PAGE_SIZE);
            all.addAll(p.items());
            if (p.items().size() < PAGE_SIZE
                    || (p.pages() != null && p.pages().items() != null && all.size() >= p.pages().items())) {
                break;
            }
        }
        all.sort(Comparator.comparing(CustomerApi.Partner::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(CustomerApi.Partner::id));
        return all;
    }
}
