package dev.metering.ingest.heartbeat.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written answer is byte for byte what Jackson data binding writes for {@link IngestResponse}. */
class IngestResponseJsonTest {

    static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void theDocumentedExampleIsWrittenLikeJackson() throws Exception {
        IngestResponse response = new IngestResponse(2, 1, List.of(
                new IngestResponse.ItemResult(0, "e-1", "accepted", null),
                new IngestResponse.ItemResult(1, "e-2", "rejected", "utm9-not-supported"),
                new IngestResponse.ItemResult(2, "e-3", "accepted", null)));
        assertThat(text(IngestResponseJson.write(response))).isEqualTo(
                "{\"accepted\":2,\"rejected\":1,\"results\":[{\"index\":0,\"eventId\":\"e-1\",\"status\":\"accepted\"},"
                        + "{\"index\":1,\"eventId\":\"e-2\",\"status\":\"rejected\",\"reason\":\"utm9-not-supported\"},"
                        + "{\"index\":2,\"eventId\":\"e-3\",\"status\":\"accepted\"}]}");
        assertThat(IngestResponseJson.write(response)).isEqualTo(JACKSON.writeValueAsBytes(response));
    }

    @Test
    void emptyAndNullParts() throws Exception {
        for (IngestResponse response : List.of(new IngestResponse(0, 0, List.of()),
                new IngestResponse(0, 1, List.of(new IngestResponse.ItemResult(0, null, "rejected", "malformed-item"))),
                new IngestResponse(0, 0, null))) {
            assertThat(text(IngestResponseJson.write(response))).isEqualTo(JACKSON.writeValueAsString(response));
        }
    }

    @Test
    void randomAnswersWithAnyEventIdMatchJackson() throws Exception {
        Random random = new Random(11);
        String[] odd = { "\"", "\\", "\t", "\n", "\u0001", "\u001f", "\u007f", "\u0080", "ü", "€", "😀", "/", "\u2028",
                "<", "&" };
        for (int b = 0; b < 300; b++) {
            int n = random.nextInt(b % 10 == 0 ? 3000 : 40);
            List<IngestResponse.ItemResult> results = new ArrayList<>();
            int accepted = 0;
            for (int i = 0; i < n; i++) {
                String id = null;
                if (random.nextInt(10) > 0) {
                    StringBuilder sb = new StringBuilder();
                    int len = 1 + random.nextInt(40);
                    for (int c = 0; c < len; c++) {
                        sb.append(random.nextInt(20) == 0 ? odd[random.nextInt(odd.length)]
                                : String.valueOf((char) ('a' + random.nextInt(26))));
                    }
                    id = sb.toString();
                }
                boolean ok = random.nextBoolean();
                accepted += ok ? 1 : 0;
                results.add(new IngestResponse.ItemResult(i, id, ok ? "accepted" : "rejected",
                        ok ? null : "missing-field:deviceId"));
            }
            IngestResponse response = new IngestResponse(accepted, n - accepted, results);
            assertThat(text(IngestResponseJson.write(response))).isEqualTo(JACKSON.writeValueAsString(response));
            assertThat(JACKSON.readValue(IngestResponseJson.write(response), IngestResponse.class)).isEqualTo(response);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
