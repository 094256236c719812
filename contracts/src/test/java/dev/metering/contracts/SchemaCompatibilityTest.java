package dev.metering.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published schema file ({@code metering-event-schemas.json}) is the contract with consumers.
 * Removing or renaming an event type or field, changing a field's JSON kind, or dropping an enum constant
 * is a breaking change and fails here. Additions are fine but must be published: regenerate with
 * {@code ./mvnw -pl contracts test -Dcontracts.updateSchemas=true} and commit the file.
 */
class SchemaCompatibilityTest {

    static final String RESOURCE = "/metering-event-schemas.json";

    @Test
    void noPublishedTypeOrFieldIsRemovedRenamedOrRetyped() throws IOException {
        Map<String, Map<String, String>> current = EventSchemas.current();
        if (Boolean.getBoolean("contracts.updateSchemas")) {
            Path file = Path.of("src/main/resources", RESOURCE.substring(1));
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(current) + "\n");
        }
        Map<String, Map<String, String>> published = published();

        List<String> breaking = breakingChanges(published, current);

        assertThat(breaking).as("breaking changes against the published schema").isEmpty();
        assertThat(current).as("the schema file is out of date: regenerate it (see class javadoc)")
                .isEqualTo(published);
    }

    @Test
    void theCheckCatchesARemovedFieldARetypedFieldAndADroppedEnumConstant() throws IOException {
        Map<String, Map<String, String>> published = published();
        String type = "metering.telemetry.v1.device-heartbeat";
        Map<String, Map<String, String>> changed = new java.util.TreeMap<>(published);
        Map<String, String> fields = new java.util.TreeMap<>(published.get(type));
        fields.remove("userId");
        fields.put("hostname", "integer");
        fields.put("deviceKind", "enum:SERVER,WORKSTATION");
        changed.put(type, fields);

        assertThat(breakingChanges(published, changed)).hasSize(3);
        assertThat(breakingChanges(published, published)).isEmpty();
    }

    /** Read from the source tree (the module directory is the working directory of tests). */
    static Map<String, Map<String, String>> published() throws IOException {
        Path file = Path.of("src/main/resources", RESOURCE.substring(1));
        assertThat(file).as("the published schema file").exists();
        try (InputStream in = Files.newInputStream(file)) {
            return Json.mapper().readValue(in, new TypeReference<>() {
            });
        }
    }

    static List<String> breakingChanges(Map<String, Map<String, String>> published,
            Map<String, Map<String, String>> current) {
        List<String> out = new ArrayList<>();
        published.forEach((type, fields) -> {
            Map<String, String> now = current.get(type);
            if (now == null) {
                out.add("event type removed or renamed: " + type);
                return;
            }
            fields.forEach((field, kind) -> {
                String nowKind = now.get(field);
                if (nowKind == null) {
                    out.add(type + ": field removed or renamed: " + field);
                } else if (kind.startsWith("enum:") && nowKind.startsWith("enum:")) {
                    Set<String> was = new HashSet<>(Arrays.asList(kind.substring(5).split(",")));
                    Set<String> is = new HashSet<>(Arrays.asList(nowKind.substring(5).split(",")));
                    if (!is.containsAll(was)) {
                        out.add(type + ": enum constant removed from " + field);
                    }
                } else if (!kind.equals(nowKind)) {
                    out.add(type + ": " + field + " changed from " + kind + " to " + nowKind);
                }
            });
        });
        return out;
    }
}
