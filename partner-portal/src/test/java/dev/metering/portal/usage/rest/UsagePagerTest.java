package dev.metering.portal.usage.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.portal.api.BillingApi;
import java.util.Collections;
import java.util.List;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;

/** The usage page's pager: where a page sits among all matching rows, and its links keep the search and sort. */
class UsagePagerTest {

    static BillingApi.UsagePage billing(int rowsOnPage, int totalRows) {
        BillingApi.Row row = new BillingApi.Row("c", "C", "MONTHLY", true, null, 0);
        return new BillingApi.UsagePage("p", "2026-12-01T00:00:00Z", null, List.of(),
                Collections.nCopies(rowsOnPage, row), row, 0, 100, totalRows);
    }

    @Test
    void aMiddlePageLinksToItsNeighboursKeepingTheSearchAndSort() {
        // given 1 000 matching rows, 100 a page, the third page
        UsagePage.Pager pager = UsagePage.pager(billing(100, 1000), 3, 100, "acme", null, "total", "desc", null);

        // then it shows rows 201-300 of 10 pages, and every link keeps q, sort and order
        assertThat(pager.from()).isEqualTo(201);
        assertThat(pager.to()).isEqualTo(300);
        assertThat(pager.pages()).isEqualTo(10);
        assertThat(pager.first()).isEqualTo("/usage?q=acme&sort=total&order=desc");
        assertThat(pager.previous()).isEqualTo("/usage?q=acme&sort=total&order=desc&page=2");
        assertThat(pager.next()).isEqualTo("/usage?q=acme&sort=total&order=desc&page=4");
        assertThat(pager.last()).isEqualTo("/usage?q=acme&sort=total&order=desc&page=10");
    }

    @Test
    void theEndsHaveNoLinkBeyondThemAndAnEmptySearchIsOnePage() {
        UsagePage.Pager last = UsagePage.pager(billing(7, 207), 3, 100, null, null, "name", "asc", "100");
        assertThat(last.next()).isNull();
        assertThat(last.last()).isNull();
        assertThat(last.from()).isEqualTo(201);
        assertThat(last.to()).isEqualTo(207);
        assertThat(last.previous()).isEqualTo("/usage?sort=name&order=asc&page=2&size=100");

        UsagePage.Pager none = UsagePage.pager(billing(0, 0), 1, 100, "nobody", null, "name", "asc", null);
        assertThat(none.pages()).isEqualTo(1);
        assertThat(none.from()).isZero();
        assertThat(none.first()).isNull();
        assertThat(none.next()).isNull();
    }

    @Test
    void aPageNumberOrSizeThatIsNotAWholeNumberInRangeIsABadRequest() {
        assertThat(UsagePage.number(null, "page", 1, Integer.MAX_VALUE, 1)).isEqualTo(1);
        assertThat(UsagePage.number(" 4 ", "page", 1, Integer.MAX_VALUE, 1)).isEqualTo(4);
        assertThatThrownBy(() -> UsagePage.number("0", "page", 1, Integer.MAX_VALUE, 1))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> UsagePage.number("zero", "page", 1, Integer.MAX_VALUE, 1))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> UsagePage.number("1001", "size", 1, 1000, 100))
                .isInstanceOf(BadRequestException.class);
        // a page far beyond the last does not overflow
        UsagePage.Pager far = UsagePage.pager(billing(0, 5), Integer.MAX_VALUE, 1000, null, null, "name", "asc",
                "1000");
        assertThat(far.to()).isEqualTo(5);
    }
}
