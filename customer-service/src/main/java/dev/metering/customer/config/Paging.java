package dev.metering.customer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.metering.platform.error.ApiException;
import java.util.List;

/**
 * Page-number paging in the vendor Partner API's shape: {@code {"items": [...], "pages": {"current",
 * "size", "total", "items", "maxSize"}}}, {@code total} and {@code items} only when the caller asked
 * for {@code pageTotal=true}.
 */
public final class Paging {

    private Paging() {
    }

    public record Page<T>(List<T> items, Pages pages) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pages(int current, int size, Long total, Long items, int maxSize) {
    }

    /** A validated page request (1-based {@code page}). */
    public record Request(int page, int size, int maxSize) {

        public int offset() {
            return (page - 1) * size;
        }

        public <T> Page<T> page(List<T> items, Long totalItems) {
            Long totalPages = totalItems == null ? null : Math.max(1, (totalItems + size - 1) / size);
            return new Page<>(items, new Pages(page, size, totalPages, totalItems, maxSize));
        }
    }

    public static Request request(Integer page, Integer pageSize, CustomerServiceConfig config) {
        int p = page == null ? 1 : page;
        int s = pageSize == null ? config.defaultPageSize() : pageSize;
        if (p < 1) {
            throw ApiException.invalidField("page", "must be 1 or more", "page must be 1 or more");
        }
        if (s < 1 || s > config.maxPageSize()) {
            throw ApiException.invalidField("pageSize", "must be between 1 and " + config.maxPageSize(),
                    "pageSize must be between 1 and " + config.maxPageSize());
        }
        return new Request(p, s, config.maxPageSize());
    }
}
