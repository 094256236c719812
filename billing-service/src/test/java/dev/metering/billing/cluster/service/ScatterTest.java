package dev.metering.billing.cluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.metering.billing.config.BillingConfig;
import dev.metering.contracts.Json;
import dev.metering.platform.error.ApiException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * R21 across instances: the owners' parts answer every partition exactly once, or the answer is a 503 to retry;
 * a peer whose part is unchanged answers 304 to the tag of the part held from it (R20's real-time rows). The peer
 * is a real HTTP server on a local port.
 */
class ScatterTest {

    /** A part as an owner answers it. */
    record Part(Set<Integer> partitions, String rows) {
    }

    @Nested
    class EveryPartitionExactlyOnce {

        @Test
        void givenPartsCoveringEveryPartitionOnce_whenChecked_thenTheyAreTheAnswer() {
            assertThatCode(() -> Scatter.coverEveryPartitionOnce(List.of(Set.of(0, 1), Set.of(2, 3)), 4))
                    .doesNotThrowAnyException();
        }

        @Test
        void givenAMissingPartition_whenChecked_thenA503NeverAPartialAnswer() {
            assertThatThrownBy(() -> Scatter.coverEveryPartitionOnce(List.of(Set.of(0, 1)), 4))
                    .isInstanceOf(ApiException.class).hasMessageContaining("only partitions [0, 1] of 4")
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(503);
        }

        @Test
        void givenAPartitionAnsweredTwice_whenChecked_thenA503NeverADoubleCount() {
            assertThatThrownBy(() -> Scatter.coverEveryPartitionOnce(List.of(Set.of(0, 1), Set.of(1, 2)), 3))
                    .isInstanceOf(ApiException.class).hasMessageContaining("partition 1 answered twice")
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(503);
        }
    }

    @Nested
    class AgainstAPeer {

        static final String TAG = "\"n-1\"";

        HttpServer peer;
        String peerUrl;
        /** The If-None-Match of each request the peer received ("" when absent). */
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile boolean peerAnswers304 = true;
        Scatter scatter;
        Ownership ownership;
        final Map<String, Scatter.Tagged<Part>> heldParts = new HashMap<>();
        final Scatter.PeerParts<Part> held = new Scatter.PeerParts<>() {
            @Override
            public Scatter.Tagged<Part> held(String url) {
                return heldParts.get(url);
            }

            @Override
            public void keep(String url, Scatter.Tagged<Part> part) {
                heldParts.put(url, part);
            }
        };

        @BeforeEach
        void start() throws IOException {
            peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            peer.createContext("/part", exchange -> {
                String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
                asked.add(ifNoneMatch == null ? "" : ifNoneMatch);
                if (peerAnswers304 && TAG.equals(ifNoneMatch)) {
                    exchange.getResponseHeaders().add("ETag", TAG);
                    exchange.sendResponseHeaders(304, -1);
                } else {
                    byte[] body = Json.mapper().writeValueAsBytes(new Part(Set.of(1), "peer rows"));
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.getResponseHeaders().add("ETag", TAG);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            peer.start();
            peerUrl = "http://127.0.0.1:" + peer.getAddress().getPort();
            BillingConfig config = config();
            ownership = new Ownership();
            scatter = new Scatter(ownership, new Peers(config), config);
        }

        @AfterEach
        void stop() {
            peer.stop(0);
        }

        /** Partition 0 here, partition 1 at the peer (or nobody), both settled. */
        void owners(Map<Integer, String> owners) {
            ownership.assigned(new Ownership.View(1, 2, owners, Set.of(0), true));
            ownership.settle(Set.of(0));
        }

        List<Part> gather(Scatter.PeerParts<Part> parts) {
            return scatter.gather("/part", "Bearer partner-token", Part.class, () -> new Part(Set.of(0), "my rows"),
                    Part::partitions, parts);
        }

        @Test
        void givenAPeerWhosePartIsUnchanged_whenAskedAgain_thenItAnswers304AndTheHeldPartIsUsed() {
            owners(Map.of(0, "http://me", 1, peerUrl));

            List<Part> first = gather(held);
            List<Part> second = gather(held);

            assertThat(asked).as("the second ask names the tag of the part held").containsExactly("", TAG);
            assertThat(second).isEqualTo(first)
                    .containsExactly(new Part(Set.of(0), "my rows"), new Part(Set.of(1), "peer rows"));
        }

        @Test
        void givenNoPartsKept_whenAskedAgain_thenThePeerSendsItsPartEachTime() {
            owners(Map.of(0, "http://me", 1, peerUrl));

            gather(null);
            gather(null);

            assertThat(asked).containsExactly("", "");
        }

        @Test
        void givenAPeerAnswering304ToACallerHoldingNothing_whenGathered_thenA503NeverAPartialAnswer() {
            owners(Map.of(0, "http://me", 1, peerUrl));
            heldParts.clear();
            Scatter.PeerParts<Part> forgetful = new Scatter.PeerParts<>() {
                @Override
                public Scatter.Tagged<Part> held(String url) {
                    return null;
                }

                @Override
                public void keep(String url, Scatter.Tagged<Part> part) {
                }
            };
            // a peer that (wrongly) answers 304 although the request named no tag
            peer.removeContext("/part");
            peer.createContext("/part", exchange -> {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
            });

            assertThatThrownBy(() -> gather(forgetful)).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status(), e -> ((ApiException) e).code())
                    .containsExactly(503, "partition-owner-unavailable");
        }

        @Test
        void givenAPartitionWithoutAnOwner_whenGathered_thenA503AndNoPeerIsAsked() {
            owners(Map.of(0, "http://me"));

            assertThatThrownBy(() -> gather(held)).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status(), e -> ((ApiException) e).code())
                    .containsExactly(503, "partitions-rebalancing");
            assertThat(asked).isEmpty();
        }
    }

    /** The consumer enabled (a cluster) and a short peer timeout; nothing else is read by Scatter and Peers. */
    static BillingConfig config() {
        BillingConfig.Consumer consumer = proxy(BillingConfig.Consumer.class, Map.of("enabled", true));
        BillingConfig.Cluster cluster = proxy(BillingConfig.Cluster.class, Map.of("peerTimeout", Duration.ofSeconds(5)));
        return proxy(BillingConfig.class, Map.of("consumer", consumer, "cluster", cluster));
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, method, args) -> {
            Object value = values.get(method.getName());
            if (value == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return value;
        });
    }
}
