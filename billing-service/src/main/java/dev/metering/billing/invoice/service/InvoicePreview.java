package dev.metering.billing.invoice.service;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.service.Scatter;
import dev.metering.billing.invoice.LineEvidence;
import dev.metering.billing.invoice.MonthlyClose;
import dev.metering.billing.invoice.PartnerInvoice;
import dev.metering.billing.invoice.store.PriceStore;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A partner's invoice for a period as the close would issue it at an instant (R22–R27): the same
 * {@link MonthlyClose.CustomerLines} from every partition's owner, assembled by the same
 * {@link MonthlyClose#assemble}, with the same prices. Nothing is stored or published. Unlike the close it does
 * not wait for the owners to catch up with the topics' end offsets: it shows what is folded now.
 */
@ApplicationScoped
public class InvoicePreview {

    public static final String LINES_PATH = "/internal/v1/invoices/preview/lines";

    private final Scatter scatter;
    private final BillingState state;
    private final UsageProjection usage;
    private final PriceStore prices;

    public InvoicePreview(Scatter scatter, BillingState state, UsageProjection usage, PriceStore prices) {
        this.scatter = scatter;
        this.state = state;
        this.usage = usage;
        this.prices = prices;
    }

    /** One owner's part: the partitions it answered for and the partner's customers' lines in them. */
    public record Shard(Set<Integer> partitions, List<MonthlyClose.CustomerLines> customers) {
    }

    /**
     * The preview: {@code invoice} and its {@code evidence} (R26) are absent when the partner has no MONTHLY
     * customer at {@code at} (R24), or when it cannot be invoiced as things stand ({@code problems} says why).
     */
    public record Preview(String period, Instant at, Instant closeInstant, InvoiceIssued invoice,
            List<LineEvidence> evidence, List<String> problems) {
    }

    /** This instance's part for the calling partner. */
    public Shard local(String partnerId, Instant at) {
        return scatter.local((mine, include) -> new Shard(mine,
                MonthlyClose.partnerLines(partnerId, at, state, usage, include)));
    }

    public Preview preview(String partnerId, YearMonth period, Instant at, Instant closeInstant,
            String authorization) {
        String path = LINES_PATH + "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
        List<MonthlyClose.CustomerLines> lines = new ArrayList<>();
        scatter.gather(path, authorization, Shard.class, () -> local(partnerId, at), Shard::partitions)
                .forEach(s -> lines.addAll(s.customers()));
        MonthlyClose.Result result = MonthlyClose.assemble(period, at, lines, state, prices.load(), Instant.now());
        PartnerInvoice mine = result.invoices().stream().filter(i -> i.invoice().partnerId().equals(partnerId))
                .findFirst().orElse(null);
        return new Preview(period.toString(), at, closeInstant, mine == null ? null : mine.invoice(),
                mine == null ? List.of() : mine.evidence(), result.problems());
    }
}
