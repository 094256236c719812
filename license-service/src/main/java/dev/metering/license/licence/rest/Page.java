package dev.metering.license.licence.rest;

import java.util.List;

/** The vendor API's paged answer: {@code {"items": [...], "pages": {current, size, total, items, maxSize}}}. */
public record Page<T>(List<T> items, Pages pages) {

    public record Pages(int current, int size, Integer total, Long items, int maxSize) {
    }
}
