package dev.metering.portal.session.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Builds page links with query parameters (empty ones left out). */
public final class Links {

    private Links() {
    }

    public static String to(String path, String... keysAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null && !keysAndValues[i + 1].isBlank()) {
                params.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        if (params.isEmpty()) {
            return path;
        }
        StringJoiner query = new StringJoiner("&", path + "?", "");
        params.forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return query.toString();
    }
}
